package ptecheck.compile;

/**
 * Guards and actions of up to {@link StepCompiler#CHUNK} groups as JVM bytecode: the base of the
 * hidden classes {@link StepCompiler} defines. {@code local} is the group's number within the
 * chunk. Thread-safe: the generated code keeps no state besides the nodes it falls back to.
 */
abstract class StepCode {
    /** The IR nodes the generated code hands back to their interpreter (kinds it does not know, failures). */
    final Object[] nodes;

    StepCode(Object[] nodes) {
        this.nodes = nodes;
    }

    /** {@link Group#enabledIn}, compiled. */
    abstract boolean enabled(int local, int[] s);

    /** {@link Actions#run} on the group's actions, compiled. */
    abstract void run(int local, int[] w, Action.Scratch scratch);
}
