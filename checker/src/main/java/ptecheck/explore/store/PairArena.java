package ptecheck.explore.store;

import java.util.Arrays;

/**
 * The nodes of one {@link NodeTable}, by index: pairs of unsigned 32-bit values, each kept in as
 * few bits as it needs. A node of the tree refers to its children by their indexes in smaller
 * tables, so a pair needs about {@code log2} of those tables' sizes rather than 64 bits.
 *
 * <p>Like {@link TraceLog}: blocks of {@value #BLOCK} pairs, each a bit-packed {@code long[]}
 * with its own two widths; a wider value re-encodes its block only. Widths only grow while a
 * block fills, since child tables only grow, so an early block stays narrow.
 *
 * <p>Not thread-safe for writes; reads are safe while nobody appends.
 */
final class PairArena {
    static final int BLOCK_LOG2 = 12;
    static final int BLOCK = 1 << BLOCK_LOG2;

    private final MemoryBudget budget;
    private long[][] blocks = new long[4][];
    private byte[] leftBits = new byte[4];
    private byte[] rightBits = new byte[4];
    private int size;
    private long bytes;

    PairArena(MemoryBudget budget) {
        this.budget = budget;
    }

    int size() {
        return size;
    }

    long bytesUsed() {
        return bytes + 10L * blocks.length;
    }

    /** The pair at {@code index}, as {@code left << 32 | right}. */
    long get(int index) {
        int b = index >>> BLOCK_LOG2;
        int lw = leftBits[b];
        int rw = rightBits[b];
        long pos = (long) (index & (BLOCK - 1)) * (lw + rw);
        long[] a = blocks[b];
        return (TraceLog.get(a, pos, lw) << 32) | TraceLog.get(a, pos + lw, rw);
    }

    /**
     * Makes sure that {@link #append} can store {@code pair} without allocating.
     *
     * @return false, with nothing changed that matters, when the budget refuses the memory
     */
    boolean makeRoom(long pair) {
        int b = size >>> BLOCK_LOG2;
        int lw = TraceLog.bitsFor(pair >>> 32);
        int rw = TraceLog.bitsFor(pair & 0xFFFFFFFFL);
        if (b == blocks.length) {
            blocks = Arrays.copyOf(blocks, b * 2);
            leftBits = Arrays.copyOf(leftBits, b * 2);
            rightBits = Arrays.copyOf(rightBits, b * 2);
        }
        if (blocks[b] == null) {
            return allocate(b, lw, rw);
        }
        if (lw > leftBits[b] || rw > rightBits[b]) {
            return allocate(b, Math.max(lw, leftBits[b]), Math.max(rw, rightBits[b]));
        }
        return true;
    }

    /** Appends {@code pair} under index {@link #size()}; {@link #makeRoom} must have said yes. */
    int append(long pair) {
        int index = size;
        int b = index >>> BLOCK_LOG2;
        int lw = leftBits[b];
        int rw = rightBits[b];
        long pos = (long) (index & (BLOCK - 1)) * (lw + rw);
        long[] a = blocks[b];
        TraceLog.put(a, pos, lw, pair >>> 32);
        TraceLog.put(a, pos + lw, rw, pair & 0xFFFFFFFFL);
        size++;
        return index;
    }

    /** Frees every block (the arena is not used again). */
    void release() {
        budget.release(bytes);
        bytes = 0;
        Arrays.fill(blocks, null);
    }

    /** (Re)allocates block {@code b} with the given widths, re-encoding what it holds. */
    private boolean allocate(int b, int lw, int rw) {
        // A block that starts a small table is small too; it is re-encoded at full size later.
        int words = Math.max(1, (int) (((long) BLOCK * (lw + rw) + 63) >>> 6));
        if (!budget.tryReserve(8L * words)) {
            return false;
        }
        long[] next = new long[words];
        long[] old = blocks[b];
        if (old != null) {
            int olw = leftBits[b];
            int orw = rightBits[b];
            int n = size - (b << BLOCK_LOG2);
            for (int i = 0; i < n; i++) {
                long from = (long) i * (olw + orw);
                long to = (long) i * (lw + rw);
                TraceLog.put(next, to, lw, TraceLog.get(old, from, olw));
                TraceLog.put(next, to + lw, rw, TraceLog.get(old, from + olw, orw));
            }
            budget.release(8L * old.length);
            bytes -= 8L * old.length;
        }
        blocks[b] = next;
        leftBits[b] = (byte) lw;
        rightBits[b] = (byte) rw;
        bytes += 8L * next.length;
        return true;
    }
}
