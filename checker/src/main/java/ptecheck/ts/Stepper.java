package ptecheck.ts;

/**
 * Fires transition groups. Not thread-safe: it owns the scratch buffers that make firing
 * allocation-free, so each exploring thread takes its own from
 * {@link TransitionSystem#stepper()}.
 */
public interface Stepper {

    /**
     * Fires group {@code group} on {@code src} (which is not modified) and passes every
     * successor to {@code sink}. The array given to the sink is reused after {@code accept}
     * returns: copy it to keep it.
     *
     * @return the number of successors (0 when the group is disabled in {@code src})
     * @throws StepFailure when firing the group breaks a rule of the spec (an assertion inside
     *     an atomic step, a value out of range, an unlock of a lock not held, ...)
     */
    int next(int group, int[] src, SuccessorSink sink);

    /** True when group {@code group} has at least one successor from {@code src}. */
    boolean enabled(int group, int[] src);
}
