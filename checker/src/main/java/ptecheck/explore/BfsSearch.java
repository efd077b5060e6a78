package ptecheck.explore;

import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import ptecheck.explore.reduce.DependencyCheckingSystem;
import ptecheck.explore.reduce.PartialOrderReduction;
import ptecheck.explore.reduce.SymmetryReduction;
import ptecheck.explore.store.CheckpointException;
import ptecheck.explore.store.CheckpointIn;
import ptecheck.explore.store.CheckpointOut;
import ptecheck.explore.store.Hashing;
import ptecheck.explore.store.LosslessStore;
import ptecheck.explore.store.MemoryBudget;
import ptecheck.explore.store.PackingCode;
import ptecheck.explore.store.StatePacker;
import ptecheck.explore.store.StateQueue;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.Counterexample;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionAnalysis;
import ptecheck.ts.TransitionSystem;

/**
 * Level-synchronised breadth-first search over a {@link TransitionSystem}, on one or more
 * threads, with any {@link StoreKind}. The result, counterexample included, does not depend on
 * the number of workers: a search with 8 workers stores the same states under the same ids,
 * with the same parents, as a search with one.
 *
 * <p>Each breadth-first level {@code d} is done in two phases:
 * <ol>
 *   <li><b>Expand</b> (all workers). The level's states, ids {@code [levelStart, levelEnd)}, are
 *       cut into chunks that workers claim in turn. A worker checks each state's properties,
 *       fires its groups, and for every successor the store does not know yet appends a record
 *       (parent id, group, successor index, packed state) to its own buffer. The store is only
 *       read in this phase, so no locks are needed.
 *   <li><b>Commit</b> (one thread). The records are added to the store chunk by chunk, in
 *       chunk order, which is the order a single worker would have produced them in: the first
 *       record of a state wins, duplicates within the level are dropped, and ids are handed out
 *       in that order. This is what makes the search deterministic. A lone worker has no
 *       records to commit: it adds each new state to the store as soon as its lookup has found
 *       it missing, in record order, which gives the same ids (see {@code insertsAsItGoes}).
 * </ol>
 * Workers share no mutable table while expanding, so there are no locks; the price is that
 * the commit is sequential. It does one store insertion per record, about an eighth of the
 * work of a one-worker run. On the bench's two cores, two workers run 1.3 to 1.9 times as fast
 * as one, depending on the machine's load, and the commit is 1.2 to 1.8 s of a change_pte_range
 * 3x3 search of 8 to 10 s. Committing chunks while later ones are expanded was tried, and was
 * slower (bench/RESULTS.md).
 *
 * <p>Two things keep a worker fast. A successor differs from the state being expanded only
 * in the slots its group may write, so it is packed from that state's packed form by
 * rewriting those slots ({@link StatePacker#repack}); the first firings of every group are
 * also packed in full and compared, so a front end that writes more than it declares is
 * caught rather than trusted. A successor equal to the state being expanded is dropped at
 * once (a third of all successors on the bench specs). Two small caches of whole keys
 * ({@link StateCache}: states the store has, and this worker's records of the level) answer
 * most of the rest without touching the store's large tables. The store lookups left are made
 * together, for the successors of several states at once, after touching where each will go
 * ({@link StateStore#touch}, then {@link StateStore#touchState}; for a store that must read
 * part of the state first, {@link StateStore#prepare} for all, then
 * {@link StateStore#touchPrepared}), so that their cache misses overlap; the commit does the
 * same in windows of records, and a worker touches where the next 16 states of its chunk will
 * be loaded from ({@link LosslessStore#touchLoad}) before loading them.
 *
 * <p>Counterexamples are shortest, counting transitions (a failing step counts as one), and the
 * first in breadth-first order among the shortest:
 * <ul>
 *   <li>A property violated by a state of depth {@code d} is found in the expand phase of level
 *       {@code d}: the violating state with the smallest id wins.
 *   <li>Otherwise a deadlock at depth {@code d} (same length) is reported, smallest id first.
 *   <li>A {@link StepFailure} while expanding depth {@code d} has length {@code d + 1}, as has a
 *       property violated at depth {@code d + 1}: the one that comes first in (parent id, group)
 *       order wins. So after a failure the commit stops at the failing firing, and the states
 *       committed before it are checked for properties before the failure is reported.
 * </ul>
 *
 * <p>When the progress check runs (deadlocks checked in a system with kernel processes, and a
 * store that knows ids), every edge fired is recorded as it is found ({@link TerminationCheck}):
 * a worker logs the id of a successor the store knows, and {@code ~position} of the record of a
 * new one; the commit writes each record's id over its key, and after the commit the level's
 * positions are replaced by ids. The check then walks the logged edges backwards from the
 * terminal states. Without the check nothing is logged.
 *
 * <p>The expand loop allocates nothing per state: every worker has one state buffer, one
 * stepper and one record buffer that grows by doubling and is reused from level to level.
 *
 * <p>A {@code BfsSearch} may be run more than once; each run starts from scratch. In a run that
 * ends with a violation, workers stop early in an order that depends on scheduling, so the
 * level in which that happens is left out of the {@code generated} count: the counts reported
 * do not depend on the number of workers either.
 *
 * <p>The store comes from {@link Stores}, the counterexamples from {@link Counterexamples},
 * what is checked and reduced from {@link SearchPolicy}, the statistics from {@link StoreStats}.
 */
public final class BfsSearch implements Search {
    private static final int MAX_GROUPS = 1 << 20;
    private static final int MAX_SUCCESSORS = 1 << 12;
    /** Firings per group and worker whose incremental packing is checked against a full one. */
    private static final int VERIFIED_FIRINGS = 64;
    /** Entries of each worker's cache of the records it made in the current level. */
    /** Bytes of keys in each of a worker's two {@link StateCache}s: L2-sized together. */
    private static final int CACHE_KEY_BYTES = 1 << 17;
    /** In a worker's pending records: the store is to be asked. */
    private static final int LOOK_UP = Integer.MIN_VALUE;
    /** In a worker's pending records: {@code RECORDED - p} for a state recorded at {@code p}. */
    private static final int RECORDED = -2;
    /** Edges of one state compared with each new one, so that an edge is logged once (progress check). */
    private static final int STATE_EDGES = 64;
    /**
     * Tentative records a worker gathers, over the states it expands, before it asks the store
     * about them together. Each lookup that misses the caches is a load from a table of hundreds
     * of MiB; issued together, their misses overlap.
     */
    private static final int FLUSH_BATCH = 64;
    /** States whose loads a worker touches together (a power of two). */
    private static final int LOAD_AHEAD = 16;
    /** Records whose store insertions are prepared together in the commit phase. */
    private static final int COMMIT_WINDOW = 16;

    private final TransitionSystem ts;
    private final SearchOptions options;
    /** Where and how often to checkpoint, and whether to go on from one; null for neither. */
    private final Checkpointing checkpointing;
    /** For tests: the queue's resident bytes and chunk size; 0 for the defaults. */
    private long queueResidentBytes;
    private int queueChunkLog2;

