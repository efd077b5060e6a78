package ptecheck.ts;

import java.util.BitSet;

/**
 * Per-group read and may-write sets over slots (cf. LTSmin's dependency matrices). Reads
 * include the guard. A group that writes a slot only with its current value may still list it.
 */
public record DependencyMatrix(BitSet[] reads, BitSet[] writes) {

    public BitSet reads(int group) {
        return reads[group];
    }

    public BitSet writes(int group) {
        return writes[group];
    }
}
