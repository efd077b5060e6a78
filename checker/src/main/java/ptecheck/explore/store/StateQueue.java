package ptecheck.explore.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The breadth-first frontier for stores that do not keep states (fingerprint, bitstate) and
 * for symmetry reduction: packed states addressed by their store id, appended in id order and
 * released level by level.
 *
 * <p>States live in chunks of {@code 2^chunkLog2} at a fixed stride; a chunk is dropped as
 * soon as every id in it has been released, so the queue holds about two levels at a time.
 *
 * <p><b>Spilling.</b> The queue keeps at most {@code residentBytes} of chunks in memory (by
 * default an eighth of the memory bound), and no more than the budget allows. Past that, the
 * chunk just filled is written to a segment file of its own in a temporary directory, one
 * sequential write, and its array is reused for the next chunk; so the memory bound covers the
 * visited set, and the frontier is bounded by the disk. A spilled chunk is read back, in one
 * sequential read, when a state in it is first loaded; at most {@value #CACHE} chunks read back
 * are held, the oldest dropped first (a level is expanded in increasing id order, so each is
 * read back about once). A segment file is deleted when its chunk is released, and the
 * directory when the queue is {@link #close closed}.
 *
 * <p>Nothing is allocated per state: a chunk's array is allocated when it is created or read
 * back.
 *
 * <p>Threads: one thread appends and releases; any number may load while nobody does.
 */
public final class StateQueue implements AutoCloseable {
    static final int CHUNK_LOG2 = 14;
    /** Chunks read back from segment files that are held at once. */
    static final int CACHE = 8;
    /** The share of the memory bound the queue keeps in memory by default, before it spills. */
    static final int RESIDENT_SHARE = 8;
    private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(long[][].class);

    private final StatePacker packer;
    private final MemoryBudget budget;
    private final int words;
    private final int stride;
    private final int chunkLog2;
    private final int chunkStates;
    private final long chunkBytes;
    private final long residentBytes;
    private final Path spillParent;
    private volatile long[][] chunks = new long[16][];
    /** Per chunk: true when it is in a segment file (and in {@code chunks} only while read back). */
    private boolean[] spilled = new boolean[16];
    private final ArrayDeque<Integer> readBack = new ArrayDeque<>();
    private Path spillDir;
    private boolean cacheReserved;
    private int end;
    private int released;
    /** Bytes of chunks held in memory that the queue appended (not those read back). */
    private long bytes;
    private long peakBytes;
    private long spilledChunks;

    /** A queue that spills to the system's temporary directory past an eighth of the budget. */
    public StateQueue(StatePacker packer, MemoryBudget budget) {
        this(packer, budget, null, budget.bounded() ? budget.limit() / RESIDENT_SHARE : Long.MAX_VALUE, CHUNK_LOG2);
    }

    /**
     * @param spillParent where the directory of segment files is made, null for the system's
     *     temporary directory
     * @param residentBytes bytes of chunks kept in memory before the queue spills
     * @param chunkLog2 states per chunk, as a power of two (tests spill with small chunks)
     */
    public StateQueue(StatePacker packer, MemoryBudget budget, Path spillParent, long residentBytes, int chunkLog2) {
        this.packer = packer;
        this.budget = budget;
        this.words = packer.words();
        this.stride = Math.max(1, words);
        this.chunkLog2 = chunkLog2;
        this.chunkStates = 1 << chunkLog2;
        this.chunkBytes = 8L * stride * chunkStates;
        this.residentBytes = residentBytes;
        this.spillParent = spillParent;
    }

    /**
     * Appends the packed state at {@code src[offset ..]} under id {@link #end()}.
     *
     * @return false, with nothing appended, when neither the budget nor the disk allows a new chunk
     * @throws UncheckedIOException when a segment file cannot be written
     */
    public boolean append(long[] src, int offset) {
        int c = end >>> chunkLog2;
        long[][] cs = chunks;
        if (c == cs.length) {
            cs = Arrays.copyOf(cs, c * 2);
            spilled = Arrays.copyOf(spilled, c * 2);
            chunks = cs;
        }
        long[] chunk = cs[c];
        if (chunk == null) {
            chunk = newChunk(c);
            if (chunk == null) {
                return false;
            }
            CHUNK.setRelease(cs, c, chunk);
        }
        System.arraycopy(src, offset, chunk, (end & (chunkStates - 1)) * stride, words);
        end++;
        return true;
    }

    /** The array for new chunk {@code c}: a new one, or the previous chunk's once it is spilled. */
    private long[] newChunk(int c) {
        if (bytes + chunkBytes <= residentBytes && budget.tryReserve(chunkBytes)) {
            bytes += chunkBytes;
            peakBytes = Math.max(peakBytes, bytes);
            return new long[stride * chunkStates];
        }
        int previous = c - 1;
        if (previous < 0 || previous < (released >>> chunkLog2) || spilled[previous] || chunks[previous] == null) {
            // Nothing to spill (the first chunk, or the previous one is gone): memory, if the budget allows.
            if (!budget.tryReserve(chunkBytes)) {
                return null;
            }
            bytes += chunkBytes;
            peakBytes = Math.max(peakBytes, bytes);
            return new long[stride * chunkStates];
        }
        if (!cacheReserved) {
            // Reading back needs room of its own; reserved once, when spilling starts.
            if (!budget.tryReserve(CACHE * chunkBytes)) {
                return null;
            }
            cacheReserved = true;
        }
        long[] array = chunks[previous];
        try {
            write(previous, array);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the search queue to " + spillDir + ": " + e.getMessage(), e);
        }
        spilled[previous] = true;
        spilledChunks++;
        CHUNK.setRelease(chunks, previous, (long[]) null);
        return array;
    }

    private Path segment(int c) {
        return spillDir.resolve("q" + c + ".seg");
    }

    private void write(int c, long[] array) throws IOException {
        if (spillDir == null) {
            spillDir = SpillDirectories.create(spillParent);
        }
        ByteBuffer b = ByteBuffer.allocate(8 * array.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(array);
        try (FileChannel ch = FileChannel.open(segment(c), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** Chunk {@code c}, read back from its segment file when it is not in memory. */
    private long[] chunk(int c) {
        long[] a = (long[]) CHUNK.getAcquire(chunks, c);
        return a != null ? a : readBack(c);
    }

    private synchronized long[] readBack(int c) {
        long[][] cs = chunks;
        long[] a = (long[]) CHUNK.getAcquire(cs, c);
        if (a != null) {
            return a;
        }
        if (!spilled[c]) {
            throw new IllegalStateException("queue chunk " + c + " is neither in memory nor on disk");
        }
        if (readBack.size() == CACHE) {
            // A reader may still hold the array: it stays valid for it; only the queue forgets it.
            CHUNK.setRelease(cs, (int) readBack.removeFirst(), (long[]) null);
        }
        a = new long[stride * chunkStates];
        try {
            ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel ch = FileChannel.open(segment(c), StandardOpenOption.READ)) {
                while (b.hasRemaining()) {
                    if (ch.read(b) < 0) {
                        throw new IOException(segment(c) + " is shorter than a chunk");
                    }
                }
            }
            b.flip();
            b.asLongBuffer().get(a);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search queue back from " + spillDir + ": "
                    + e.getMessage(), e);
        }
        CHUNK.setRelease(cs, c, a);
        readBack.addLast(c);
        return a;
    }

    /** Decodes state {@code id} into {@code dst}. */
    public void load(int id, int[] dst) {
        checkQueued(id);
        packer.unpack(chunk(id >>> chunkLog2), (id & (chunkStates - 1)) * stride, dst);
    }

    /** Copies the packed words of state {@code id} to {@code dst[offset ..]}. */
    public void loadPacked(int id, long[] dst, int offset) {
        checkQueued(id);
        System.arraycopy(chunk(id >>> chunkLog2), (id & (chunkStates - 1)) * stride, dst, offset, words);
    }

    private void checkQueued(int id) {
        if (id < released || id >= end) {
            throw new IndexOutOfBoundsException("state " + id + " is not queued (" + released + ".." + (end - 1) + ")");
        }
    }

    /** Drops every state below id {@code below}. */
    public void releaseBelow(int below) {
        int from = released >>> chunkLog2;
        int to = Math.min(below >>> chunkLog2, chunks.length); // chunks entirely below
        for (int c = from; c < to; c++) {
            if (spilled[c]) {
                readBack.remove(c);
                spilled[c] = false;
                try {
                    Files.deleteIfExists(segment(c));
                } catch (IOException e) {
                    // left for close, which deletes the directory
                }
            } else if (chunks[c] != null) {
                budget.release(chunkBytes);
                bytes -= chunkBytes;
            }
            CHUNK.setRelease(chunks, c, (long[]) null);
        }
        released = Math.max(released, below);
    }

    /**
     * Makes the queue start at id {@code first} (for a search that goes on from a checkpoint):
     * it must be empty.
     */
    public void startAt(int first) {
        if (end != 0) {
            throw new IllegalStateException("the queue is not empty");
        }
        end = first;
        released = first;
        int c = first >>> chunkLog2;
        if (c >= chunks.length) {
            int length = Integer.highestOneBit(c) * 2;
            chunks = Arrays.copyOf(chunks, length);
            spilled = Arrays.copyOf(spilled, length);
        }
    }

    /** Writes the states {@code [from, end())}, for a checkpoint; they must be queued. */
    public void save(CheckpointOut out, int from) throws IOException {
        if (from < released || from > end) {
            throw new IllegalArgumentException("states from " + from + " are not queued");
        }
        out.writeInt(from);
        out.writeInt(end);
        for (int id = from; id < end; ) {
            int c = id >>> chunkLog2;
            int last = Math.min(end, (c + 1) << chunkLog2);
            long[] a = chunk(c);
            int at = (id & (chunkStates - 1)) * stride;
            if (words == stride) {
                out.writeLongs(a, at, (last - id) * stride);
            } else {
                for (int i = id; i < last; i++, at += stride) {
                    out.writeLongs(a, at, words);
                }
            }
            id = last;
        }
    }

    /**
     * Reads what {@link #save} wrote into this queue, which must be empty: afterwards it holds
     * the same states under the same ids. False when the memory bound and the disk do not allow it.
     */
    public boolean restore(CheckpointIn in) throws IOException {
        int from = in.readInt();
        int to = in.readInt();
        in.check(from >= 0 && to >= from && (long) (to - from) * words * 8 <= in.remaining(),
                "queue of states " + from + ".." + to);
        startAt(from);
        long[] state = new long[stride];
        for (int id = from; id < to; id++) {
            in.readLongs(state, 0, words);
            if (!append(state, 0)) {
                return false;
            }
        }
        return true;
    }

    /** The id the next appended state gets. */
    public int end() {
        return end;
    }

    /** Bytes of memory held by chunks, not counting those read back from disk. */
    public long bytesUsed() {
        return bytes;
    }

    public long peakBytes() {
        return peakBytes;
    }

    /** Chunks written to segment files so far. */
    public long spilledChunks() {
        return spilledChunks;
    }

    /** Where the segment files are; null when nothing was spilled. */
    public Path spillDirectory() {
        return spillDir;
    }

    /** Releases every chunk and deletes the segment files and their directory. */
    @Override
    public void close() {
        releaseBelow((int) Math.min(Integer.MAX_VALUE, ((long) (end >>> chunkLog2) + 1) << chunkLog2));
        if (cacheReserved) {
            budget.release(CACHE * chunkBytes);
            cacheReserved = false;
        }
        if (spillDir != null) {
            SpillDirectories.delete(spillDir);
        }
    }
}
