package ptecheck.testutil;

import static ptecheck.testutil.TinySystem.invariant;
import static ptecheck.testutil.TinySystem.when;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StepFailure;

/** The small systems shared by explorer and trace tests. */
public final class TinySystems {
    /** Where {@link #failingCounter} raises its failure. */
    public static final SourceRef FAILURE_AT = new SourceRef("tiny.ptm", 7, 3);

    private TinySystems() {}

    /**
     * Two counters {@code a, b} in {@code 0..max}, each with its own increment group; terminal
     * when both reach {@code max}. Every pair is reachable: {@code (max+1)^2} states, the last at
     * depth {@code 2 max}. Each state has one successor per counter below max, so the search
     * generates {@code 1 + 2 max (max+1)} states (the initial one included).
     */
    public static TinySystem counters(int max) {
        return TinySystem.builder()
                .slot("a", 0, max)
                .slot("b", 0, max)
                .initial(0, 0)
                .group("inc a", when(s -> s[0] < max, s -> s[0]++))
                .group("inc b", when(s -> s[1] < max, s -> s[1]++))
                .terminal(s -> s[0] == max && s[1] == max)
                .build();
    }

    /** One bit flipping forever, starting from both values (cf. Stateright's BinaryClock). */
    public static TinySystem binaryClock() {
        return TinySystem.builder()
                .slot("clock", 0, 1)
                .initial(0)
                .initial(1)
                .group("tick", when(s -> true, s -> s[0] = 1 - s[0]))
                .build();
    }

    /**
     * A directed graph over nodes {@code 0..nodes-1}, starting at node 0, with one group per
     * edge (in the given order, named {@code "a->b"}) and the invariant {@code not_bad}: node
     * {@code bad} is never reached. Nodes in {@code terminal} may have no outgoing edge; any
     * other node without one is a deadlock.
     */
    public static TinySystem graph(int nodes, int bad, Set<Integer> terminal, int[]... edges) {
        TinySystem.Builder b = TinySystem.builder()
                .slot("node", 0, nodes - 1)
                .initial(0)
                .property(invariant("not_bad", s -> s[0] != bad))
                .terminal(s -> terminal.contains(s[0]))
                .blocked(s -> List.of("node " + s[0] + " has no outgoing edge"));
        for (int[] e : edges) {
            b.group(e[0] + "->" + e[1], when(s -> s[0] == e[0], s -> s[0] = e[1]));
        }
        return b.build();
    }

    /**
     * Like {@link #graph} but with a single group {@code move} that has one successor per
     * outgoing edge: a nondeterministic group, so replay must pick the right successor.
     */
    public static TinySystem graphWithOneGroup(int nodes, int bad, int[]... edges) {
        return TinySystem.builder()
                .slot("node", 0, nodes - 1)
                .initial(0)
                .property(invariant("not_bad", s -> s[0] != bad))
                .terminal(s -> true)
                .group("move", (src, out) -> {
                    for (int[] e : edges) {
                        if (src[0] == e[0]) {
                            int[] next = src.clone();
                            next[0] = e[1];
                            out.accept(next);
                        }
                    }
                })
                .build();
    }

    /**
     * A counter {@code c} in {@code 0..max} whose group {@code inc} throws a
     * {@link StepFailure} named {@code overflow_check} when fired at {@code failAt}.
     */
    public static TinySystem failingCounter(int max, int failAt) {
        return TinySystem.builder()
                .slot("c", 0, max)
                .initial(0)
                .group("inc", (src, out) -> {
                    if (src[0] == failAt) {
                        throw new StepFailure("overflow_check", "counter reached " + failAt, FAILURE_AT);
                    }
                    if (src[0] < max) {
                        int[] next = src.clone();
                        next[0]++;
                        out.accept(next);
                    }
                })
                .terminal(s -> s[0] == max)
                .build();
    }

    /** A counter {@code c} that stops at {@code max}; {@code max} is terminal only if so asked. */
    public static TinySystem stoppingCounter(int max, boolean maxIsTerminal) {
        return TinySystem.builder()
                .slot("c", 0, max)
                .initial(0)
                .group("inc", when(s -> s[0] < max, s -> s[0]++))
                .terminal(s -> maxIsTerminal && s[0] == max)
                .blocked(s -> List.of("inc waits for c < " + max))
                .build();
    }

    /**
     * Moves from node 0 to node 1 on its first firing and to node 2 on every later one, so
     * the path to node 1 cannot be replayed. Node 1 violates {@code not_one}.
     */
    public static TinySystem nondeterministic() {
        AtomicInteger firings = new AtomicInteger();
        return TinySystem.builder()
                .slot("node", 0, 2)
                .initial(0)
                .property(invariant("not_one", s -> s[0] != 1))
                .terminal(s -> true)
                .group("flaky", when(s -> s[0] == 0, s -> s[0] = firings.getAndIncrement() == 0 ? 1 : 2))
                .build();
    }
}
