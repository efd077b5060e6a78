package ptecheck.explore.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ptecheck.testutil.GuardedSystem.add;
import static ptecheck.testutil.GuardedSystem.cond;
import static ptecheck.testutil.GuardedSystem.set;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.ts.Counterexample;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.explore.StoreKind;
import ptecheck.testutil.GuardedSystem;
import ptecheck.testutil.WithSymmetry;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.Symmetry;
import ptecheck.ts.TransitionSystem;

class SymmetryReductionTest {
    private static final int N = 3;
    private static final int NONE = N;

    /**
     * {@code N} interchangeable processes, each with a counter {@code c_i} in 0..2 and a flag
     * {@code f_i}; "step i" counts up, "flag i" sets the flag once the counter is 2 and records
     * in {@code last} who flagged last ({@code N} for nobody yet). Slots: c_0, f_0, c_1, f_1, ...,
     * then last. Block i is (c_i, f_i); last is a value slot.
     */
    static TransitionSystem processes(StateProperty property) {
        GuardedSystem.Builder b = GuardedSystem.builder();
        for (int i = 0; i < N; i++) {
            b.slot("c" + i, 0, 2).slot("f" + i, 0, 1);
        }
        b.slot("last", 0, N);
        int[] init = new int[2 * N + 1];
        init[2 * N] = NONE;
        b.initial(init);
        for (int i = 0; i < N; i++) {
            b.group("step " + i, List.of(cond("c" + i, "<", 2)), add("c" + i, 1));
            b.group("flag " + i, List.of(cond("c" + i, "==", 2), cond("f" + i, "==", 0)), set("f" + i, 1),
                    set("last", i));
        }
        if (property != null) {
            b.property(property);
        }
        int[][] blocks = new int[N][];
        int[] values = new int[N];
        for (int i = 0; i < N; i++) {
            blocks[i] = new int[] {2 * i, 2 * i + 1};
            values[i] = i;
        }
        return new WithSymmetry(b.build(), List.of(new Symmetry("PROC", blocks, values, new int[] {2 * N})));
    }

    /** Every reachable state, by a plain breadth-first search. */
    static Set<List<Integer>> reachable(TransitionSystem ts) {
        Set<List<Integer>> seen = new HashSet<>();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        ts.initialStates((g, s) -> {
            if (seen.add(list(s))) {
                queue.add(s.clone());
            }
        });
        Stepper stepper = ts.stepper();
        while (!queue.isEmpty()) {
            int[] s = queue.poll();
            for (int g = 0; g < ts.groupCount(); g++) {
                stepper.next(g, s, (gg, t) -> {
                    if (seen.add(list(t))) {
                        queue.add(t.clone());
                    }
                });
            }
        }
        return seen;
    }

    /** The smallest renaming of {@code s}, over all N! permutations: the exact representative. */
    static List<Integer> bruteForce(int[] s) {
        List<Integer> best = null;
        for (int[] p : permutations(N)) {
            int[] r = s.clone();
            for (int i = 0; i < N; i++) {
                r[2 * p[i]] = s[2 * i];
                r[2 * p[i] + 1] = s[2 * i + 1];
            }
            r[2 * N] = s[2 * N] == NONE ? NONE : p[s[2 * N]];
            List<Integer> l = list(r);
            if (best == null || compare(l, best) < 0) {
                best = l;
            }
        }
        return best;
    }

    @Test
    void everyMemberOfAClassGetsTheSameRepresentative() {
        TransitionSystem ts = processes(null);
        SymmetryReduction sym = new SymmetryReduction(ts.symmetries(), ts.layout().size());
        SymmetryReduction.Scratch sc = sym.newScratch();
        Set<List<Integer>> classes = new HashSet<>();
        Set<List<Integer>> representatives = new HashSet<>();
        for (List<Integer> l : reachable(ts)) {
            int[] s = l.stream().mapToInt(Integer::intValue).toArray();
            int[] r = new int[s.length];
            sym.canonicalize(s, r, sc);
            classes.add(bruteForce(s));
            representatives.add(list(r));
            assertEquals(bruteForce(s), bruteForce(r), "a representative stays in its class");
        }
        assertEquals(classes.size(), representatives.size());
    }

