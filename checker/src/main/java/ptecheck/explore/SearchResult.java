package ptecheck.explore;

import java.util.List;
import ptecheck.ts.Counterexample;

/**
 * The verdict of a search, its statistics, and the counterexample when there is one.
 *
 * @param counterexample non-null exactly when {@code outcome} is {@link Outcome#VIOLATION}
 * @param witnesses every trace of the finding, the counterexample first; a lock-order
 *     inversion has two (one per order), anything else one
 * @param members for a swarm ({@link SearchStrategy#SWARM}): each member's statistics, in
 *     member order; empty otherwise
 */
public record SearchResult(Outcome outcome, Stats stats, Counterexample counterexample, List<Counterexample> witnesses,
                           List<Stats> members) {
    public SearchResult {
        if ((outcome == Outcome.VIOLATION) != (counterexample != null)) {
            throw new IllegalArgumentException("a counterexample goes with VIOLATION only, got " + outcome);
        }
        witnesses = List.copyOf(witnesses);
        members = List.copyOf(members);
    }

    public SearchResult(Outcome outcome, Stats stats, Counterexample counterexample, List<Counterexample> witnesses) {
        this(outcome, stats, counterexample, witnesses, List.of());
    }

    public SearchResult(Outcome outcome, Stats stats, Counterexample counterexample) {
        this(outcome, stats, counterexample, counterexample == null ? List.of() : List.of(counterexample));
    }
}
