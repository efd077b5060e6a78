package ptecheck.ts;

import java.util.Arrays;

/**
 * Interchangeable indices of one index type (a scalarset, as in Murphi): renaming them in a
 * state gives a state that behaves the same. Symmetry reduction stores one state per class of
 * renamings, which can divide the state space by up to {@code n!} for {@code n} indices.
 *
 * <p>The i-th interchangeable index owns the slots {@code blocks[i]}; all blocks have the same
 * length, and {@code blocks[i][k]} plays for index {@code i} the role {@code blocks[j][k]}
 * plays for {@code j} (for CPUs: the CPU's TLB entries, then its other per-CPU variables, in
 * the same order for every CPU). Slots listed in {@code valueSlots} hold an index of this type
 * as a value ({@code var owner: CPU}); there, {@code values[i]} is the value that stands for
 * the i-th index, and any other value (an index that is not interchangeable, "none") is left
 * alone. Renaming index {@code i} to {@code j} moves block {@code i} to block {@code j} and
 * turns {@code values[i]} into {@code values[j]} in the value slots.
 *
 * <p>A front end may only declare a symmetry when, for every renaming {@code r} of these
 * indices and every state {@code s}: the successors of {@code r(s)} are the renamings of the
 * successors of {@code s}; {@code r(s)} is initial, terminal, or violates a property exactly
 * when {@code s} does; and the slots of every block hold the same kinds of values. An index
 * with a role of its own (the CPU a kernel process runs on, a page the kernel treats
 * specially) is not interchangeable and must be left out of {@code blocks}.
 *
 * @param name the index type, for reports ({@code CPU})
 * @param blocks per interchangeable index, the slots it owns
 * @param values per interchangeable index, the value standing for it in {@code valueSlots}
 * @param valueSlots slots holding an index of this type
 */
public record Symmetry(String name, int[][] blocks, int[] values, int[] valueSlots) {
    public Symmetry {
        blocks = Arrays.stream(blocks).map(int[]::clone).toArray(int[][]::new);
        values = values.clone();
        valueSlots = valueSlots.clone();
        if (values.length != blocks.length) {
            throw new IllegalArgumentException(name + ": " + blocks.length + " blocks but " + values.length + " values");
        }
        for (int[] b : blocks) {
            if (b.length != blocks[0].length) {
                throw new IllegalArgumentException(name + ": blocks of different lengths");
            }
        }
    }

    /** Number of interchangeable indices. */
    public int size() {
        return blocks.length;
    }
}