    public BfsSearch(TransitionSystem ts, SearchOptions options) {
        this(ts, options, null);
    }

    /** A search that writes checkpoints, or goes on from one, as {@code checkpointing} says (may be null). */
    public BfsSearch(TransitionSystem ts, SearchOptions options, Checkpointing checkpointing) {
        this.ts = ts;
        this.options = options;
        this.checkpointing = checkpointing;
    }

    /**
     * Generated packing code, by system: it depends only on the layout and the groups' write
     * sets. Generating it takes about 2 ms, and the JIT then compiles the new classes again;
     * many searches of one system over small state spaces (every configuration of the agreement
     * tests) paid both each time, a third of those tests' CPU time.
     */
    private static final java.util.Map<TransitionSystem, PackingCode> PACKING =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static PackingCode packingCode(TransitionSystem ts, StatePacker packer) {
        return PACKING.computeIfAbsent(ts, t -> {
            int[][] written = new int[t.groupCount()][];
            for (int g = 0; g < written.length; g++) {
                written[g] = packer.packedIndexes(t.dependencies().writes(g));
            }
            return new PackingCode(packer, written);
        });
    }

    /** For tests: a queue that spills past {@code residentBytes}, in chunks of {@code 2^chunkLog2} states. */
    BfsSearch spillingQueue(long residentBytes, int chunkLog2) {
        this.queueResidentBytes = residentBytes;
        this.queueChunkLog2 = chunkLog2;
        return this;
    }

    @Override
    public SearchResult run() {
        Run run = new Run();
        SearchResult result = runOnce(run);
        if (result.outcome() == Outcome.VIOLATION && SearchPolicy.partialOrderApplies(ts, options) && run.foundStuck) {
            // The reduction keeps the states from which the kernel can never finish, not their
            // distance: search again in full, so that the trace shown is a shortest one.
            BfsSearch full = new BfsSearch(ts, options.withPartialOrder(false));
            return runOnce(full.new Run());
        }
        return result;
    }

    private static SearchResult runOnce(Run run) {
        try {
            return run.execute();
        } finally {
            run.close();
        }
    }

    /** The mutable state of one run. */
    private final class Run {
        /** The violation found is the progress check's "can never finish", not a state's. */
        boolean foundStuck;
        private final TransitionSystem sys = options.checkDependencies() ? new DependencyCheckingSystem(ts) : ts;
        private final List<TransitionAnalysis> analyses = ts.analyses();
        /**
         * The progress check (can every state still reach a terminal one?) is not preserved by
         * partial-order reduction, which keeps only what reaches deadlocks, visible violations
         * and failing steps; nor is an analysis that does not say it is. The reduction is on
         * only where neither is asked for.
         */
        private final PartialOrderReduction por = SearchPolicy.partialOrderApplies(ts, options)
                ? new PartialOrderReduction(ts, SearchPolicy.progressCheckRuns(ts, options)) : null;
        private final boolean[] watched = watchedGroups();
        private final SymmetryReduction symmetry = SearchPolicy.symmetryFor(ts, options);
        private final StateProperty[] properties = ts.properties().stream()
                .filter(p -> !options.ignored().contains(p.name())).toArray(StateProperty[]::new);
        private final int groupCount = ts.groupCount();
        private final long maxStates = options.bounded() ? options.maxStates() : Long.MAX_VALUE;
        private long startNanos = System.nanoTime();
        private long lastCheckpoint = startNanos;
        /** The depth of the checkpoint this run went on from, -1 for none. */
        private int recoveredDepth = -1;
        private final StatePacker packer = new StatePacker(ts.layout());
        private final int words = packer.words();
        private final int stride = Math.max(1, words);
        /** Records: key, packed state, and with symmetry the packed representative after it. */
        private final int keyOffset;
        private final int recordLength;
        /** Unpacks states and packs successors from their parent's packed form, by generated code. */
        private final PackingCode packing;
        private final MemoryBudget budget = new MemoryBudget(Stores.memoryLimit(options));
        private final StateStore store;
        private final Counterexamples cx;
        /** The frontier when the store keeps no states; null when the store (exact, tree) is the frontier. */
        private final StateQueue queue;
        private final LosslessStore exact;
        /**
         * The edges of the explored graph, for the progress check; null when the check does not
         * run, and then nothing is recorded.
         */
        private final TerminationCheck progressCheck;
        private final Worker[] workers;
        /**
         * Whether the lone worker adds each new state to the store in its flush, right after the
         * lookup that found it missing (see {@link Worker#insert}), instead of recording it for
         * a commit: the slot and the state the lookup touched are still cached then, a record is
         * neither written nor read again, and the states after it find the level's new states
         * in the store instead of recording them again. The ids are those of the commit at the
         * level's end, which goes through the records in the same order. Once the level has
         * found something (a violation, a deadlock, a failing step), the worker records again,
         * and the chunks left are committed at the level's end, up to the finding. Not with a
         * frontier queue, a state bound or the progress check, whose level-end commits do more;
         * nor with partial-order reduction, whose provisos take a stored state for one of an
         * earlier level.
         */
        private final boolean insertsAsItGoes;
        /**
         * The distinct states to report, when the search stopped in an expand phase: the levels
         * expanded, not what a lone worker added to the store after them
         * ({@link #insertsAsItGoes}).
         */
        private int distinctAtStop = -1;
        private final Thread[] threads;
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile boolean shutdown;
        private volatile boolean abort;
        private Thread ticker;

        // The level being expanded, and how its chunks were shared out.
        private volatile int levelStart;
        private int levelEnd;
        private volatile int depth;
        private int deepest;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private int chunkSize;
        private int chunkCount;
        private int[] chunkWorker = new int[64];
        private int[] chunkFrom = new int[64];
        private int[] chunkTo = new int[64];
        /** With the progress check: where each chunk's entries start in its worker's edge log. */
        private long[] chunkEdges = new long[64];

        // What the expand phase of this level found, smallest first; MAX_VALUE when nothing.
        private final AtomicInteger minViolation = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger minDeadlock = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicLong minFailure = new AtomicLong(Long.MAX_VALUE);
        private volatile boolean outOfMemory;

        private long initialGenerated;
        /**
         * States generated by the levels expanded in full. A level in which something is found
         * is cut short in an order that depends on scheduling, so what it generated is not
         * reported: the counts of a run do not depend on the number of workers.
         */
        private long completeGenerated;
        private long completeReduced;
        /** The last level expanded was cut short by a finding or the memory bound. */
        private boolean levelCut;
        private final long[] commitHashes = new long[COMMIT_WINDOW];
        private final int[] commitAt = new int[COMMIT_WINDOW];
        /** Per record of the window, what {@link StateStore#prepare} returned (stores that prepare lookups). */
        private final long[] commitPrepared = new long[COMMIT_WINDOW];
        /** Keeps the touching loads of {@link #commit} from being optimised away. */
        private long commitSink;
        private String stopReason = "";

