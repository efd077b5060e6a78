package ptecheck.trace;

import java.util.BitSet;

/**
 * What renderers show besides the steps themselves.
 *
 * @param fullStates show every variable after each step, not only those it changed
 * @param involved the steps (by 1-based index) the violation depends on, from {@link TraceSlicer};
 *     null shows every step. Renderers fold each run of other steps into one line.
 */
public record RenderOptions(boolean fullStates, BitSet involved, BitSet highlighted) {
    public static final RenderOptions DEFAULT = new RenderOptions(false, null, null);

    public RenderOptions {
        involved = involved == null ? null : (BitSet) involved.clone();
        highlighted = highlighted == null ? null : (BitSet) highlighted.clone();
    }

    public RenderOptions(boolean fullStates, BitSet involved) {
        this(fullStates, involved, null);
    }

    /** The steps HTML marks as the ones the violation depends on (the slice), or null. */
    public RenderOptions withHighlighted(BitSet steps) {
        return new RenderOptions(fullStates, involved, steps);
    }

    /** True when step {@code index} is shown in full. */
    public boolean shows(int index) {
        return involved == null || involved.get(index);
    }

    public RenderOptions withFullStates(boolean full) {
        return new RenderOptions(full, involved, highlighted);
    }

    public RenderOptions withInvolved(BitSet steps) {
        return new RenderOptions(fullStates, steps, highlighted);
    }
}
