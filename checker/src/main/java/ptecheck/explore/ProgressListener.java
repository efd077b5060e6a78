package ptecheck.explore;

/**
 * Told how a running search is doing, from a timer thread of the search. Calls never overlap.
 * Implementations must be quick and must not call back into the search.
 */
public interface ProgressListener {

    /** A snapshot taken while the search runs. */
    void progress(Progress p);

    /** The search has ended; {@code last} is a final snapshot. */
    default void finished(Progress last) {}

    /**
     * One snapshot. Counters are read while workers update them, so they are approximate.
     *
     * @param distinct states stored (a level's new states are stored when the level is done)
     * @param expanded states expanded so far
     * @param queue states stored but not yet expanded
     * @param depth the breadth-first level being expanded
     * @param generated successors generated so far
     * @param memoryBytes bytes held by the store, frontier and buffers
     * @param heapBytes bytes of Java heap in use
     * @param elapsedMillis since the search started
     * @param workers threads exploring
     */
    record Progress(long distinct, long expanded, long queue, int depth, long generated, long memoryBytes, long heapBytes,
                    long elapsedMillis, int workers) {}
}
