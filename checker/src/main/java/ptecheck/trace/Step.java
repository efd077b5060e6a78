package ptecheck.trace;

import java.util.List;

/**
 * One transition of a trace.
 *
 * @param index 1-based position in the trace
 * @param group the group that fired
 * @param info where the group comes from
 * @param before the state it fired in (owned by the trace: do not modify)
 * @param after the state it led to (owned by the trace: do not modify)
 * @param changes the variables whose value differs, in layout order
 */
public record Step(int index, int group, StepInfo info, int[] before, int[] after, List<Change> changes) {
    public Step {
        changes = List.copyOf(changes);
    }
}