    @Test
    void theSearchStoresOneStatePerClass() {
        TransitionSystem ts = processes(null);
        Set<List<Integer>> all = reachable(ts);
        Set<List<Integer>> classes = new HashSet<>();
        for (List<Integer> l : all) {
            classes.add(bruteForce(l.stream().mapToInt(Integer::intValue).toArray()));
        }
        SearchResult off = new BfsSearch(ts, SearchOptions.defaults()).run();
        assertEquals(all.size(), off.stats().distinct());
        for (StoreKind store : StoreKind.values()) {
            for (int w = 1; w <= 2; w++) {
                for (boolean por : new boolean[] {false, true}) {
                    SearchResult on = new BfsSearch(ts, SearchOptions.defaults().withSymmetry(true).withStore(store)
                            .withWorkers(w).withPartialOrder(por).withBitstate(24, 3)).run();
                    assertEquals(Outcome.PASS, on.outcome());
                    if (!por) {
                        assertEquals(classes.size(), on.stats().distinct(), store + " x" + w);
                    } else {
                        assertTrue(on.stats().distinct() <= classes.size(), store + " x" + w + " por");
                    }
                }
            }
        }
        // Per process (c, f) is one of (0,0) (1,0) (2,0) (2,1); with k processes flagged, "last"
        // names one of them: 27 + 3*9*1 + 3*3*2 + 1*1*3 = 75 states, in 20 classes.
        assertEquals(75, all.size());
        assertEquals(20, classes.size());
    }

    @Test
    void symmetryKeepsTracesOnTheStatesActuallyReached() {
        // Violated once two processes have flagged. With symmetry the search may store the
        // class representative of a state in which process 0 flagged, yet the trace must be
        // a real run: the replay checks every step, and the last state must violate.
        StateProperty twoFlags = GuardedSystem.invariant("at_most_one_flag", GuardedSystem.slots(1, 3, 5),
                s -> s[1] + s[3] + s[5] < 2);
        TransitionSystem ts = processes(twoFlags);
        Counterexample off = new BfsSearch(ts, SearchOptions.defaults()).run().counterexample();
        for (int w = 1; w <= 2; w++) {
            Counterexample on = new BfsSearch(ts, SearchOptions.defaults().withSymmetry(true).withWorkers(w)
                    .withStore(StoreKind.FINGERPRINT)).run().counterexample();
            assertEquals("at_most_one_flag", on.property());
            assertEquals(off.length(), on.length());
            assertFalse(twoFlags.holds(on.last()));
            int[] first = on.states().get(0);
            assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, NONE}, first);
            Stepper stepper = ts.stepper();
            for (int i = 0; i < on.groups().size(); i++) {
                List<int[]> next = new ArrayList<>();
                stepper.next(on.groups().get(i), on.states().get(i), (g, t) -> next.add(t.clone()));
                assertArrayEquals(next.get(0), on.states().get(i + 1), "step " + (i + 1) + " is a real step");
            }
        }
    }

    @Test
    void withoutSymmetriesDeclaredNothingChanges() {
        TransitionSystem plain = ((WithSymmetry) processes(null)).inner();
        assertEquals(new BfsSearch(plain, SearchOptions.defaults()).run().stats().distinct(),
                new BfsSearch(plain, SearchOptions.defaults().withSymmetry(true)).run().stats().distinct());
    }

    private static List<Integer> list(int[] s) {
        List<Integer> l = new ArrayList<>();
        for (int v : s) {
            l.add(v);
        }
        return l;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] p, boolean[] used, int at, List<int[]> out) {
        if (at == p.length) {
            out.add(p.clone());
            return;
        }
        for (int v = 0; v < p.length; v++) {
            if (!used[v]) {
                used[v] = true;
                p[at] = v;
                permute(p, used, at + 1, out);
                used[v] = false;
            }
        }
    }

    @Test
    void permutationsAreAllThere() {
        assertEquals(6, permutations(3).size());
        assertTrue(Arrays.equals(new int[] {0, 1, 2}, permutations(3).get(0)));
    }
}
