package ptecheck.explore.store;

import java.util.List;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;

/**
 * Bit-packs states into {@code long} words, each slot taking {@link Slot#bits()} bits and storing
 * {@code value - min}.
 *
 * <p>Slots are laid out back to back in slot order and may straddle a word boundary: a state
 * takes {@code ceil(totalBits / 64)} words, the fewest possible. The price is one extra branch
 * per slot, far cheaper than the memory an aligned layout wastes on states of many small slots.
 * Zero-bit slots (a single possible value) take no space and unpack to their {@code min}.
 *
 * <p>Immutable and thread-safe.
 */
public final class StatePacker {
    private final int slotCount;
    private final int words;
    private final long totalBits;
    // Only the slots that take space, as parallel arrays so the loops touch no objects.
    private final int[] index;
    private final long[] min;
    private final int[] bits;
    private final int[] word;
    private final int[] shift;
    private final long[] mask;
    // Zero-bit slots, refilled with their only value on unpack.
    private final int[] constIndex;
    private final int[] constValue;

    public StatePacker(StateLayout layout) {
        this(layout.slots());
    }

    public StatePacker(List<Slot> slots) {
        slotCount = slots.size();
        int packed = 0;
        for (Slot s : slots) {
            if (s.bits() > 0) {
                packed++;
            }
        }
        index = new int[packed];
        min = new long[packed];
        bits = new int[packed];
        word = new int[packed];
        shift = new int[packed];
        mask = new long[packed];
        constIndex = new int[slotCount - packed];
        constValue = new int[slotCount - packed];
        long offset = 0;
        int k = 0;
        int c = 0;
        for (int i = 0; i < slotCount; i++) {
            Slot s = slots.get(i);
            int b = s.bits();
            if (b == 0) {
                constIndex[c] = i;
                constValue[c] = s.min();
                c++;
                continue;
            }
            index[k] = i;
            min[k] = s.min();
            bits[k] = b;
            word[k] = (int) (offset >>> 6);
            shift[k] = (int) (offset & 63);
            mask[k] = b == 64 ? -1L : (1L << b) - 1;
            offset += b;
            k++;
        }
        long w = (offset + 63) >>> 6;
        if (w > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("state too large to pack: " + offset + " bits");
        }
        words = (int) w;
        totalBits = offset;
    }

    /** Slots that take space in the packed form, in the order they are laid out. */
    public int packedSlots() {
        return index.length;
    }

    /** Bits taken by the {@code k}-th slot that takes space (at most 32). */
    public int packedBits(int k) {
        return bits[k];
    }

    /** The state-vector index of the {@code k}-th slot that takes space. */
    public int packedSlot(int k) {
        return index[k];
    }

    /** The word the {@code k}-th slot that takes space starts in. */
    public int packedWord(int k) {
        return word[k];
    }

    /** The bit, within {@link #packedWord}, the {@code k}-th slot that takes space starts at. */
    public int packedShift(int k) {
        return shift[k];
    }

    /** The mask of the {@code k}-th slot's packed value ({@code value - min}), unshifted. */
    public long packedMask(int k) {
        return mask[k];
    }

    /** The smallest value of the {@code k}-th slot that takes space: what packs as zero. */
    public long packedMin(int k) {
        return min[k];
    }

    /** The only value of slot {@code slot} when it takes no bits (as {@link #unpack} writes it). */
    public int constantValue(int slot) {
        for (int c = 0; c < constIndex.length; c++) {
            if (constIndex[c] == slot) {
                return constValue[c];
            }
        }
        throw new IllegalArgumentException("slot " + slot + " takes bits");
    }

    /** Bits a packed state uses: the words past them are zero. */
    public long bits() {
        return totalBits;
    }

    /** Words per packed state; 0 when every slot has a single value. */
    public int words() {
        return words;
    }

    /** Length of the unpacked state vector. */
    public int slots() {
        return slotCount;
    }

    /**
     * Writes {@code state} into {@code dst[offset .. offset + words())}, overwriting those words.
     *
     * @throws IllegalArgumentException when a value lies outside its slot's range: the
     *     transition system broke its contract, and storing the value would silently corrupt
     *     its neighbours
     */
    public void pack(int[] state, long[] dst, int offset) {
        for (int w = 0; w < words; w++) {
            dst[offset + w] = 0L;
        }
        for (int k = 0; k < index.length; k++) {
            long v = state[index[k]] - min[k];
            if ((v & ~mask[k]) != 0) {
                throw outOfRange(k, state[index[k]]);
            }
            int at = offset + word[k];
            int sh = shift[k];
            dst[at] |= v << sh;
            if (sh + bits[k] > 64) {
                dst[at + 1] |= v >>> (64 - sh);
            }
        }
    }

    /**
     * The positions, among the slots that take space, of the given slots: what
     * {@link #repack} takes. Slots without bits are left out.
     */
    public int[] packedIndexes(java.util.BitSet slots) {
        int[] out = new int[index.length];
        int n = 0;
        for (int k = 0; k < index.length; k++) {
            if (slots.get(index[k])) {
                out[n++] = k;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Rewrites, in the packed state at {@code dst[offset ..]}, only the slots at the given
     * {@link #packedIndexes} with their values in {@code state}. Packing a successor this way
     * from its parent's packed form touches only the slots its group may write.
     *
     * @throws IllegalArgumentException as {@link #pack} does
     */
    public void repack(int[] state, long[] dst, int offset, int[] packedIndexes) {
        for (int k : packedIndexes) {
            long v = state[index[k]] - min[k];
            if ((v & ~mask[k]) != 0) {
                throw outOfRange(k, state[index[k]]);
            }
            int at = offset + word[k];
            int sh = shift[k];
            long m = mask[k];
            dst[at] = (dst[at] & ~(m << sh)) | (v << sh);
            if (sh + bits[k] > 64) {
                int rest = 64 - sh;
                dst[at + 1] = (dst[at + 1] & ~(m >>> rest)) | (v >>> rest);
            }
        }
    }

    /** Decodes the state stored at {@code src[offset ..]} into {@code dst}. */
    public void unpack(long[] src, int offset, int[] dst) {
        for (int c = 0; c < constIndex.length; c++) {
            dst[constIndex[c]] = constValue[c];
        }
        for (int k = 0; k < index.length; k++) {
            int at = offset + word[k];
            int sh = shift[k];
            long v = src[at] >>> sh;
            if (sh + bits[k] > 64) {
                v |= src[at + 1] << (64 - sh);
            }
            dst[index[k]] = (int) ((v & mask[k]) + min[k]);
        }
    }

    private IllegalArgumentException outOfRange(int k, int value) {
        long max = min[k] + mask[k];
        return new IllegalArgumentException(
                "value " + value + " outside the range " + min[k] + ".." + max + " of slot " + index[k]);
    }
}
