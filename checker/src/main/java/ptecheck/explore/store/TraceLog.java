package ptecheck.explore.store;

import java.util.Arrays;

/**
 * How each stored state was first reached: parent id, group and successor index per id, in as
 * few bits as the values need (what a fingerprint store keeps besides fingerprints, so it is
 * kept small).
 *
 * <p>Ids are split into blocks of {@value #BLOCK} entries, each a bit-packed {@code long[]} with
 * its own field widths. Parents are below the entry's own id, so a block's parent width is fixed
 * by its position: about {@code log2(size)} bits. Group and successor widths start at what the
 * first entry needs and grow when a larger value arrives, by re-encoding that block only. A
 * search with 1 million states and 60 groups of one successor each takes 20 + 6 + 0 bits, a
 * little over 3 bytes, per state.
 *
 * <p>Not thread-safe for writes; reads are safe while nobody appends.
 */
final class TraceLog {
    static final int BLOCK_LOG2 = 12;
    static final int BLOCK = 1 << BLOCK_LOG2;

    private final MemoryBudget budget;
    private long[][] blocks = new long[4][];
    private byte[] groupBits = new byte[4];
    private byte[] successorBits = new byte[4];
    private int size;
    private long bytes;

    TraceLog(MemoryBudget budget) {
        this.budget = budget;
    }

    int size() {
        return size;
    }

    long bytesUsed() {
        return bytes + 10L * blocks.length;
    }

    /**
     * Appends the entry for id {@link #size()}.
     *
     * @return false, with nothing appended, when the budget does not allow the memory needed
     */
    boolean append(int parent, int group, int successor) {
        int id = size;
        if (parent < -1 || parent >= id) {
            throw new IllegalArgumentException("parent " + parent + " of state " + id + " is not an earlier state");
        }
        if (group < -1 || successor < 0) {
            throw new IllegalArgumentException("bad group " + group + " or successor " + successor);
        }
        int b = id >>> BLOCK_LOG2;
        int i = id & (BLOCK - 1);
        long g = group + 1L;
        long k = successor;
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
            groupBits = Arrays.copyOf(groupBits, b * 2);
            successorBits = Arrays.copyOf(successorBits, b * 2);
        }
        if (blocks[b] == null) {
            if (!allocate(b, bitsFor(g), bitsFor(k))) {
                return false;
            }
        } else if (bitsFor(g) > groupBits[b] || bitsFor(k) > successorBits[b]) {
            if (!allocate(b, Math.max(groupBits[b], bitsFor(g)), Math.max(successorBits[b], bitsFor(k)))) {
                return false;
            }
        }
        int pw = parentBits(b);
        int gw = groupBits[b];
        int kw = successorBits[b];
        long pos = (long) i * (pw + gw + kw);
        long[] a = blocks[b];
        put(a, pos, pw, parent + 1L);
        put(a, pos + pw, gw, g);
        put(a, pos + pw + gw, kw, k);
        size++;
        return true;
    }

    /** Writes the entries for a checkpoint: the count, then each block's widths and words. */
    void save(CheckpointOut out) throws java.io.IOException {
        out.writeInt(size);
        for (int b = 0; b < blockCount(size); b++) {
            out.writeInt(groupBits[b]);
            out.writeInt(successorBits[b]);
            out.writeLongs(blocks[b]);
        }
    }

    /** Reads what {@link #save} wrote into this log, which must be empty. */
    void restore(CheckpointIn in) throws java.io.IOException {
        if (size != 0) {
            throw new IllegalStateException("restore into a trace log that is not empty");
        }
        int n = in.readInt();
        in.check(n >= 0, "trace log of " + n + " states");
        int count = blockCount(n);
        blocks = new long[Math.max(4, count)][];
        groupBits = new byte[blocks.length];
        successorBits = new byte[blocks.length];
        for (int b = 0; b < count; b++) {
            int gw = in.readInt();
            int kw = in.readInt();
            in.check(gw >= 0 && gw <= 32 && kw >= 0 && kw <= 32, "trace log widths " + gw + ", " + kw);
            long words = ((long) BLOCK * (parentBits(b) + gw + kw) + 63) >>> 6;
            int length = in.length(8);
            in.check(length == words, "trace log block of " + length + " words, expected " + words);
            in.reserve(budget, 8L * length);
            blocks[b] = new long[length];
            in.readLongs(blocks[b], 0, length);
            groupBits[b] = (byte) gw;
            successorBits[b] = (byte) kw;
            bytes += 8L * length;
        }
        size = n;
    }

    private static int blockCount(int entries) {
        return (int) (((long) entries + BLOCK - 1) >>> BLOCK_LOG2);
    }

    int parent(int id) {
        return (int) field(id, 0) - 1;
    }

    int group(int id) {
        return (int) field(id, 1) - 1;
    }

    int successor(int id) {
        return (int) field(id, 2);
    }

    private long field(int id, int which) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("state id " + id + " not in 0.." + (size - 1));
        }
        int b = id >>> BLOCK_LOG2;
        int pw = parentBits(b);
        int gw = groupBits[b];
        int kw = successorBits[b];
        long pos = (long) (id & (BLOCK - 1)) * (pw + gw + kw);
        return switch (which) {
            case 0 -> get(blocks[b], pos, pw);
            case 1 -> get(blocks[b], pos + pw, gw);
            default -> get(blocks[b], pos + pw + gw, kw);
        };
    }

    /** (Re)allocates block {@code b} with the given widths, re-encoding what it holds. */
    private boolean allocate(int b, int gw, int kw) {
        int pw = parentBits(b);
        int words = (int) (((long) BLOCK * (pw + gw + kw) + 63) >>> 6);
        if (!budget.tryReserve(8L * words)) {
            return false;
        }
        long[] next = new long[words];
        long[] old = blocks[b];
        if (old != null) {
            int ogw = groupBits[b];
            int okw = successorBits[b];
            int n = size - (b << BLOCK_LOG2);
            for (int i = 0; i < n; i++) {
                long from = (long) i * (pw + ogw + okw);
                long to = (long) i * (pw + gw + kw);
                put(next, to, pw, get(old, from, pw));
                put(next, to + pw, gw, get(old, from + pw, ogw));
                put(next, to + pw + gw, kw, get(old, from + pw + ogw, okw));
            }
            budget.release(8L * old.length);
            bytes -= 8L * old.length;
        }
        blocks[b] = next;
        groupBits[b] = (byte) gw;
        successorBits[b] = (byte) kw;
        bytes += 8L * words;
        return true;
    }

    /** Bits for parent + 1, which is at most the largest id of block {@code b}. */
    private static int parentBits(int b) {
        return bitsFor(((long) (b + 1) << BLOCK_LOG2) - 1);
    }

    static int bitsFor(long value) {
        return 64 - Long.numberOfLeadingZeros(value);
    }

    static long get(long[] a, long pos, int width) {
        if (width == 0) {
            return 0;
        }
        int w = (int) (pos >>> 6);
        int sh = (int) (pos & 63);
        long v = a[w] >>> sh;
        if (sh + width > 64) {
            v |= a[w + 1] << (64 - sh);
        }
        return width == 64 ? v : v & ((1L << width) - 1);
    }

    /** Writes {@code value} into bits that are still zero. */
    static void put(long[] a, long pos, int width, long value) {
        if (width == 0) {
            return;
        }
        int w = (int) (pos >>> 6);
        int sh = (int) (pos & 63);
        a[w] |= value << sh;
        if (sh + width > 64) {
            a[w + 1] |= value >>> (64 - sh);
        }
    }
}
