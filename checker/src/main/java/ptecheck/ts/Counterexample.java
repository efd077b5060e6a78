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
 * @param loop for a lasso (a liveness violation), the index of the state where the cycle
 *     starts: the run goes on forever from {@code states.get(loop)}. When it is the last index,
 *     the run stays in the last state, where nothing can move; otherwise the last state equals
 *     {@code states.get(loop)} and the steps after {@code loop} repeat forever. -1 for a finite
 *     counterexample.
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
        List<String> blocked,
        int loop) {

    public static final String DEADLOCK = "deadlock";

    /** A finite counterexample (no cycle). */
    public Counterexample(String property, StateProperty.Kind kind, SourceRef where, String text, String message,
                          List<int[]> states, List<Integer> groups, int failingGroup, List<String> blocked) {
        this(property, kind, where, text, message, states, groups, failingGroup, blocked, -1);
    }

    public Counterexample {
        states = List.copyOf(states);
        groups = List.copyOf(groups);
        blocked = List.copyOf(blocked);
        if (states.isEmpty() || groups.size() != states.size() - 1) {
            throw new IllegalArgumentException(
                    states.size() + " states need " + Math.max(0, states.size() - 1) + " groups, got " + groups.size());
        }
        if (loop < -1 || loop >= states.size() || (loop >= 0 && failingGroup >= 0)) {
            throw new IllegalArgumentException("loop " + loop + " in " + states.size() + " states");
        }
        if (loop >= 0 && loop < states.size() - 1 && !java.util.Arrays.equals(states.get(loop), states.get(states.size() - 1))) {
            throw new IllegalArgumentException("a lasso's last state must be its loop state " + loop);
        }
    }

    /** True for a lasso: a run that goes on forever (see {@code loop}). */
    public boolean lasso() {
        return loop >= 0;
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
