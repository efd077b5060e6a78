package ptecheck.explore;

/**
 * What a search did.
 *
 * @param generated states handed to the store, duplicates and initial states included
 * @param distinct states stored
 * @param depth the deepest breadth-first level stored; initial states are at depth 0
 * @param millis wall-clock duration of the search
 * @param storeBytes heap bytes held by the state store (allocated capacity)
 * @param workers threads that explored
 * @param store how states were stored
 * @param peakBytes the most bytes held at once by store, frontier and buffers together
 * @param memoryLimit the memory bound in bytes, or 0 when there was none
 * @param collisionProbability for a fingerprint store: TLC's optimistic estimate of the
 *     probability that a fingerprint collision hid a state; otherwise 0
 * @param observedCollisionProbability for a fingerprint store: TLC's estimate from the closest
 *     pair of stored fingerprints; otherwise 0
 * @param missProbability for a bitstate store: a lower bound on the chance that a new state
 *     was taken for a visited one, so that it and everything only it leads to went unexplored
 *     (see {@code BitstateStore#missProbability}); otherwise 0
 * @param reducedStates states expanded with partial-order reduction firing fewer groups than
 *     were enabled
 * @param stopReason why an {@link Outcome#INCOMPLETE} search stopped ({@code "max-states"} or
 *     {@code "memory"}, {@code "bitstate"} for a bitstate search that found nothing, what
 *     else the strategy names, or {@code "buffer"} when a weak memory model's buffer bound cut
 *     it, which the command line finds out); empty otherwise
 */
public record Stats(long generated, long distinct, int depth, long millis, long storeBytes, int workers,
                    StoreKind store, long peakBytes, long memoryLimit, double collisionProbability,
                    double observedCollisionProbability, double missProbability, long reducedStates, String stopReason) {

    /** For tests and simple callers: one worker, exact store, nothing else to report. */
    public Stats(long generated, long distinct, int depth, long millis, long storeBytes) {
        this(generated, distinct, depth, millis, storeBytes, 1, StoreKind.EXACT, storeBytes, 0, 0, 0, 0, 0, "");
    }

    /** Distinct states per second; the duration is counted as at least 1 ms. */
    public double statesPerSecond() {
        return distinct * 1000.0 / Math.max(1, millis);
    }

    /** Store bytes per distinct state, or 0 when nothing was stored. */
    public double bytesPerState() {
        return distinct == 0 ? 0 : (double) storeBytes / distinct;
    }
}
