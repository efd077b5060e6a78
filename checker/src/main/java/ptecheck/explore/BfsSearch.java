package ptecheck.explore;

import java.util.List;
import ptecheck.explore.store.ExactStateStore;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionAnalysis;
import ptecheck.ts.TransitionSystem;

/**
 * Sequential breadth-first search over a {@link TransitionSystem}, storing states exactly.
 *
 * <p>Ids in the {@link ExactStateStore} follow insertion order, which in breadth-first order
 * is depth order, so the frontier is just the id range not yet expanded: no queue. Properties
 * are checked when a state is first stored.
 *
 * <p>Counterexamples are shortest, counting transitions (a failing step counts as one):
 * <ul>
 *   <li>States of depth {@code d + 1} are stored, and checked, while depth {@code d} is being
 *       expanded; all shallower states were checked earlier. A property violation there has
 *       length {@code d + 1}, and so has a {@link StepFailure} thrown from a depth-{@code d}
 *       state.
 *   <li>A deadlock at depth {@code d} only shows when that state is expanded, and it is
 *       shorter. So with deadlock checking on, a violation found while expanding depth
 *       {@code d} is held back until the level is done, and the rest of the level is only
 *       checked for deadlocks (with {@link Stepper#enabled}, storing nothing).
 * </ul>
 *
 * <p>The expansion loop allocates nothing per state: one state buffer, one stepper and one
 * sink (the run itself) serve the whole search.
 *
 * <p>A {@code BfsSearch} may be run more than once; each run starts from scratch.
 */
public final class BfsSearch implements Search {
    private final TransitionSystem ts;
    private final SearchOptions options;

    public BfsSearch(TransitionSystem ts, SearchOptions options) {
        this.ts = ts;
        this.options = options;
    }

    @Override
    public SearchResult run() {
        return new Run().execute();
    }

    private static final String DEADLOCK_TEXT = "no transition is enabled and the state is not terminal";

    /** A violation kept until it is known that no shorter one exists. */
    private record Finding(int stateId, StateProperty property, int failingGroup, StepFailure failure) {}

    /** The mutable state of one run; it is also the sink that receives every successor. */
    private final class Run implements SuccessorSink {
        private final ExactStateStore store = new ExactStateStore(ts.layout());
        private final Stepper stepper = ts.stepper();
        private final StateProperty[] properties = ts.properties().toArray(new StateProperty[0]);
        private final int groupCount = ts.groupCount();
        private final long maxStates = options.bounded() ? options.maxStates() : Long.MAX_VALUE;
        private final int[] current = new int[ts.layout().size()];
        private final List<TransitionAnalysis> analyses = ts.analyses();
        private final boolean[] watched = watched();
        private final long startNanos = System.nanoTime();

        private long generated;
        private int parentId = StateStore.NO_PARENT;
        private int successors;
        private boolean full;
        private boolean truncated;
        private Finding finding;
        private int depth;
        /** First id of the level after the one being expanded; none while storing initial states. */
        private int levelEnd = Integer.MAX_VALUE;

        SearchResult execute() {
            ts.initialStates(this);
            if (finding != null) {
                return violation(finding);
            }
            if (truncated) {
                return finish(Outcome.INCOMPLETE);
            }
            levelEnd = store.size();
            for (int id = 0; id < store.size(); id++) {
                if (id == levelEnd) {
                    if (finding != null) {
                        return violation(finding);
                    }
                    depth++;
                    levelEnd = store.size();
                }
                store.load(id, current);
                if (finding != null) {
                    if (!anyEnabled(current) && !ts.isTerminal(current)) {
                        return deadlock(id);
                    }
                    continue;
                }
                expand(id);
                if (truncated) {
                    return finish(Outcome.INCOMPLETE);
                }
                if (finding != null) {
                    if (!options.checkDeadlock()) {
                        return violation(finding);
                    }
                } else if (successors == 0 && options.checkDeadlock() && !ts.isTerminal(current)) {
                    return deadlock(id);
                }
            }
            if (finding != null) {
                return violation(finding);
            }
            if (options.checkDeadlock() && ts.expectsTermination()) {
                int stuck = TerminationCheck.firstStuck(ts, store);
                if (stuck >= 0) {
                    return stuck(stuck);
                }
            }
            return finish(Outcome.PASS);
        }

        /** Fires every group on {@code current}, stopping early at a finding or the bound. */
        private void expand(int id) {
            parentId = id;
            successors = 0;
            for (int g = 0; g < groupCount; g++) {
                try {
                    if (stepper.next(g, current, this) > 0 && watched[g]) {
                        for (TransitionAnalysis a : analyses) {
                            if (a.watches(g)) {
                                a.fired(id, current, g);
                            }
                        }
                    }
                } catch (StepFailure f) {
                    if (finding == null) {
                        finding = new Finding(id, null, g, f);
                    }
                }
                if (finding != null || truncated) {
                    return;
                }
            }
        }

