package ptecheck.explore;

import java.util.List;
import ptecheck.ts.Counterexample;

/**
 * The verdict of a search, its statistics, and the counterexample when there is one.
 *
 * @param counterexample non-null exactly when {@code outcome} is {@link Outcome#VIOLATION}
 * @param witnesses every trace of the finding, the counterexample first; a lock-order
 *     inversion has two (one per order), anything else one
 */
public record SearchResult(Outcome outcome, Stats stats, Counterexample counterexample, List<Counterexample> witnesses) {
    public SearchResult {
        if ((outcome == Outcome.VIOLATION) != (counterexample != null)) {
            throw new IllegalArgumentException("a counterexample goes with VIOLATION only, got " + outcome);
        }
        witnesses = List.copyOf(witnesses);
    }

    public SearchResult(Outcome outcome, Stats stats, Counterexample counterexample) {
        this(outcome, stats, counterexample, counterexample == null ? List.of() : List.of(counterexample));
    }
}