        Run() {
            if (groupCount >= MAX_GROUPS) {
                throw new IllegalArgumentException(groupCount + " transition groups: at most " + (MAX_GROUPS - 1)
                        + " are supported");
            }
            store = Stores.create(options, packer, budget, SearchPolicy.progressCheckRuns(ts, options));
            cx = new Counterexamples(ts, store, symmetry);
            exact = store instanceof LosslessStore e ? e : null;
            // With symmetry reduction the store holds representatives: the frontier keeps the
            // states actually reached.
            queue = exact != null && symmetry == null ? null : queueResidentBytes > 0
                    ? new StateQueue(packer, budget, null, queueResidentBytes, queueChunkLog2) : new StateQueue(packer, budget);
            if (checkpointing != null) {
                for (TransitionAnalysis a : analyses) {
                    if (!a.checkpointable()) {
                        throw new IllegalArgumentException("--checkpoint: the search's analysis "
                                + a.getClass().getSimpleName() + " cannot be checkpointed");
                    }
                }
            }
            packing = packingCode(ts, packer);
            keyOffset = symmetry == null ? 0 : words;
            recordLength = 1 + words + keyOffset;
            int n = options.workers();
            progressCheck = SearchPolicy.progressCheckRuns(ts, options) ? new TerminationCheck(n, budget) : null;
            insertsAsItGoes = n == 1 && queue == null && !options.bounded() && progressCheck == null && por == null;
            workers = new Worker[n];
            for (int i = 0; i < n; i++) {
                workers[i] = new Worker(i);
            }
            threads = new Thread[n - 1];
            start = n > 1 ? new CyclicBarrier(n) : null;
            end = n > 1 ? new CyclicBarrier(n) : null;
            for (int i = 1; i < n; i++) {
                Worker w = workers[i];
                Thread t = new Thread(() -> workerLoop(w), "ptecheck-worker-" + i);
                t.setDaemon(true);
                threads[i - 1] = t;
                t.start();
            }
            if (options.progress() != null) {
                ticker = new Thread(this::tick, "ptecheck-progress");
                ticker.setDaemon(true);
                ticker.start();
            }
        }

        SearchResult execute() {
            if (checkpointing != null && checkpointing.recover()) {
                recover();
            } else {
                boolean stopped = storeInitialStates();
                levelStart = 0;
                levelEnd = store.size();
                if (stopped) {
                    return stopEarly(levelStart, levelEnd, null);
                }
            }
            boolean truncated;
            while (levelStart < levelEnd) {
                if (checkpointDue()) {
                    writeCheckpoint();
                    if (depth == checkpointing.stopAfterLevel()) {
                        stopReason = "interrupted";
                        return finish(Outcome.INCOMPLETE);
                    }
                }
                completeGenerated = 0;
                completeReduced = 0;
                for (Worker w : workers) {
                    completeGenerated += w.generated;
                    completeReduced += w.reduced;
                }
                expandLevel();
                levelCut = foundInLevel();
                if (minViolation.get() != Integer.MAX_VALUE) {
                    int id = minViolation.get();
                    distinctAtStop = levelEnd;
                    return violation(id, firstViolated(load(id)));
                }
                if (minDeadlock.get() != Integer.MAX_VALUE) {
                    distinctAtStop = levelEnd;
                    return deadlock(minDeadlock.get());
                }
                Failure failure = firstFailure();
                if (outOfMemory) {
                    distinctAtStop = levelEnd;
                    stopReason = "memory";
                    return failure != null ? failure(failure) : finish(Outcome.INCOMPLETE);
                }
                long cut = failure == null ? Long.MAX_VALUE : record(failure.stateId(), failure.group(), MAX_SUCCESSORS - 1);
                int from = levelEnd;
                truncated = commit(cut);
                int to = store.size();
                if (to > from) {
                    deepest = depth + 1;
                }
                if (failure != null || truncated) {
                    return stopEarly(from, to, failure);
                }
                if (progressCheck != null && !recordLevelEdges()) {
                    stopReason = "memory";
                    return finish(Outcome.INCOMPLETE);
                }
                if (queue != null) {
                    queue.releaseBelow(levelEnd);
                }
                levelStart = from;
                levelEnd = to;
                depth++;
            }
            return finish(Outcome.PASS);
        }

        // ---- checkpoints ------------------------------------------------------------------

        /** At a level boundary: whether a checkpoint is to be written now. */
        private boolean checkpointDue() {
            if (checkpointing == null || checkpointing.intervalMillis() < 0 || depth == recoveredDepth) {
                return false;
            }
            return depth == checkpointing.stopAfterLevel()
                    || System.nanoTime() - lastCheckpoint >= checkpointing.intervalMillis() * 1_000_000;
        }

        private Checkpoint.Shape shape() {
            return new Checkpoint.Shape(words, groupCount, options.store().label() + (queue != null ? "+queue" : ""));
        }

        private void writeCheckpoint() {
            try {
                Checkpointing.Written w = Checkpoint.write(checkpointing, shape(), depth, store.size(), this::save);
                lastCheckpoint = System.nanoTime();
                if (checkpointing.written() != null) {
                    checkpointing.written().accept(w);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write the checkpoint in " + checkpointing.dir() + ": "
                        + e.getMessage(), e);
            }
        }

        /**
         * Everything a search needs to go on from the start of the current level: where it is,
         * its counts, the store, the queue, the progress check's edges and the analyses.
         */
        private void save(CheckpointOut out) throws java.io.IOException {
            out.writeInt(depth);
            out.writeInt(deepest);
            out.writeInt(levelStart);
            out.writeInt(levelEnd);
            long generated = 0;
            long reduced = 0;
            for (Worker w : workers) {
                generated += w.generated;
                reduced += w.reduced;
            }
            out.writeLong(initialGenerated);
            out.writeLong(generated);
            out.writeLong(reduced);
            out.writeLong((System.nanoTime() - startNanos) / 1_000_000);
            store.save(out);
            if (queue != null) {
                queue.save(out, levelStart);
            }
            out.writeBoolean(progressCheck != null);
            if (progressCheck != null) {
                progressCheck.save(out);
            }
            out.writeInt(analyses.size());
            for (TransitionAnalysis a : analyses) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                a.save(new java.io.DataOutputStream(bytes));
                out.writeBytes(bytes.toByteArray());
            }
        }

