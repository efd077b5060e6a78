package ptecheck.explore;

import java.util.ArrayList;
import java.util.List;
import ptecheck.explore.reduce.SymmetryReduction;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.Counterexample;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.TransitionAnalysis;
import ptecheck.ts.TransitionSystem;

/**
 * Builds the counterexamples of a search, whatever its order, from the store's record of how
 * each state was first reached ({@link PathRebuilder}): a violated property, a failing step, a
 * deadlock, a state from which the kernel can never finish, and the witnesses of a
 * whole-search analysis. The path is the one the store recorded: shortest after a breadth-first
 * search, the search tree's after another.
 */
final class Counterexamples {
    static final String DEADLOCK_TEXT = "no transition is enabled and the state is not terminal";
    static final String STUCK_TEXT = "from this state the kernel processes can never all finish "
            + "(a process waits forever, or they loop), although other transitions remain enabled";

    private final TransitionSystem ts;
    private final StateStore store;
    private final SymmetryReduction symmetry;

    /** @param symmetry the reduction whose representatives the store holds, or null */
    Counterexamples(TransitionSystem ts, StateStore store, SymmetryReduction symmetry) {
        this.ts = ts;
        this.store = store;
        this.symmetry = symmetry;
    }

    /** The first property {@code state} violates, or null. */
    static StateProperty firstViolated(StateProperty[] properties, int[] state) {
        for (StateProperty p : properties) {
            if (!p.holds(state)) {
                return p;
            }
        }
        return null;
    }

    /** Stored state {@code id} violates {@code p}. */
    Counterexample violation(int id, StateProperty p) {
        PathRebuilder.Path path = rebuilder().rebuild(id);
        // A deadlock found by a property (a lock cycle) is explained like one found by search.
        List<String> blocked = p.kind() == StateProperty.Kind.DEADLOCK ? ts.describeBlocked(last(path)) : List.of();
        return new Counterexample(p.name(), p.kind(), p.where(), p.text(), "", path.states(), path.groups(), -1,
                blocked);
    }

    /** Firing {@code group} on stored state {@code id} threw {@code failure}. */
    Counterexample failure(int id, int group, StepFailure failure) {
        PathRebuilder rebuilder = rebuilder();
        PathRebuilder.Path path = rebuilder.rebuild(id);
        rebuilder.verifyFailure(last(path), group, path.groups().size() + 1);
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return new Counterexample(failure.property(), StateProperty.Kind.ASSERTION, failure.where(),
                ts.group(group).text(), message, path.states(), path.groups(), group, List.of());
    }

    /** Stored state {@code id} has no successor and is not terminal. */
    Counterexample deadlock(int id) {
        return blocked(id, DEADLOCK_TEXT);
    }

    /**
     * From stored state {@code id} no terminal state can be reached (the progress check): the
     * path to it, then on to a cycle the processes can repeat forever, as a lasso (the liveness
     * property "the kernel processes eventually all finish", checked on the graph the search
     * built). Without {@code options} (or when the memory bound stops the look for the
     * cycle), the path ends at the state.
     */
    Counterexample stuck(int id, SearchOptions options) {
        Counterexample path = blocked(id, STUCK_TEXT);
        LivenessSearch.Lasso cycle = options == null ? null : LivenessSearch.cycleFrom(ts, options, path.last());
        if (cycle == null) {
            return path;
        }
        List<int[]> states = new ArrayList<>(path.states());
        states.addAll(cycle.states().subList(1, cycle.states().size()));
        List<Integer> groups = new ArrayList<>(path.groups());
        groups.addAll(cycle.groups());
        return new Counterexample(Counterexample.DEADLOCK, StateProperty.Kind.DEADLOCK, SourceRef.NONE, STUCK_TEXT, "",
                states, groups, -1, ts.describeBlocked(states.get(states.size() - 1)),
                path.states().size() - 1 + cycle.loop());
    }

    private Counterexample blocked(int id, String text) {
        PathRebuilder.Path path = rebuilder().rebuild(id);
        return new Counterexample(Counterexample.DEADLOCK, StateProperty.Kind.DEADLOCK, SourceRef.NONE, text, "",
                path.states(), path.groups(), -1, ts.describeBlocked(last(path)));
    }

    /**
     * The first finding of the whole-search analyses not in {@code ignored}, as a violation with
     * one trace per witness; null when there is none.
     */
    SearchResult firstFinding(List<TransitionAnalysis> analyses, java.util.Set<String> ignored,
                              java.util.function.Supplier<Stats> stats) {
        for (TransitionAnalysis a : analyses) {
            for (TransitionAnalysis.Finding f : a.findings()) {
                if (ignored.contains(f.property())) {
                    continue;
                }
                Stats s = stats.get();
                List<Counterexample> traces = new ArrayList<>();
                for (TransitionAnalysis.Witness w : f.witnesses()) {
                    traces.add(witness(f, w));
                }
                return new SearchResult(Outcome.VIOLATION, s, traces.get(0), traces);
            }
        }
        return null;
    }

    /** The path to the witness's source state, extended by the witnessed transition. */
    private Counterexample witness(TransitionAnalysis.Finding f, TransitionAnalysis.Witness w) {
        PathRebuilder.Path path = rebuilder().rebuild(w.sourceId());
        List<int[]> states = new ArrayList<>(path.states());
        List<Integer> groups = new ArrayList<>(path.groups());
        int[][] next = new int[1][];
        ts.stepper().next(w.group(), last(path), (g, s) -> {
            if (next[0] == null) {
                next[0] = s.clone();
            }
        });
        states.add(next[0]);
        groups.add(w.group());
        return new Counterexample(f.property(), StateProperty.Kind.LOCK_ORDER, SourceRef.NONE, w.label(),
                f.message(), states, groups, -1, List.of());
    }

    private PathRebuilder rebuilder() {
        if (symmetry == null) {
            return new PathRebuilder(ts, store);
        }
        SymmetryReduction.Scratch sc = symmetry.newScratch();
        return new PathRebuilder(ts, store, s -> {
            int[] r = new int[s.length];
            symmetry.canonicalize(s, r, sc);
            return r;
        });
    }

    private static int[] last(PathRebuilder.Path path) {
        return path.states().get(path.states().size() - 1);
    }
}
