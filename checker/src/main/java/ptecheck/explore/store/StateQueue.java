package ptecheck.explore.store;

import java.util.Arrays;

/**
 * The breadth-first frontier for stores that do not keep states (fingerprint, bitstate): packed
 * states addressed by their store id, appended in id order and released level by level.
 *
 * <p>States live in chunks of {@value #CHUNK_STATES} at a fixed stride; a chunk is dropped as
 * soon as every id in it has been released, so the queue holds about two levels at a time.
 *
 * <p>Threads: one thread appends and releases; any number may load while nobody does.
 */
public final class StateQueue {
    static final int CHUNK_LOG2 = 14;
    static final int CHUNK_STATES = 1 << CHUNK_LOG2;

    private final StatePacker packer;
    private final MemoryBudget budget;
    private final int words;
    private final int stride;
    private long[][] chunks = new long[16][];
    private int end;
    private int released;
    private long bytes;
    private long peakBytes;

    public StateQueue(StatePacker packer, MemoryBudget budget) {
        this.packer = packer;
        this.budget = budget;
        this.words = packer.words();
        this.stride = Math.max(1, words);
    }

    /**
     * Appends the packed state at {@code src[offset ..]} under id {@link #end()}.
     *
     * @return false, with nothing appended, when the budget does not allow a new chunk
     */
    public boolean append(long[] src, int offset) {
        int c = end >>> CHUNK_LOG2;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            long size = 8L * stride * CHUNK_STATES;
            if (!budget.tryReserve(size)) {
                return false;
            }
            chunks[c] = new long[stride * CHUNK_STATES];
            bytes += size;
            peakBytes = Math.max(peakBytes, bytes);
        }
        System.arraycopy(src, offset, chunks[c], (end & (CHUNK_STATES - 1)) * stride, words);
        end++;
        return true;
    }

    /** Decodes state {@code id} into {@code dst}. */
    public void load(int id, int[] dst) {
        if (id < released || id >= end) {
            throw new IndexOutOfBoundsException("state " + id + " is not queued (" + released + ".." + (end - 1) + ")");
        }
        packer.unpack(chunks[id >>> CHUNK_LOG2], (id & (CHUNK_STATES - 1)) * stride, dst);
    }

    /** Copies the packed words of state {@code id} to {@code dst[offset ..]}. */
    public void loadPacked(int id, long[] dst, int offset) {
        if (id < released || id >= end) {
            throw new IndexOutOfBoundsException("state " + id + " is not queued (" + released + ".." + (end - 1) + ")");
        }
        System.arraycopy(chunks[id >>> CHUNK_LOG2], (id & (CHUNK_STATES - 1)) * stride, dst, offset, words);
    }

    /** Drops every state below id {@code below}. */
    public void releaseBelow(int below) {
        int from = released >>> CHUNK_LOG2;
        int to = below >>> CHUNK_LOG2; // chunks entirely below
        for (int c = from; c < to; c++) {
            if (chunks[c] != null) {
                long size = 8L * chunks[c].length;
                budget.release(size);
                bytes -= size;
                chunks[c] = null;
            }
        }
        released = Math.max(released, below);
    }

    /** The id the next appended state gets. */
    public int end() {
        return end;
    }

    public long bytesUsed() {
        return bytes;
    }

    public long peakBytes() {
        return peakBytes;
    }
}
