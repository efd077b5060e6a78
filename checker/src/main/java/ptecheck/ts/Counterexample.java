package ptecheck.ts;

import java.util.List;

/**
 * A path from an initial state to a violation.
 *
 * <p>{@code states.get(0)} is an initial state and {@code groups.get(i)} takes
 * {@code states.get(i)} to {@code states.get(i + 1)}, so there is one group fewer than states.
 * The arrays are owned by the counterexample: do not modify them.
 *
 * @param property the violated property's name ({@code "deadlock"} for deadlocks, the
 *     {@code StepFailure}'s property for failing steps)
 * @param kind {@link StateProperty.Kind#ASSERTION} for a failing step
 * @param where where the property is declared or the failure was raised; {@link SourceRef#NONE}
 *     for deadlocks
 * @param text the property as written, or the failing group's statement
 * @param message the failure's message; empty for properties and deadlocks
 * @param failingGroup the group whose firing from the last state threw, or -1
 * @param blocked who is blocked in the last state, for deadlocks; empty otherwise
 */
public record Counterexample(
        String property,
        StateProperty.Kind kind,
        SourceRef where,
        String text,
        String message,
        List<int[]> states,
        List<Integer> groups,
        int failingGroup,
        List<String> blocked) {

    public static final String DEADLOCK = "deadlock";

    public Counterexample {
        states = List.copyOf(states);
        groups = List.copyOf(groups);
        blocked = List.copyOf(blocked);
        if (states.isEmpty() || groups.size() != states.size() - 1) {
            throw new IllegalArgumentException(
                    states.size() + " states need " + Math.max(0, states.size() - 1) + " groups, got " + groups.size());
        }
    }

    /** Transitions in the counterexample, the failing one included. */
    public int length() {
        return groups.size() + (failingGroup >= 0 ? 1 : 0);
    }

    /** The state where the violation shows. */
    public int[] last() {
        return states.get(states.size() - 1);
    }
}