        /** Reads what {@link #save} wrote, in place of storing the initial states. */
        private void recover() {
            try (CheckpointIn in = Checkpoint.open(checkpointing, shape())) {
                depth = in.readInt();
                deepest = in.readInt();
                levelStart = in.readInt();
                levelEnd = in.readInt();
                in.check(depth >= 0 && deepest >= depth && deepest <= depth + 1 && levelStart >= 0
                        && levelEnd > levelStart, "level " + depth + " of states " + levelStart + ".." + levelEnd);
                initialGenerated = in.readLong();
                workers[0].generated = in.readLong();
                workers[0].reduced = in.readLong();
                startNanos -= in.readLong() * 1_000_000;
                store.restore(in);
                in.check(store.size() == levelEnd, "a store of " + store.size() + " states, level up to " + levelEnd);
                if (queue != null) {
                    if (!queue.restore(in)) {
                        throw in.outOfMemory(budget);
                    }
                    in.check(queue.end() == levelEnd, "a queue up to " + queue.end() + ", level up to " + levelEnd);
                }
                in.check(in.readBoolean() == (progressCheck != null), "progress check edges");
                if (progressCheck != null) {
                    progressCheck.restore(in, levelStart, levelEnd);
                }
                in.check(in.readInt() == analyses.size(), "analyses");
                for (TransitionAnalysis a : analyses) {
                    byte[] bytes = in.readBytes();
                    try {
                        a.restore(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)));
                    } catch (java.io.IOException e) {
                        in.check(false, "analysis " + a.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
                in.end();
                recoveredDepth = depth;
            } catch (java.io.IOException e) {
                throw new CheckpointException(checkpointing.file().toString(), "cannot read: " + e.getMessage(),
                        "check the file's permissions");
            }
        }

        /**
         * Ends a search cut short by a failing step or a bound: the states committed last, ids
         * {@code [from, to)}, have not had their properties checked yet, and a violation among
         * them comes first.
         */
        private SearchResult stopEarly(int from, int to, Failure failure) {
            if (queue != null) {
                to = Math.min(to, queue.end()); // the queue refused the last state stored: it cannot be read
            }
            int[] state = new int[ts.layout().size()];
            for (int id = from; id < to; id++) {
                loadInto(id, state);
                StateProperty p = firstViolated(state);
                if (p != null) {
                    return violation(id, p);
                }
            }
            return failure != null ? failure(failure) : finish(Outcome.INCOMPLETE);
        }

        /** Stores the initial states; true when a bound stopped it. */
        private boolean storeInitialStates() {
            long[] packed = new long[stride];
            long[] key = new long[stride];
            int[] representative = new int[ts.layout().size()];
            SymmetryReduction.Scratch sc = symmetry == null ? null : symmetry.newScratch();
            boolean[] stop = {false};
            int[] index = {0};
            ts.initialStates((g, s) -> {
                initialGenerated++;
                int k = index[0]++;
                if (stop[0]) {
                    return;
                }
                packer.pack(s, packed, 0);
                long[] stored = packed;
                if (symmetry != null) {
                    symmetry.canonicalize(s, representative, sc);
                    packer.pack(representative, key, 0);
                    stored = key;
                }
                long h = Hashing.hash(stored, 0, words);
                if (store.size() >= maxStates) {
                    if (!store.containsPacked(stored, 0, h)) {
                        stop[0] = true;
                        stopReason = "max-states";
                    }
                    return;
                }
                int id = store.findOrPutPacked(stored, 0, h, StateStore.NO_PARENT, SuccessorSink.INITIAL, k);
                if (id == StateStore.FULL || (id >= 0 && queue != null && !queue.append(packed, 0))) {
                    stop[0] = true;
                    stopReason = "memory";
                }
            });
            return stop[0];
        }

        // ---- phase 1: expand ---------------------------------------------------------------

        private void expandLevel() {
            int size = levelEnd - levelStart;
            int n = workers.length;
            chunkSize = Math.max(16, Math.min(4096, size / (n * 16)));
            chunkCount = (size + chunkSize - 1) / chunkSize;
            if (chunkWorker.length < chunkCount) {
                int length = Math.max(chunkCount, chunkWorker.length * 2);
                chunkWorker = new int[length];
                chunkFrom = new int[length];
                chunkTo = new int[length];
                chunkEdges = new long[length];
            }
            nextChunk.set(0);
            minViolation.set(Integer.MAX_VALUE);
            minDeadlock.set(Integer.MAX_VALUE);
            minFailure.set(Long.MAX_VALUE);
            for (Worker w : workers) {
                w.startLevel();
            }
            if (n == 1) {
                expandChunks(workers[0]);
            } else {
                await(start);
                expandChunks(workers[0]);
                await(end);
            }
            Throwable t = error.get();
            if (t != null) {
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(t);
            }
        }

        private void workerLoop(Worker w) {
            while (true) {
                await(start);
                if (shutdown) {
                    return;
                }
                expandChunks(w);
                await(end);
            }
        }

        private void expandChunks(Worker w) {
            try {
                int c;
                while (!abort && !outOfMemory && (c = nextChunk.getAndIncrement()) < chunkCount) {
                    chunkWorker[c] = w.index;
                    chunkFrom[c] = w.size;
                    if (w.edgeLog != null) {
                        chunkEdges[c] = w.edgeLog.size();
                    }
                    int first = levelStart + c * chunkSize;
                    int last = Math.min(levelEnd, first + chunkSize);
                    for (int id = first; id < last && !outOfMemory; id++) {
                        if (((id - first) & (LOAD_AHEAD - 1)) == 0) {
                            w.touchLoads(id, Math.min(last, id + LOAD_AHEAD));
                        }
                        w.process(id);
                    }
                    w.flushPending();
                    chunkTo[c] = w.size;
                    w.publish(last - first);
                }
            } catch (Throwable t) {
                error.compareAndSet(null, t);
                abort = true;
            }
        }

        private void await(CyclicBarrier barrier) {
            try {
                barrier.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("search interrupted", e);
            } catch (BrokenBarrierException e) {
                throw new IllegalStateException("search workers out of step", e);
            }
        }

        // ---- phase 2: commit ---------------------------------------------------------------

        /** Whether the expand phase of this level has found something, or run out of memory. */
        private boolean foundInLevel() {
            return minViolation.get() != Integer.MAX_VALUE || minDeadlock.get() != Integer.MAX_VALUE
                    || minFailure.get() != Long.MAX_VALUE || outOfMemory;
        }

        /**
         * Adds the level's records to the store in chunk order, skipping records after
         * {@code cut}. True when a bound stopped it.
         */
        private boolean commit(long cut) {
            long[] hashes = commitHashes;
            int[] at = commitAt;
            long[] prepared = commitPrepared;
            boolean prepares = store.preparesLookups();
            boolean edges = progressCheck != null;
            long touched = 0;
            for (int c = 0; c < chunkCount; c++) {
                Worker w = workers[chunkWorker[c]];
                long[] buf = w.buffer;
                long[] recordHashes = w.recordHashes;
                int r = chunkFrom[c];
                int end = chunkTo[c];
                int record = r / recordLength;
                while (r < end) {
                    // A window of records: touch where their insertions will go, then insert,
                    // so that the cache misses of the window overlap.
                    int n = 0;
                    for (; n < COMMIT_WINDOW && r < end; r += recordLength, record++) {
                        if (buf[r] > cut) {
                            continue;
                        }
                        at[n] = r;
                        hashes[n] = recordHashes[record];
                        if (prepares) {
                            prepared[n] = store.prepare(buf, r + 1 + keyOffset, hashes[n]);
                        } else {
                            touched += store.touch(hashes[n]);
                        }
                        n++;
                    }
                    if (prepares) {
                        for (int i = 0; i < n; i++) {
                            touched += store.touchPrepared(prepared[i]);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        int rec = at[i];
                        int keyAt = rec + 1 + keyOffset;
                        long h = hashes[i];
                        long meta = buf[rec];
                        if (store.size() >= maxStates) {
                            if (!store.containsPacked(buf, keyAt, h)) {
                                stopReason = "max-states";
                                return true;
                            }
                            if (edges) {
                                buf[rec] = store.idOfPacked(buf, keyAt, h);
                            }
                            continue;
                        }
                        int id = store.findOrPutPacked(buf, keyAt, h, (int) (meta >>> 32),
                                (int) (meta >>> 12) & (MAX_GROUPS - 1), (int) meta & (MAX_SUCCESSORS - 1));
                        if (id == StateStore.FULL || (id >= 0 && queue != null && !queue.append(buf, rec + 1))) {
                            stopReason = "memory";
                            return true;
                        }
                        if (edges) {
                            // The record's key is no longer needed: it becomes the state's id,
                            // which recordLevelEdges reads.
                            buf[rec] = id >= 0 ? id : store.idOfPacked(buf, keyAt, h);
                        }
                    }
                }
            }
            commitSink += touched;
            return false;
        }

        /**
         * After the commit of a level, with the progress check: replaces the edges to states
         * that were new when fired (logged as {@code ~position} of their record) by the ids the
         * commit gave them, and records which ids each worker expanded where. False when the
         * memory budget refuses.
         */
        private boolean recordLevelEdges() {
            for (int c = 0; c < chunkCount; c++) {
                Worker w = workers[chunkWorker[c]];
                EdgeLog log = w.edgeLog;
                if (log.full()) {
                    return false;
                }
                long[] buf = w.buffer;
                int first = levelStart + c * chunkSize;
                int last = Math.min(levelEnd, first + chunkSize);
                long p = chunkEdges[c];
                for (int id = first; id < last; id++) {
                    int entry = log.get(p++);
                    int k = entry < 0 ? ~entry : entry;
                    for (long end = p + k; p < end; p++) {
                        int t = log.get(p);
                        if (t < 0) {
                            log.set(p, (int) buf[~t]);
                        }
                    }
                }
                if (!progressCheck.addSpan(w.index, first, last, chunkEdges[c])) {
                    return false;
                }
            }
            return true;
        }

        // ---- findings ----------------------------------------------------------------------

        private record Failure(int stateId, int group, StepFailure failure) {}

        private Failure firstFailure() {
            long key = minFailure.get();
            if (key == Long.MAX_VALUE) {
                return null;
            }
            int id = (int) (key >>> 32);
            int group = (int) key;
            for (Worker w : workers) {
                if (w.failureKey == key) {
                    return new Failure(id, group, w.failure);
                }
            }
            throw new IllegalStateException("failure " + key + " lost");
        }

        private StateProperty firstViolated(int[] state) {
            return Counterexamples.firstViolated(properties, state);
        }

        private SearchResult violation(int id, StateProperty p) {
            Stats stats = stats(Outcome.VIOLATION);
            return new SearchResult(Outcome.VIOLATION, stats, cx.violation(id, p));
        }

        private SearchResult failure(Failure f) {
            Stats stats = stats(Outcome.VIOLATION);
            return new SearchResult(Outcome.VIOLATION, stats, cx.failure(f.stateId(), f.group(), f.failure()));
        }

        private SearchResult deadlock(int id) {
            Stats stats = stats(Outcome.VIOLATION);
            return new SearchResult(Outcome.VIOLATION, stats, cx.deadlock(id));
        }

        private boolean[] watchedGroups() {
            boolean[] w = new boolean[ts.groupCount()];
            for (TransitionAnalysis a : analyses) {
                for (int g = 0; g < w.length; g++) {
                    w[g] |= a.watches(g);
                }
            }
            return w;
        }

        /**
         * The end of a search without a violation in any state: the progress check (over the
         * edges the search fired, when it runs), then the whole-search findings, which stay true
         * even for a search cut short.
         */
        private SearchResult finish(Outcome outcome) {
            if (outcome == Outcome.PASS && progressCheck != null) {
                int stuck = progressCheck.firstStuck(store.size());
                progressCheck.release();
                if (stuck == TerminationCheck.NO_MEMORY) {
                    stopReason = "memory";
                    return finish(Outcome.INCOMPLETE);
                }
                if (stuck >= 0) {
                    foundStuck = true;
                    Stats stats = stats(Outcome.VIOLATION);
                    return new SearchResult(Outcome.VIOLATION, stats, cx.stuck(stuck, options));
                }
            }
            SearchResult found = cx.firstFinding(analyses, options.ignored(), () -> stats(Outcome.VIOLATION));
            if (found != null) {
                return found;
            }
            if (outcome == Outcome.PASS && options.store().partial()) {
                // Nothing found is not a proof: states may have been taken for visited ones.
                stopReason = "bitstate";
                outcome = Outcome.INCOMPLETE;
            }
            return new SearchResult(outcome, stats(outcome), null);
        }

        /**
         * Taken when the search stops, before any trace is rebuilt. A violation or a bound stops
         * a level part way, in an order that depends on scheduling: its generated states are left
         * out (see {@link #completeGenerated}).
         */
        private Stats stats(Outcome outcome) {
            long generated = initialGenerated;
            long reduced = 0;
            for (Worker w : workers) {
                generated += w.generated;
                reduced += w.reduced;
            }
            if (levelCut) {
                generated = initialGenerated + completeGenerated;
                reduced = completeReduced;
            }
            int distinct = distinctAtStop >= 0 ? distinctAtStop : store.size();
            return StoreStats.of(store, distinct, options, budget, outcome, generated, deepest, startNanos,
                    workers.length, reduced, stopReason);
        }

        private int[] load(int id) {
            int[] s = new int[ts.layout().size()];
            loadInto(id, s);
            return s;
        }

        private void loadPackedInto(int id, long[] dst) {
            if (queue != null) {
                queue.loadPacked(id, dst, 0);
            } else {
                exact.loadPacked(id, dst, 0);
            }
        }

        private void loadInto(int id, int[] dst) {
            if (queue != null) {
                queue.load(id, dst);
            } else {
                exact.load(id, dst);
            }
        }

        // ---- progress ----------------------------------------------------------------------

        private void tick() {
            try {
                while (!shutdown) {
                    Thread.sleep(Math.max(10, options.progressMillis()));
                    if (!shutdown) {
                        options.progress().progress(snapshot());
                    }
                }
            } catch (InterruptedException e) {
                // the search is over
            }
        }

        private ProgressListener.Progress snapshot() {
            long generated = initialGenerated;
            long expanded = 0;
            long inLevel = 0;
            for (Worker w : workers) {
                generated += w.publishedGenerated;
                expanded += w.publishedExpanded;
                inLevel += w.publishedLevel;
            }
            long distinct = store.size(); // read while another thread may add: approximate
            long queued = Math.max(0, distinct - levelStart - inLevel);
            Runtime rt = Runtime.getRuntime();
            return new ProgressListener.Progress(distinct, expanded, queued, depth, generated, budget.used(),
                    rt.totalMemory() - rt.freeMemory(), (System.nanoTime() - startNanos) / 1_000_000, workers.length);
        }

        void close() {
            shutdown = true;
            if (queue != null) {
                queue.close();
            }
            if (start != null) {
                try {
                    start.await(); // releases workers waiting for the next level
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (BrokenBarrierException e) {
                    // workers already gone
                }
            }
            if (ticker != null) {
                ticker.interrupt();
                try {
                    ticker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                options.progress().finished(snapshot());
            }
        }

        // ---- workers -----------------------------------------------------------------------

        /** Record key: parent id, group and successor index, in the order the records are made. */
        private long record(int parent, int group, int successor) {
            return ((long) parent << 32) | ((long) group << 12) | successor;
        }

        /** One exploring thread: expands states and is the sink of their successors. */
        private final class Worker implements SuccessorSink {
            final int index;
            final Stepper stepper = sys.stepper();
            final int[] current = new int[ts.layout().size()];
            final long[] packed = new long[stride];
            final long[] check = new long[stride];
            long[] pendingHash = new long[64];
            /**
             * Per pending record, what the caches said before the store was asked: a store id,
             * {@link #LOOK_UP}, or {@link #RECORDED} minus the position of this level's earlier
             * record of the state.
             */
            int[] pendingKnown = new int[64];
            final boolean prepares = store.preparesLookups();
            /** Per pending record the store looks up, what {@link StateStore#prepare} returned. */
            long[] pendingPrepared = new long[64];
            /** States the store has, with their ids (0 when the store has no ids). */
            final StateCache known = new StateCache(words, CACHE_KEY_BYTES);
            /** This level's records, with their positions in {@link #buffer}. */
            final StateCache recent = new StateCache(words, CACHE_KEY_BYTES);
            int pending;
            /** Where the first pending record is in {@link #buffer}. */
            int pendingFrom;
            /**
             * Whether the store is asked about the successors of several states at once. Not with
             * the progress check, whose edges are logged state by state; a state whose expansion
             * partial-order reduction cuts has its successors looked up on their own, for the
             * proviso.
             */
            final boolean deferFlush = progressCheck == null;
            /** Whether the flush under way adds new states to the store itself ({@link #insert}). */
            private boolean direct;
            /** Keeps the touching loads of {@link #flush} from being optimised away. */
            long sink;
            final int[] verified = new int[groupCount];
            /** The groups that may be enabled in the state being expanded (the stepper's index). */
            final int[] candidates = new int[groupCount];
            final long[] key = new long[stride];
            final int[] representative = new int[ts.layout().size()];
            final SymmetryReduction.Scratch symmetryScratch = symmetry == null ? null : symmetry.newScratch();
            long[] buffer = new long[0];
            /** The hash of each record's key, by the record's number in {@link #buffer}. */
            long[] recordHashes = new long[0];
            int size;
            long generated;
            long reduced;
            long expanded;
            long levelExpanded;
            volatile long publishedGenerated;
            volatile long publishedExpanded;
            volatile long publishedLevel;

            // Partial-order reduction: buffers, and what the reduced successors were like.
            private final PartialOrderReduction.Scratch reduction = por == null ? null : por.newScratch();
            private final long[] currentPacked = new long[stride];
            /** {@link Hashing#term} of each word of {@link #currentPacked}, and their sum, its hash. */
            private final long[] currentTerms = new long[stride];
            private long currentHash;
            private boolean proviso;
            private boolean sawOld;
            private boolean sawOther;
            /** A reduced successor not stored yet: it will be one level deeper. */
            private boolean sawNew;

            // The progress check: this worker's edges, where the entry of the state being
            // expanded is, and the last edge logged from it.
            final EdgeLog edgeLog;
            private long edgeEntry;
            /** The first edges logged from the state being expanded, to drop repeated ones. */
            private final int[] stateEdges = new int[STATE_EDGES];
            private int stateEdgeCount;

            // The state being expanded.
            private int parentId;
            private int successorIndex;
            private int successors;
            /** A failing step of an ignored property fired from the state being expanded. */
            private boolean endsHere;
            private boolean recording;

            // This level's findings.
            long failureKey = Long.MAX_VALUE;
            StepFailure failure;

            Worker(int index) {
                this.index = index;
                this.edgeLog = progressCheck == null ? null : progressCheck.log(index);
            }

            /** Touches where the states {@code [from, to)} will be loaded from (see {@link LosslessStore#touchLoad}). */
            void touchLoads(int from, int to) {
                if (queue == null) {
                    long touched = 0;
                    for (int id = from; id < to; id++) {
                        touched += exact.touchLoad(id);
                    }
                    sink += touched;
                }
            }

            /** Asks the store about the records still pending; at the end of a chunk. */
            void flushPending() {
                flush(pendingFrom);
            }

            void startLevel() {
                size = 0;
                recent.clear();
                failureKey = Long.MAX_VALUE;
                failure = null;
                levelExpanded = 0;
                publishedLevel = 0;
            }

            void publish(int states) {
                expanded += states;
                levelExpanded += states;
                publishedExpanded = expanded;
                publishedLevel = levelExpanded;
                publishedGenerated = generated;
            }

            void process(int id) {
                int violation = minViolation.get();
                if (id > violation) {
                    return; // a violation with a smaller id wins whatever happens here
                }
                loadPackedInto(id, currentPacked);
                packing.unpack(currentPacked, 0, current);
                long h = 0;
                for (int w = 0; w < words; w++) {
                    long t = Hashing.term(w, currentPacked[w]);
                    currentTerms[w] = t;
                    h += t;
                }
                currentHash = h;
                for (StateProperty p : properties) {
                    if (!p.holds(current)) {
                        minViolation.accumulateAndGet(id, Math::min);
                        return;
                    }
                }
                if (violation != Integer.MAX_VALUE) {
                    return; // only a smaller violation could matter, and this state has none
                }
                int deadlock = minDeadlock.get();
                if (deadlock < id) {
                    return; // a deadlock with a smaller id wins over anything found here
                }
                long failed = minFailure.get();
                if (deadlock != Integer.MAX_VALUE || id > (int) (failed >>> 32)) {
                    // Successors are no longer needed: only a deadlock here could still matter.
                    if (options.checkDeadlock() && !anyEnabled() && !sys.isTerminal(current)) {
                        minDeadlock.accumulateAndGet(id, Math::min);
                    }
                    return;
                }
                expand(id);
            }

            private void expand(int id) {
                if (edgeLog == null) {
                    expandGroups(id);
                    return;
                }
                // The state's entry: its number of edges, written once they are known.
                edgeEntry = edgeLog.size();
                stateEdgeCount = 0;
                if (!edgeLog.add(0)) {
                    outOfMemory = true;
                    return;
                }
                endsHere = false;
                expandGroups(id);
                if (!edgeLog.full()) {
                    int count = (int) (edgeLog.size() - edgeEntry - 1);
                    edgeLog.set(edgeEntry, endsHere || sys.isTerminal(current) ? ~count : count);
                }
            }

            /** Logs an edge to a state id, or to {@code ~position} of a record of this level. */
            private void edge(int target) {
                if (target == parentId) {
                    return; // a self-loop never helps to finish
                }
                int n = stateEdgeCount;
                for (int i = 0; i < n; i++) {
                    if (stateEdges[i] == target) {
                        return;
                    }
                }
                if (n < STATE_EDGES) {
                    stateEdges[n] = target;
                    stateEdgeCount = n + 1;
                }
                if (!edgeLog.add(target)) {
                    outOfMemory = true;
                }
            }

            private void expandGroups(int id) {
                parentId = id;
                successors = 0;
                recording = true;
                if (por != null) {
                    int n = por.reduce(current, stepper, reduction);
                    if (n != PartialOrderReduction.ALL) {
                        if (n > 0) {
                            // The proviso needs the store's answers for this state's successors
                            // alone: earlier states' pending records go first.
                            flush(pendingFrom);
                            int mark = size;
                            long generatedBefore = generated;
                            sawOld = false;
                            sawOther = false;
                            sawNew = false;
                            proviso = true;
                            for (int i = 0; i < n; i++) {
                                if (!fire(id, reduction.fire[i])) {
                                    proviso = false;
                                    flush(mark);
                                    return;
                                }
                            }
                            flush(mark);
                            proviso = false;
                            boolean keep = switch (por.proviso()) {
                                case NONE -> true;
                                case REACH_FULL -> sawNew;
                                case CYCLES -> !sawOld && sawOther;
                            };
                            if (keep) {
                                reduced++;
                                noSuccessors(id);
                                return;
                            }
                            // The proviso: a reduced successor closes a cycle (or there is none
                            // but the state itself), or none is new; so expand in full.
                            dropRecords(mark);
                            generated = generatedBefore;
                            successors = 0;
                            if (edgeLog != null) {
                                edgeLog.truncate(edgeEntry + 1);
                                stateEdgeCount = 0;
                            }
                        } else {
                            noSuccessors(id);
                            return;
                        }
                    }
                }
                if (pending == 0) {
                    pendingFrom = size;
                }
                int[] fired = candidates;
                int n = stepper.candidates(current, fired);
                for (int i = 0; i < n; i++) {
                    if (!fire(id, fired[i])) {
                        flush(pendingFrom);
                        return;
                    }
                }
                if (!deferFlush || pending >= FLUSH_BATCH) {
                    flush(pendingFrom);
                }
                noSuccessors(id);
            }

            /** Fires one group; false when it failed (recorded as a finding). */
            private boolean fire(int id, int g) {
                successorIndex = 0;
                try {
                    int n = stepper.next(g, current, this);
                    if (n > 0 && watched[g]) {
                        for (TransitionAnalysis a : analyses) {
                            if (a.watches(g)) {
                                synchronized (a) {
                                    a.fired(id, current, g);
                                }
                            }
                        }
                    }
                    return true;
                } catch (StepFailure f) {
                    if (options.ignored().contains(f.property())) {
                        // Reported already (--continue): a transition that ends the run here, so
                        // neither a deadlock nor a state that can never finish.
                        successors++;
                        endsHere = true;
                        return true;
                    }
                    long key = ((long) id << 32) | g;
                    if (key < failureKey) {
                        failureKey = key;
                        failure = f;
                    }
                    minFailure.accumulateAndGet(key, Math::min);
                    return false;
                }
            }

            private void noSuccessors(int id) {
                if (successors == 0 && options.checkDeadlock() && !sys.isTerminal(current)) {
                    minDeadlock.accumulateAndGet(id, Math::min);
                }
            }

            private boolean anyEnabled() {
                for (int g = 0; g < groupCount; g++) {
                    try {
                        if (stepper.enabled(g, current)) {
                            return true;
                        }
                    } catch (StepFailure f) {
                        return true; // a failing step is a transition
                    }
                }
                return false;
            }

            @Override
            public void accept(int group, int[] state) {
                generated++;
                successors++;
                int k = successorIndex++;
                if (!recording) {
                    return;
                }
                if (k >= MAX_SUCCESSORS) {
                    throw new IllegalStateException("group " + group + " has more than " + MAX_SUCCESSORS
                            + " successors from one state; not supported");
                }
                // Only the slots the group may write can differ from the state being expanded.
                System.arraycopy(currentPacked, 0, packed, 0, words);
                packing.repack(group, state, packed);
                if (verified[group] < VERIFIED_FIRINGS) {
                    verify(group, state);
                }
                // The hash is the parent's, updated for the words the step changed.
                long h = currentHash;
                boolean changed = false;
                for (int w = 0; w < words; w++) {
                    long v = packed[w];
                    if (v != currentPacked[w]) {
                        h += Hashing.term(w, v) - currentTerms[w];
                        changed = true;
                    }
                }
                if (!changed) {
                    // A step back to the state being expanded (a spin, a retry, a bit set that
                    // was set): the store has it, and neither an edge nor a proviso needs it.
                    return;
                }
                if (symmetry != null) {
                    if (symmetry.canonicalize(state, representative, symmetryScratch)) {
                        packer.pack(representative, key, 0);
                        h = Hashing.hash(key, 0, words);
                    } else {
                        System.arraycopy(packed, 0, key, 0, words);
                    }
                }
                if (proviso) {
                    sawOther = true; // a successor other than the state itself
                }
                // Appended tentatively: the store is asked about the successors of several states
                // at once (flush), so that their cache misses overlap.
                int length = recordLength;
                if (size + length > buffer.length && !grow(length)) {
                    recording = false;
                    outOfMemory = true;
                    return;
                }
                if (pending == pendingHash.length) {
                    pendingHash = java.util.Arrays.copyOf(pendingHash, pending * 2);
                }
                pendingHash[pending++] = h;
                buffer[size] = record(parentId, group, k);
                System.arraycopy(packed, 0, buffer, size + 1, words);
                if (symmetry != null) {
                    System.arraycopy(key, 0, buffer, size + 1 + words, words);
                }
                size += length;
            }

            /**
             * Drops the tentative records from {@code from} whose states the store knows, or
             * that repeat a record this worker made earlier in the level. The worker's caches
             * ({@link StateCache}) answer first; the store is asked about the rest together,
             * after touching where every lookup will go, so that their cache misses overlap.
             */
            private void flush(int from) {
                int n = pending;
                pending = 0;
                if (n == 0) {
                    return;
                }
                // A lone worker adds the new states now, in record order: the ids the level's
                // commit would have given. Not once this level has found something: its records
                // then wait for the level's commit, which stops at the finding (the cut).
                direct = insertsAsItGoes && failureKey == Long.MAX_VALUE && !foundInLevel();
                if (pendingKnown.length < n) {
                    pendingKnown = new int[pendingHash.length];
                    pendingPrepared = new long[pendingHash.length];
                }
                long touched = 0;
                for (int i = 0, r = from; i < n; i++, r += recordLength) {
                    long h = pendingHash[i];
                    int at = r + 1 + keyOffset;
                    int cached = known.find(h, buffer, at);
                    if (cached < 0) {
                        int earlier = recent.find(h, buffer, at);
                        if (earlier >= 0) {
                            cached = RECORDED - earlier;
                        } else {
                            cached = LOOK_UP;
                        }
                    }
                    pendingKnown[i] = cached;
                }
                // The table loads in a loop of their own, back to back, so that their misses
                // overlap; interleaved with the cache checks they overlapped less (about 3% of a
                // change_pte_range 3x3 search, bench/RESULTS.md).
                if (prepares) {
                    // The store reads part of each state to know where to look (a tree store's
                    // subtrees): that work first, then the touches back to back.
                    for (int i = 0, r = from; i < n; i++, r += recordLength) {
                        if (pendingKnown[i] == LOOK_UP) {
                            pendingPrepared[i] = store.prepare(buffer, r + 1 + keyOffset, pendingHash[i]);
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        if (pendingKnown[i] == LOOK_UP) {
                            touched += store.touchPrepared(pendingPrepared[i]);
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        if (pendingKnown[i] == LOOK_UP) {
                            touched += store.touch(pendingHash[i]);
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (pendingKnown[i] == LOOK_UP) {
                        touched += store.touchState(pendingHash[i]);
                    }
                }
                sink += touched;
                boolean edges = edgeLog != null;
                int write = from;
                for (int i = 0, r = from; i < n; i++, r += recordLength) {
                    long h = pendingHash[i];
                    int at = r + 1 + keyOffset;
                    int known = pendingKnown[i];
                    if (known == LOOK_UP) {
                        // A record made earlier in this flush is not in the store either.
                        int earlier = recent.find(h, buffer, at);
                        if (earlier >= 0) {
                            known = RECORDED - earlier;
                        } else {
                            // With the progress check, the lookup gives the id, for the edge.
                            known = edges ? store.idOfPacked(buffer, at, h)
                                    : (prepares ? store.containsPrepared(buffer, at, h, pendingPrepared[i])
                                            : store.containsPacked(buffer, at, h)) ? 0 : StateStore.ABSENT;
                            if (known != StateStore.ABSENT) {
                                this.known.put(h, buffer, at, known);
                            }
                        }
                    }
                    if (known >= 0) {
                        if (proviso && !samePacked(r + 1)) {
                            sawOld = true; // stored before this level: depth at most this state's
                        }
                        if (edges) {
                            edge(known);
                        }
                        continue;
                    }
                    if (known != StateStore.ABSENT) {
                        // Recorded already by this worker in this level, from an earlier parent
                        // or group: that record comes first in commit order, so this one can go.
                        if (edges) {
                            edge(~(RECORDED - known));
                        }
                        sawNew = true;
                        continue;
                    }
                    if (direct) {
                        insert(r, at, h);
                        continue;
                    }
                    if (edges) {
                        edge(~write);
                    }
                    sawNew = true;
                    if (write != r) {
                        System.arraycopy(buffer, r, buffer, write, recordLength);
                    }
                    recent.put(h, buffer, write + 1 + keyOffset, write);
                    recordHashes[write / recordLength] = h;
                    write += recordLength;
                }
                size = write;
            }

            /**
             * Adds the state of the record at {@code r} (its key at {@code at}) to the store, which
             * had no such state when the flush touched its slot: a lone worker's insertion in
             * place of a record and its commit, so the slot and the state are read once, not
             * again at the commit.
             */
            private void insert(int r, int at, long h) {
                long meta = buffer[r];
                int id = store.findOrPutPacked(buffer, at, h, (int) (meta >>> 32),
                        (int) (meta >>> 12) & (MAX_GROUPS - 1), (int) meta & (MAX_SUCCESSORS - 1));
                if (id == StateStore.FULL) {
                    stopReason = "memory";
                    outOfMemory = true; // the store is full: the search stops as a commit would
                    direct = false;
                    return;
                }
                known.put(h, buffer, at, 0);
                sawNew = true;
            }

            /**
             * Takes back the records from {@code mark} on (a reduced expansion that the proviso
             * refused), so that the recent-record cache does not point at them.
             */
            private void dropRecords(int mark) {
                for (int r = mark; r < size; r += recordLength) {
                    recent.forget(recordHashes[r / recordLength], r);
                }
                size = mark;
            }

            private boolean samePacked(int at) {
                for (int w = 0; w < words; w++) {
                    if (buffer[at + w] != currentPacked[w]) {
                        return false;
                    }
                }
                return true;
            }

            /**
             * Packing a successor from its parent relies on the declared write sets; the first
             * firings of each group are also packed in full, so a front end that writes more
             * than it declares is caught instead of silently corrupting stored states.
             */
            private void verify(int group, int[] state) {
                verified[group]++;
                packer.pack(state, check, 0);
                if (!java.util.Arrays.equals(check, packed)) {
                    java.util.BitSet writes = ts.dependencies().writes(group);
                    int slot = 0;
                    while (slot < state.length && (state[slot] == current[slot] || writes.get(slot))) {
                        slot++;
                    }
                    throw new DependencyCheckingSystem.DependencyViolation("group " + group + " ("
                            + ts.group(group).actor() + " at " + ts.group(group).where() + ") changed slot " + slot + " '"
                            + (slot < state.length ? ts.layout().slot(slot).name() : "?") + "', which its dependency "
                            + "matrix does not declare as written; run with --check-dependencies to see more");
                }
            }

            private boolean grow(int length) {
                long wanted = Math.max(1024, Math.max((long) size + length, 2L * buffer.length));
                if (wanted > Integer.MAX_VALUE - 16) {
                    return false;
                }
                if (!budget.tryReserve(8L * wanted)) {
                    return false;
                }
                long records = wanted / recordLength + 1;
                if (!budget.tryReserve(8L * records)) {
                    budget.release(8L * wanted);
                    return false;
                }
                long[] next = java.util.Arrays.copyOf(buffer, (int) wanted);
                budget.release(8L * buffer.length + 8L * recordHashes.length);
                buffer = next;
                recordHashes = java.util.Arrays.copyOf(recordHashes, (int) records);
                return true;
            }
        }
    }
}