        @Override
        public void accept(int group, int[] state) {
            generated++;
            successors++;
            if (finding != null || truncated) {
                return; // the rest of this firing only counts
            }
            if (full) {
                truncated = store.find(state) == StateStore.ABSENT;
                return;
            }
            int id = store.findOrPut(state, parentId, group);
            if (id == StateStore.ABSENT) {
                return;
            }
            if (store.size() >= maxStates) {
                full = true;
            }
            for (StateProperty p : properties) {
                if (!p.holds(state)) {
                    finding = new Finding(id, p, -1, null);
                    return;
                }
            }
        }

        private boolean anyEnabled(int[] state) {
            for (int g = 0; g < groupCount; g++) {
                try {
                    if (stepper.enabled(g, state)) {
                        return true;
                    }
                } catch (StepFailure f) {
                    return true; // a failing step is a transition, and not a shorter finding
                }
            }
            return false;
        }

        private SearchResult violation(Finding f) {
            Stats stats = stats();
            PathRebuilder rebuilder = new PathRebuilder(ts, store);
            PathRebuilder.Path path = rebuilder.rebuild(f.stateId());
            Counterexample cx;
            if (f.failure() != null) {
                StepFailure failure = f.failure();
                rebuilder.verifyFailure(last(path), f.failingGroup(), path.groups().size() + 1);
                String message = failure.getMessage() == null ? "" : failure.getMessage();
                cx = new Counterexample(failure.property(), StateProperty.Kind.ASSERTION, failure.where(),
                        ts.group(f.failingGroup()).text(), message, path.states(), path.groups(),
                        f.failingGroup(), List.of());
            } else {
                StateProperty p = f.property();
                // A deadlock found by a property (a lock cycle) is explained like one found by search.
                List<String> blocked = p.kind() == StateProperty.Kind.DEADLOCK ? ts.describeBlocked(last(path)) : List.of();
                cx = new Counterexample(p.name(), p.kind(), p.where(), p.text(), "", path.states(), path.groups(),
                        -1, blocked);
            }
            return new SearchResult(Outcome.VIOLATION, stats, cx);
        }

        private SearchResult deadlock(int id) {
            Stats stats = stats();
            PathRebuilder.Path path = new PathRebuilder(ts, store).rebuild(id);
            Counterexample cx = new Counterexample(Counterexample.DEADLOCK, StateProperty.Kind.DEADLOCK,
                    SourceRef.NONE, DEADLOCK_TEXT, "", path.states(), path.groups(), -1,
                    ts.describeBlocked(last(path)));
            return new SearchResult(Outcome.VIOLATION, stats, cx);
        }

        private static final String STUCK_TEXT = "from this state the kernel processes can never all finish "
                + "(a process waits forever, or they loop), although other transitions remain enabled";

        private SearchResult stuck(int id) {
            Stats stats = stats();
            PathRebuilder.Path path = new PathRebuilder(ts, store).rebuild(id);
            Counterexample cx = new Counterexample(Counterexample.DEADLOCK, StateProperty.Kind.DEADLOCK,
                    SourceRef.NONE, STUCK_TEXT, "", path.states(), path.groups(), -1, ts.describeBlocked(last(path)));
            return new SearchResult(Outcome.VIOLATION, stats, cx);
        }

        private boolean[] watched() {
            boolean[] w = new boolean[groupCount];
            for (TransitionAnalysis a : analyses) {
                for (int g = 0; g < groupCount; g++) {
                    w[g] |= a.watches(g);
                }
            }
            return w;
        }

        /**
         * A search that found nothing in any state can still end in a whole-search finding (a
         * lock-order inversion). Found facts stay true even when the search was cut short.
         */
        private SearchResult finish(Outcome outcome) {
            Stats stats = stats();
            for (TransitionAnalysis a : analyses) {
                for (TransitionAnalysis.Finding f : a.findings()) {
                    List<Counterexample> traces = new java.util.ArrayList<>();
                    PathRebuilder rebuilder = new PathRebuilder(ts, store);
                    for (TransitionAnalysis.Witness w : f.witnesses()) {
                        traces.add(witness(rebuilder, f, w));
                    }
                    return new SearchResult(Outcome.VIOLATION, stats, traces.get(0), traces);
                }
            }
            return new SearchResult(outcome, stats, null);
        }

        /** The path to the witness's source state, extended by the witnessed transition. */
        private Counterexample witness(PathRebuilder rebuilder, TransitionAnalysis.Finding f, TransitionAnalysis.Witness w) {
            PathRebuilder.Path path = rebuilder.rebuild(w.sourceId());
            List<int[]> states = new java.util.ArrayList<>(path.states());
            List<Integer> groups = new java.util.ArrayList<>(path.groups());
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

        /** Taken when the search stops, before any trace is rebuilt. */
        private Stats stats() {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            int deepest = depth + (store.size() > levelEnd ? 1 : 0);
            return new Stats(generated, store.size(), deepest, millis, store.bytesUsed());
        }

        private int[] last(PathRebuilder.Path path) {
            return path.states().get(path.states().size() - 1);
        }
    }
}
