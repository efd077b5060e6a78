package ptecheck.trace;

/**
 * What the groups of a transition system mean to the kernel, for rendering traces: the seam's
 * {@link ptecheck.ts.GroupInfo} says only who moves and where; the front end that built the
 * system knows which CPU an actor runs on and whether it is kernel code.
 */
public interface Provenance {
    /** Knows nothing: no group is bound to a CPU or is kernel code. */
    Provenance NONE = new Provenance() {
        @Override
        public int cpuOf(int group) {
            return -1;
        }

        @Override
        public boolean isKernel(int group) {
            return false;
        }
    };

    /** The CPU group {@code group}'s actor runs on, or -1 when it is not bound to a CPU. */
    int cpuOf(int group);

    /** True for kernel statements, false for hardware or other agents' rules. */
    boolean isKernel(int group);
}
