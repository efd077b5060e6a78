package ptecheck.compile;

import java.util.BitSet;
import java.util.List;

/**
 * A weak memory model, as state and steps of the compiled system: what {@code memory tso} and
 * {@code memory arm64} add to a spec. Sequential consistency is the absence of one. It rewrites
 * each lowered kernel step of a CPU that has a buffer, and adds the steps in which buffered
 * operations reach memory; the explorer sees only the result.
 */
interface MemoryModel {
    /**
     * The step under this model. {@code sync}: slots kernel code touches only with locked or
     * serializing instructions (locks, interrupt flags, IPI and RCU state, hardware state that
     * is not memory such as TLBs): a step touching one completes its CPU's buffered operations
     * first.
     */
    Group rewrite(Group g, BitSet sync);

    /** The steps of the buffers themselves: a buffered operation reaches memory. */
    List<Group> bufferGroups();

    /** True where every buffer is empty: a run ends when its operations have reached memory. */
    IntExpr allDrained();

    /**
     * What a step that finds its CPU's buffer full throws. Performing the oldest entry first
     * would be allowed behaviour, but the executions that keep more operations in flight would
     * then go unexplored without a word: instead the run ends here, and the search reports
     * the bound ({@link CompiledSpec#BUFFER_BOUND}) as what made it incomplete.
     */
    static ptecheck.ts.StepFailure overflow(int cpu, String model, int bound, ptecheck.ts.SourceRef where) {
        return new ptecheck.ts.StepFailure(CompiledSpec.BUFFER_BOUND, "cpu " + cpu + " issued an operation with "
                + bound + " in flight, the bound of 'memory " + model + "(" + bound + ")'", where);
    }
}
