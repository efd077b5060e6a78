package ptecheck.explore;

/**
 * How a search runs. A record so that options can be added without breaking callers that use
 * {@link #defaults()} and the {@code with...} methods.
 *
 * @param maxStates stop with {@link Outcome#INCOMPLETE} rather than store more than this many
 *     distinct states; 0 or less means no bound
 * @param checkDeadlock report a reachable non-terminal state without successors
 */
public record SearchOptions(long maxStates, boolean checkDeadlock) {

    /** Unbounded, with deadlock checking. */
    public static SearchOptions defaults() {
        return new SearchOptions(0, true);
    }

    public SearchOptions withMaxStates(long maxStates) {
        return new SearchOptions(maxStates, checkDeadlock);
    }

    public SearchOptions withCheckDeadlock(boolean checkDeadlock) {
        return new SearchOptions(maxStates, checkDeadlock);
    }

    /** True when {@link #maxStates} bounds the search. */
    public boolean bounded() {
        return maxStates > 0;
    }
}
