package ptecheck.compile;

/**
 * One instance of an {@code interrupt} handler: it runs on {@code cpu}, is pending while
 * {@code pendingSlot} is 1, and is running while its pc is not {@link #IDLE}.
 */
record Handler(String name, String instance, int cpu, int pcSlot, int pendingSlot, int owner) {
    /** Handlers are lowered with entry pc 0 and end pc 1; they rest at the end pc. */
    static final int ENTRY = 0;
    static final int IDLE = 1;
}
