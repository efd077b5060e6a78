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
}
