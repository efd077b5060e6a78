package ptecheck.explore;

/**
 * How a search runs. A record so that options can be added without breaking callers that use
 * {@link #defaults()} and the {@code with...} methods.
 *
 * @param maxStates stop with {@link Outcome#INCOMPLETE} rather than store more than this many
 *     distinct states; 0 or less means no bound
 * @param checkDeadlock report a reachable non-terminal state without successors
 * @param workers threads exploring each breadth-first level (at least 1)
 * @param store how visited states are kept
 * @param memoryBytes stop with {@link Outcome#INCOMPLETE} rather than hold more than this many
 *     bytes in stores, frontier and buffers; 0 or less means a default share of the heap
 * @param bitstateLog2Bits for {@link StoreKind#BITSTATE}: the bit array holds {@code 2^this} bits
 * @param hashFunctions for {@link StoreKind#BITSTATE}: bits set per state
 * @param partialOrder explore a reduced set of groups per state where that is sound (see
 *     {@code explore.reduce.PartialOrderReduction})
 * @param checkDependencies verify at run time that every group reads and writes only the
 *     slots it declares (slow; for testing front ends)
 * @param symmetry store states up to the symmetries the transition system declares
 * @param progress told about the search's progress every {@code progressMillis}; may be null
 * @param progressMillis how often {@code progress} is told, in milliseconds
 */
public record SearchOptions(long maxStates, boolean checkDeadlock, int workers, StoreKind store, long memoryBytes,
                            int bitstateLog2Bits, int hashFunctions, boolean partialOrder, boolean checkDependencies,
                            boolean symmetry, ProgressListener progress, long progressMillis) {

    /** Default size of a bitstate array: 2^30 bits, 128 MiB (SPIN's {@code -w30}). */
    public static final int DEFAULT_BITSTATE_LOG2_BITS = 30;

    public SearchOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (store == null) {
            throw new IllegalArgumentException("store kind missing");
        }
    }

    /**
     * Unbounded, with deadlock checking, one worker, tree store, partial-order reduction and
     * symmetry reduction off, no progress reports.
     */
    public static SearchOptions defaults() {
        return new SearchOptions(0, true, 1, StoreKind.TREE, 0, DEFAULT_BITSTATE_LOG2_BITS, 3, false, false, false,
                null, 1000);
    }

    public SearchOptions withMaxStates(long maxStates) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withCheckDeadlock(boolean checkDeadlock) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withWorkers(int workers) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withStore(StoreKind store) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withMemoryBytes(long memoryBytes) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withBitstate(int log2Bits, int hashFunctions) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, log2Bits, hashFunctions,
                partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withPartialOrder(boolean partialOrder) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withCheckDependencies(boolean checkDependencies) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withSymmetry(boolean symmetry) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    public SearchOptions withProgress(ProgressListener progress, long progressMillis) {
        return new SearchOptions(maxStates, checkDeadlock, workers, store, memoryBytes, bitstateLog2Bits,
                hashFunctions, partialOrder, checkDependencies, symmetry, progress, progressMillis);
    }

    /** True when {@link #maxStates} bounds the search. */
    public boolean bounded() {
        return maxStates > 0;
    }
}
