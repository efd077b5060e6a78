package ptecheck.trace;


/**
 * The last, failed transition of a trace that ends in a {@code StepFailure}: the group broke a
 * rule of the spec instead of producing a state.
 *
 * @param index 1-based position in the trace, one past the last {@link Step}
 * @param before the state it fired in (owned by the trace: do not modify)
 * @param message why it failed
 */
public record FailingStep(int index, int group, StepInfo info, int[] before, String message) {}
