package ptecheck.ts;

import java.util.BitSet;

/**
 * Per-group read and may-write sets over slots (cf. LTSmin's dependency matrices). Reads
 * include the guard. A group that writes a slot only with its current value may still list it.
 * {@code guardReads} are the slots that decide whether the group is enabled (a subset of its
 * reads), which partial-order reduction needs to tell which groups can enable which.
 */
public record DependencyMatrix(BitSet[] reads, BitSet[] writes, BitSet[] guardReads) {

    /** Without separate guard information: every read may decide enabledness. */
    public DependencyMatrix(BitSet[] reads, BitSet[] writes) {
        this(reads, writes, reads);
    }

    public BitSet guardReads(int group) {
        return guardReads[group];
    }

    public BitSet reads(int group) {
        return reads[group];
    }

    public BitSet writes(int group) {
        return writes[group];
    }
}
