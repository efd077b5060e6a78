package ptecheck.explore;

import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import ptecheck.explore.reduce.DependencyCheckingSystem;
import ptecheck.explore.reduce.SymmetryReduction;
import ptecheck.explore.store.Hashing;
import ptecheck.explore.store.MemoryBudget;
import ptecheck.explore.store.StatePacker;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionAnalysis;
import ptecheck.ts.TransitionSystem;

/**
 * Depth-first search on one thread, with an explicit stack of packed states: a state is stored
 * (and its parent recorded) when it is first generated, and the most recently generated state
 * is expanded next. It checks what the breadth-first search checks (properties, failing steps,
 * deadlocks, the progress check over the edges it fired, whole-search analyses) with any store,
 * and finds a violation deep in the state space sooner when there is one; the counterexample is
 * the path in the search tree, so it is not necessarily shortest.
 *
 * <p>Not supported: partial-order reduction (its provisos are checked against breadth-first
 * levels; {@link SearchPolicy} turns it off and says why) and more than one worker (the search
 * runs on one thread and reports one worker).
 *
 * <p>A {@code hashSeed} other than 0 and a group order are what a swarm member varies
 * ({@link SwarmSearch}): with a bitstate store, different seeds lose different states.
 */
final class DfsSearch implements Search {
    /** Expansions between two looks at the clock and at the stop request. */
    private static final int CHECK_EVERY = 1 << 12;

    private final TransitionSystem ts;
    private final SearchOptions options;
    private final long hashSeed;
    private final int[] groupOrder;
    private final BooleanSupplier stop;

    DfsSearch(TransitionSystem ts, SearchOptions options) {
        this(ts, options, 0, null, () -> false);
    }

    /**
     * @param hashSeed for a bitstate store: mixed into every state's hash; 0 leaves hashes as they are
     * @param groupOrder the order in which groups are fired, or null for their own order
     * @param stop polled while searching: true ends the search as incomplete ({@code "stopped"})
     */
    DfsSearch(TransitionSystem ts, SearchOptions options, long hashSeed, int[] groupOrder, BooleanSupplier stop) {
        this.ts = ts;
        this.options = options;
        this.hashSeed = hashSeed;
        this.groupOrder = groupOrder;
        this.stop = stop;
    }

    @Override
    public SearchResult run() {
        return new Run().execute();
    }

    /** The mutable state of one run. */
    private final class Run implements SuccessorSink {
        private final TransitionSystem sys = options.checkDependencies() ? new DependencyCheckingSystem(ts) : ts;
        private final List<TransitionAnalysis> analyses = ts.analyses();
        private final SymmetryReduction symmetry = SearchPolicy.symmetryFor(ts, options);
        private final SymmetryReduction.Scratch scratch = symmetry == null ? null : symmetry.newScratch();
        private final StateProperty[] properties = ts.properties().stream()
                .filter(p -> !options.ignored().contains(p.name())).toArray(StateProperty[]::new);
        private final int groupCount = ts.groupCount();
        private final int[] order = groupOrder != null ? groupOrder : identity(groupCount);
        private final boolean[] watched = new boolean[groupCount];
        private final StatePacker packer = new StatePacker(ts.layout());
        private final int words = packer.words();
        private final int stride = Math.max(1, words);
        private final MemoryBudget budget = new MemoryBudget(Stores.memoryLimit(options));
        private final TerminationCheck progressCheck = SearchPolicy.progressCheckRuns(ts, options)
                ? new TerminationCheck(1, budget) : null;
        private final EdgeLog edges = progressCheck == null ? null : progressCheck.log(0);
        private final StateStore store = Stores.create(options, packer, budget, progressCheck != null, hashSeed);
        private final Counterexamples cx = new Counterexamples(ts, store, symmetry);
        private final long maxStates = options.bounded() ? options.maxStates() : Long.MAX_VALUE;
        private final long startNanos = System.nanoTime();
        private final Stepper stepper = sys.stepper();
        private final int[] current = new int[ts.layout().size()];
        private final int[] representative = new int[ts.layout().size()];
        private final long[] packed = new long[stride];
        private final long[] key = new long[stride];

