package ptecheck.explore;

/**
 * The verdict of a search, its statistics, and the counterexample when there is one.
 *
 * @param counterexample non-null exactly when {@code outcome} is {@link Outcome#VIOLATION}
 */
public record SearchResult(Outcome outcome, Stats stats, Counterexample counterexample) {
    public SearchResult {
        if ((outcome == Outcome.VIOLATION) != (counterexample != null)) {
            throw new IllegalArgumentException("a counterexample goes with VIOLATION only, got " + outcome);
        }
    }
}
