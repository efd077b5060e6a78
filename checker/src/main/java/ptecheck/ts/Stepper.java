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

    /**
     * Writes into {@code out} (exactly {@code groupCount()} long), in increasing order, the
     * groups that may be enabled in {@code src}; returns how many. Every group left out must be
     * disabled in {@code src} without failing: firing only the candidates is then the same as
     * firing every group. By default every group is a candidate; a front end that knows where
     * its processes stand (their program counters) can leave most groups out.
     */
    default int candidates(int[] src, int[] out) {
        int n = out.length;
        for (int g = 0; g < n; g++) {
            out[g] = g;
        }
        return n;
    }
}
