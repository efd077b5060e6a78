package ptecheck.explore;

/**
 * What a search did.
 *
 * @param generated states handed to the store, duplicates and initial states included
 * @param distinct states stored
 * @param depth the deepest breadth-first level stored; initial states are at depth 0
 * @param millis wall-clock duration of the search
 * @param storeBytes heap bytes held by the state store (allocated capacity)
 */
public record Stats(long generated, long distinct, int depth, long millis, long storeBytes) {

    /** Distinct states per second; the duration is counted as at least 1 ms. */
    public double statesPerSecond() {
        return distinct * 1000.0 / Math.max(1, millis);
    }

    /** Store bytes per distinct state, or 0 when nothing was stored. */
    public double bytesPerState() {
        return distinct == 0 ? 0 : (double) storeBytes / distinct;
    }
}