        // The stack: packed states as reached (not representatives), their ids and depths.
        private long[] stackStates = new long[0];
        private int[] stackIds = new int[0];
        private int[] stackDepths = new int[0];
        private int top;
        private long reserved;

        // The state being expanded.
        private int parentId;
        private int parentDepth;
        private int successorIndex;
        private int successors;
        /** A failing step of an ignored property fired from the state being expanded. */
        private boolean endsHere;
        private String stopReason = "";
        private long generated;
        private long expanded;
        private int deepest;
        private long lastReport = System.nanoTime();

        Run() {
            for (TransitionAnalysis a : analyses) {
                for (int g = 0; g < groupCount; g++) {
                    watched[g] |= a.watches(g);
                }
            }
        }

        SearchResult execute() {
            try {
                return search();
            } finally {
                release();
                if (options.progress() != null) {
                    options.progress().finished(snapshot());
                }
            }
        }

        private SearchResult search() {
            parentId = StateStore.NO_PARENT;
            parentDepth = -1;
            successorIndex = 0;
            ts.initialStates(this);
            if (!stopReason.isEmpty()) {
                return incomplete();
            }
            reverseFrom(0);
            while (top > 0) {
                if ((++expanded & (CHECK_EVERY - 1)) == 0 && interrupted()) {
                    return incomplete();
                }
                top--;
                int id = stackIds[top];
                int depth = stackDepths[top];
                packer.unpack(stackStates, top * stride, current);
                StateProperty violated = Counterexamples.firstViolated(properties, current);
                if (violated != null) {
                    Stats stats = stats(Outcome.VIOLATION);
                    return new SearchResult(Outcome.VIOLATION, stats, cx.violation(id, violated));
                }
                int mark = top;
                parentId = id;
                parentDepth = depth;
                successors = 0;
                endsHere = false;
                long entry = 0;
                if (edges != null) {
                    entry = edges.size();
                    if (!edges.add(0)) {
                        stopReason = "memory";
                        return incomplete();
                    }
                }
                for (int g : order) {
                    successorIndex = 0;
                    try {
                        int n = stepper.next(g, current, this);
                        if (n > 0 && watched[g]) {
                            for (TransitionAnalysis a : analyses) {
                                if (a.watches(g)) {
                                    a.fired(id, current, g);
                                }
                            }
                        }
                    } catch (StepFailure f) {
                        if (options.ignored().contains(f.property())) {
                            // Reported already (--continue): a transition that ends the run here.
                            successors++;
                            endsHere = true;
                            continue;
                        }
                        Stats stats = stats(Outcome.VIOLATION);
                        return new SearchResult(Outcome.VIOLATION, stats, cx.failure(id, g, f));
                    }
                    if (!stopReason.isEmpty()) {
                        return incomplete();
                    }
                }
                if (edges != null) {
                    int count = (int) (edges.size() - entry - 1);
                    edges.set(entry, endsHere || sys.isTerminal(current) ? ~count : count);
                    if (edges.full() || !progressCheck.addSpan(0, id, id + 1, entry)) {
                        stopReason = "memory";
                        return incomplete();
                    }
                }
                if (successors == 0 && options.checkDeadlock() && !sys.isTerminal(current)) {
                    Stats stats = stats(Outcome.VIOLATION);
                    return new SearchResult(Outcome.VIOLATION, stats, cx.deadlock(id));
                }
                // The first group's successors are expanded first.
                reverseFrom(mark);
            }
            return finish();
        }

        private SearchResult finish() {
            if (progressCheck != null) {
                int stuck = progressCheck.firstStuck(store.size());
                progressCheck.release();
                if (stuck == TerminationCheck.NO_MEMORY) {
                    stopReason = "memory";
                    return incomplete();
                }
                if (stuck >= 0) {
                    Stats stats = stats(Outcome.VIOLATION);
                    return new SearchResult(Outcome.VIOLATION, stats, cx.stuck(stuck, options));
                }
            }
            SearchResult found = cx.firstFinding(analyses, options.ignored(), () -> stats(Outcome.VIOLATION));
            if (found != null) {
                return found;
            }
            if (options.store().partial()) {
                stopReason = "bitstate";
                return incomplete();
            }
            return new SearchResult(Outcome.PASS, stats(Outcome.PASS), null);
        }

