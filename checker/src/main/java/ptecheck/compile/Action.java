package ptecheck.compile;

import java.util.BitSet;

/**
 * One effect of an atomic step, executed on the successor being built. Returns false when
 * the step must stop here (a {@code return} left the procedure).
 */
interface Action {
    boolean exec(int[] w, Scratch scratch);

    void reads(BitSet out);

    void writes(BitSet out);

    /** Per-stepper buffers: values of a compound assignment are computed before any is stored. */
    final class Scratch {
        final int[] values;

        Scratch(int size) {
            values = new int[Math.max(1, size)];
        }
    }
}
