package ptecheck.explore;

import java.util.Arrays;
import ptecheck.explore.store.MemoryBudget;

/**
 * An append-only sequence of ints in fixed-size chunks, each reserved from the memory budget
 * before it is allocated: what one search worker records of the explored graph (see
 * {@link TerminationCheck}). Chunks are never copied, so the log can grow past what one Java
 * array holds without a doubling step that needs the old and the new array at once.
 *
 * <p>When the budget refuses a chunk the log becomes {@link #full()}: it stops taking
 * anything, and the search that owns it stops as out of memory.
 *
 * <p>Not thread-safe: one writer; reads are safe while nobody appends.
 */
final class EdgeLog {
    static final int CHUNK_LOG2 = 15; // 128 KiB
    static final int CHUNK = 1 << CHUNK_LOG2;
    private static final int MASK = CHUNK - 1;

    private final MemoryBudget budget;
    private int[][] chunks = new int[8][];
    /** Chunks in use, and chunks allocated (more after a truncate). */
    private int chunkCount;
    private int allocated;
    private int[] tail;
    private int tailSize = CHUNK;
    private long size;
    private boolean full;

    EdgeLog(MemoryBudget budget) {
        this.budget = budget;
    }

    /** Appends {@code v}; false (and from then on {@link #full()}) when the budget refuses. */
    boolean add(int v) {
        if (tailSize == CHUNK && !nextChunk()) {
            return false;
        }
        tail[tailSize++] = v;
        size++;
        return true;
    }

    private boolean nextChunk() {
        if (full) {
            return false;
        }
        if (chunkCount < allocated) {
            tail = chunks[chunkCount++]; // kept by truncate
        } else {
            if (!budget.tryReserve(4L * CHUNK)) {
                full = true;
                return false;
            }
            if (allocated == chunks.length) {
                chunks = Arrays.copyOf(chunks, allocated * 2);
            }
            tail = new int[CHUNK];
            chunks[allocated++] = tail;
            chunkCount++;
        }
        tailSize = 0;
        return true;
    }

    int get(long pos) {
        return chunks[(int) (pos >>> CHUNK_LOG2)][(int) pos & MASK];
    }

    void set(long pos, int v) {
        chunks[(int) (pos >>> CHUNK_LOG2)][(int) pos & MASK] = v;
    }

    /** Drops everything from {@code newSize} on; the chunks stay allocated for what comes next. */
    void truncate(long newSize) {
        if (full) {
            return;
        }
        if (newSize > size || newSize < 0) {
            throw new IllegalArgumentException("truncate to " + newSize + " of " + size);
        }
        size = newSize;
        chunkCount = (int) ((newSize + MASK) >>> CHUNK_LOG2);
        int within = (int) newSize & MASK;
        tail = chunkCount == 0 ? null : chunks[chunkCount - 1];
        tailSize = chunkCount == 0 || within == 0 ? CHUNK : within;
    }

    long size() {
        return size;
    }

    boolean full() {
        return full;
    }

    /** Heap bytes held. */
    long bytesUsed() {
        return 4L * CHUNK * allocated;
    }

    /** Gives every chunk back to the budget. The log must not be used afterwards. */
    void release() {
        budget.release(bytesUsed());
        chunks = new int[0][];
        allocated = 0;
        chunkCount = 0;
        tail = null;
        full = true;
    }
}