        /** A search cut short: the whole-search findings made so far still stand. */
        private SearchResult incomplete() {
            SearchResult found = cx.firstFinding(analyses, options.ignored(), () -> stats(Outcome.VIOLATION));
            return found != null ? found : new SearchResult(Outcome.INCOMPLETE, stats(Outcome.INCOMPLETE), null);
        }

        private boolean interrupted() {
            if (stop.getAsBoolean()) {
                stopReason = "stopped";
                return true;
            }
            if (options.progress() != null) {
                long now = System.nanoTime();
                if (now - lastReport >= options.progressMillis() * 1_000_000L) {
                    lastReport = now;
                    options.progress().progress(snapshot());
                }
            }
            return false;
        }

        @Override
        public void accept(int group, int[] state) {
            generated++;
            successors++;
            int k = successorIndex++;
            if (!stopReason.isEmpty()) {
                return;
            }
            packer.pack(state, packed, 0);
            long[] stored = packed;
            if (symmetry != null) {
                if (symmetry.canonicalize(state, representative, scratch)) {
                    packer.pack(representative, key, 0);
                    stored = key;
                }
            }
            long h = Hashing.hash(stored, 0, words);
            int id;
            if (store.size() >= maxStates) {
                if (!store.containsPacked(stored, 0, h)) {
                    stopReason = "max-states";
                    return;
                }
                id = StateStore.ABSENT;
            } else {
                id = store.findOrPutPacked(stored, 0, h, parentId, group, k);
            }
            if (id == StateStore.FULL) {
                stopReason = "memory";
                return;
            }
            if (id >= 0) {
                if (!push(id, parentDepth + 1)) {
                    stopReason = "memory";
                    return;
                }
            }
            if (edges != null) {
                int target = id >= 0 ? id : store.idOfPacked(stored, 0, h);
                if (target != parentId && !edges.add(target)) {
                    stopReason = "memory";
                }
            }
        }

        private boolean push(int id, int depth) {
            if (top == stackIds.length) {
                int length = Math.max(64, top * 2);
                long bytes = (8L * stride + 8) * (length - top);
                if (length > (Integer.MAX_VALUE - 16) / stride || !budget.tryReserve(bytes)) {
                    return false;
                }
                reserved += bytes;
                stackStates = Arrays.copyOf(stackStates, length * stride);
                stackIds = Arrays.copyOf(stackIds, length);
                stackDepths = Arrays.copyOf(stackDepths, length);
            }
            System.arraycopy(packed, 0, stackStates, top * stride, stride);
            stackIds[top] = id;
            stackDepths[top] = depth;
            top++;
            deepest = Math.max(deepest, depth);
            return true;
        }

        /** Reverses the stack entries from {@code from} to the top, so that the first pushed is expanded first. */
        private void reverseFrom(int from) {
            long[] tmp = new long[stride];
            for (int i = from, j = top - 1; i < j; i++, j--) {
                System.arraycopy(stackStates, i * stride, tmp, 0, stride);
                System.arraycopy(stackStates, j * stride, stackStates, i * stride, stride);
                System.arraycopy(tmp, 0, stackStates, j * stride, stride);
                int id = stackIds[i];
                stackIds[i] = stackIds[j];
                stackIds[j] = id;
                int d = stackDepths[i];
                stackDepths[i] = stackDepths[j];
                stackDepths[j] = d;
            }
        }

        private void release() {
            budget.release(reserved);
            reserved = 0;
        }

        private Stats stats(Outcome outcome) {
            return StoreStats.of(store, options, budget, outcome, generated, deepest, startNanos, 1, 0, stopReason);
        }

        private ProgressListener.Progress snapshot() {
            Runtime rt = Runtime.getRuntime();
            return new ProgressListener.Progress(store.size(), expanded, top, deepest, generated, budget.used(),
                    rt.totalMemory() - rt.freeMemory(), (System.nanoTime() - startNanos) / 1_000_000, 1);
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
