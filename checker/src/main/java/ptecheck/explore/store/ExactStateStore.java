package ptecheck.explore.store;

import java.util.Arrays;
import ptecheck.ts.StateLayout;

/**
 * A {@link StateStore} that keeps every state, bit-packed, so states can be read back by id.
 *
 * <p>No object is created per state. Packed states live back to back in chunked {@code long[]}
 * arenas (state {@code id} at a fixed stride), so the arena can pass the 2^31-element limit of a
 * single Java array. The set itself is an open-addressing table with linear probing; a slot
 * holds {@code id + 1} (0 marks an empty slot) next to 32 bits of the state's hash, the bits
 * its slot index is taken from. So a probe passes the other states of its chain without
 * reading them from the arena (a cache miss each: the arena is much larger than the caches),
 * and the table doubles, when more than 5/8 full, without reading the arena or hashing again:
 * each entry goes to its old slot index or that plus the old size, which, scanned in slot
 * order, are two sequential streams of writes. How states were reached is kept in a compact
 * {@link TraceLog}.
 *
 * <p>Because ids follow insertion order, a breadth-first search needs no queue: its frontier is
 * an id range, read back with {@link #load}.
 *
 * <p>LIMITATION: at most 2^30 table slots, filled up to 15/16 at that size: about 1 billion
 * states.
 *
 * <p>Threads: see {@link StateStore}. {@link #load} and {@link #containsPacked} may be called
 * from several threads while nobody adds.
 */
public final class ExactStateStore implements LosslessStore {
    static final int DEFAULT_CHUNK_WORDS_LOG2 = 22; // 32 MiB per full chunk
    private static final int MAX_TABLE = 1 << 30;
    private static final int INITIAL_TABLE = 1 << 10;
    private static final int INITIAL_CHUNK_STATES = 1 << 8;
    private static final long TAG = 0xFFFF_FFFFL;
    /** How far {@link #touch} follows a chain looking for a state with the right tag. */
    private static final int TOUCHED_SLOTS = 4;

    private final StatePacker packer;
    private final MemoryBudget budget;
    private final int words;
    private final int stride;
    private final int chunkStatesLog2;
    private final int chunkStatesMask;
    private final long[] scratch;
    private final TraceLog trace;

    private long[][] chunks = new long[1][];
    /** {@code (id + 1) << 32 | key32(hash)}, 0 for an empty slot. */
    private long[] table;
    private int maxFill;
    private int size;

    public ExactStateStore(StateLayout layout) {
        this(new StatePacker(layout));
    }

    public ExactStateStore(StatePacker packer) {
        this(packer, MemoryBudget.unlimited());
    }

    public ExactStateStore(StatePacker packer, MemoryBudget budget) {
        this(packer, budget, DEFAULT_CHUNK_WORDS_LOG2);
    }

    /** Tests pass small chunks to exercise chunk boundaries without gigabytes of states. */
    ExactStateStore(StatePacker packer, int chunkWordsLog2) {
        this(packer, MemoryBudget.unlimited(), chunkWordsLog2);
    }

    ExactStateStore(StatePacker packer, MemoryBudget budget, int chunkWordsLog2) {
        this.packer = packer;
        this.budget = budget;
        this.words = packer.words();
        // A state without bits still needs a distinct place, or chunk arithmetic divides by 0.
        this.stride = Math.max(1, words);
        int statesPerChunk = Math.max(1, (1 << chunkWordsLog2) / stride);
        this.chunkStatesLog2 = 31 - Integer.numberOfLeadingZeros(statesPerChunk);
        this.chunkStatesMask = (1 << chunkStatesLog2) - 1;
        this.scratch = new long[stride];
        this.trace = new TraceLog(budget);
        int first = Math.min(INITIAL_CHUNK_STATES, 1 << chunkStatesLog2) * stride;
        reserveOrFail(8L * INITIAL_TABLE + 8L * first);
        this.table = new long[INITIAL_TABLE];
        this.maxFill = fillLimit(INITIAL_TABLE);
        chunks[0] = new long[first];
    }

    private void reserveOrFail(long bytes) {
        if (!budget.tryReserve(bytes)) {
            throw new IllegalArgumentException("the memory budget of " + budget.limit()
                    + " bytes is too small for an empty state store");
        }
    }

    @Override
    public StatePacker packer() {
        return packer;
    }

    @Override
    public int findOrPut(int[] state, int parentId, int group, int successor) {
        packer.pack(state, scratch, 0);
        return findOrPutPacked(scratch, 0, Hashing.hash(scratch, 0, words), parentId, group, successor);
    }

    @Override
    public int findOrPutPacked(long[] src, int offset, long hash, int parentId, int group, int successor) {
        int slot = probe(src, offset, hash);
        if (table[slot] != 0) {
            return ABSENT;
        }
        if (size >= table.length - table.length / 16) {
            // Denser than planned: the budget refused a larger table. Grow now or give up.
            if (!growTable()) {
                return FULL;
            }
            slot = probe(src, offset, hash);
        }
        if (size == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("state store full: " + size + " states");
        }
        int id = size;
        long[] chunk = chunkFor(id);
        if (chunk == null || !trace.append(parentId, group, successor)) {
            return FULL;
        }
        System.arraycopy(src, offset, chunk, offset(id), words);
        size++;
        table[slot] = entry(id, hash);
        if (size > maxFill) {
            growTable();
        }
        return id;
    }

    @Override
    public boolean contains(int[] state) {
        return find(state) != ABSENT;
    }

    @Override
    public boolean containsPacked(long[] src, int offset, long hash) {
        return table[probe(src, offset, hash)] != 0;
    }

    @Override
    public boolean knowsIds() {
        return true;
    }

    @Override
    public int idOfPacked(long[] src, int offset, long hash) {
        return idIn(table[probe(src, offset, hash)]);
    }

    /** Reads the slot the lookup of {@code hash} starts at. */
    @Override
    public int touch(long hash) {
        long[] t = table;
        return (int) t[indexFor(hash, t.length - 1)];
    }

    /**
     * When a state with the tag of {@code hash} sits in the slot the lookup starts at or just
     * after it (the same cache line, mostly), reads the first word of that state: the second
     * load a lookup would stall on.
     */
    @Override
    public int touchState(long hash) {
        long[] t = table;
        int mask = t.length - 1;
        long tag = key32(hash) & TAG;
        int slot = indexFor(hash, mask);
        for (int i = 0; i < TOUCHED_SLOTS; i++) {
            long e = t[slot];
            if (e == 0) {
                return 0;
            }
            if ((e & TAG) == tag) {
                int id = idIn(e);
                return (int) chunks[id >>> chunkStatesLog2][offset(id)];
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }

    /** The id of {@code state}, or {@link #ABSENT} when it is not stored. */
    public int find(int[] state) {
        packer.pack(state, scratch, 0);
        return idIn(table[probe(scratch, 0, Hashing.hash(scratch, 0, words))]);
    }

    /** True when {@code state} is the state stored under {@code id}. */
    @Override
    public boolean matches(int id, int[] state) {
        checkId(id);
        packer.pack(state, scratch, 0);
        return same(id, scratch, 0);
    }

    @Override
    public void load(int id, int[] dst) {
        checkId(id);
        packer.unpack(chunks[id >>> chunkStatesLog2], offset(id), dst);
    }

    @Override
    public void loadPacked(int id, long[] dst, int offset) {
        checkId(id);
        System.arraycopy(chunks[id >>> chunkStatesLog2], offset(id), dst, offset, words);
    }

    @Override
    public int parent(int id) {
        return trace.parent(id);
    }

    @Override
    public int group(int id) {
        return trace.group(id);
    }

    @Override
    public int successor(int id) {
        return trace.successor(id);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytesUsed() {
        long bytes = 8L * table.length + trace.bytesUsed();
        for (long[] chunk : chunks) {
            if (chunk != null) {
                bytes += 8L * chunk.length;
            }
        }
        return bytes;
    }

    /**
     * The states (the used part of each chunk) and the trace log. The table is not written:
     * {@link #restore} rebuilds it from the states, so its layout is not part of the format.
     */
    @Override
    public void save(CheckpointOut out) throws java.io.IOException {
        out.writeInt(size);
        out.writeInt(chunkStatesLog2);
        int chunkCount = (int) (((long) size + chunkStatesMask) >>> chunkStatesLog2);
        for (int c = 0; c < chunkCount; c++) {
            int states = Math.min(size - (c << chunkStatesLog2), 1 << chunkStatesLog2);
            out.writeLongs(chunks[c], 0, states * stride);
        }
        trace.save(out);
    }

    @Override
    public void restore(CheckpointIn in) throws java.io.IOException {
        if (size != 0) {
            throw new IllegalStateException("restore into a store that is not empty");
        }
        int n = in.readInt();
        in.check(n >= 0 && in.readInt() == chunkStatesLog2, "exact store of " + n + " states, chunk size");
        int chunkCount = (int) (((long) n + chunkStatesMask) >>> chunkStatesLog2);
        in.check((long) n * stride * 8 <= in.remaining(), "exact store of " + n + " states");
        budget.release(8L * chunks[0].length);
        chunks = new long[Math.max(1, chunkCount)][];
        int fullLength = stride << chunkStatesLog2;
        for (int c = 0; c < chunkCount; c++) {
            int states = Math.min(n - (c << chunkStatesLog2), 1 << chunkStatesLog2);
            // Chunk 0 as chunkFor grows it, by doubling from a small start; the others are whole.
            int length = fullLength;
            if (c == 0) {
                length = Math.min(INITIAL_CHUNK_STATES, 1 << chunkStatesLog2) * stride;
                while (length < states * stride || (chunkCount > 1 && length < fullLength)) {
                    length = Math.min(length * 2, fullLength);
                }
            }
            in.reserve(budget, 8L * length);
            chunks[c] = new long[length];
            in.readLongs(chunks[c], 0, states * stride);
        }
        if (chunkCount == 0) {
            in.reserve(budget, 8L * Math.min(INITIAL_CHUNK_STATES, 1 << chunkStatesLog2) * stride);
            chunks[0] = new long[Math.min(INITIAL_CHUNK_STATES, 1 << chunkStatesLog2) * stride];
        }
        trace.restore(in);
        in.check(trace.size() == n, "trace log of " + trace.size() + " states, store of " + n);
        // The table the search would have grown to, then every state placed again.
        int length = INITIAL_TABLE;
        while (n > fillLimit(length) && length < MAX_TABLE) {
            length *= 2;
        }
        in.check(n <= length - length / 16, "exact store of " + n + " states");
        budget.release(8L * table.length);
        in.reserve(budget, 8L * length);
        size = n;
        table = rebuild(length);
        maxFill = fillLimit(length);
    }

    /** The table slot holding the packed state, or the empty slot for it. */
    private int probe(long[] src, int offset, long hash) {
        long[] t = table;
        int mask = t.length - 1;
        long tag = key32(hash) & TAG;
        int slot = indexFor(hash, mask);
        while (true) {
            long e = t[slot];
            if (e == 0 || ((e & TAG) == tag && same(idIn(e), src, offset))) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean same(int id, long[] src, int offset) {
        long[] chunk = chunks[id >>> chunkStatesLog2];
        int at = offset(id);
        for (int w = 0; w < words; w++) {
            if (chunk[at + w] != src[offset + w]) {
                return false;
            }
        }
        return true;
    }

    /** The chunk that will hold {@code id}, allocated or grown as needed; null when over budget. */
    private long[] chunkFor(int id) {
        int c = id >>> chunkStatesLog2;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        long[] chunk = chunks[c];
        int fullLength = stride << chunkStatesLog2;
        if (chunk == null) {
            // Earlier chunks are full, so this run is large: allocate the whole chunk at once.
            if (!budget.tryReserve(8L * fullLength)) {
                return null;
            }
            chunk = new long[fullLength];
            chunks[c] = chunk;
        } else if (offset(id) == chunk.length) {
            // Only chunk 0 starts small, so that small searches stay small.
            int length = Math.min(chunk.length * 2, fullLength);
            if (!budget.tryReserve(8L * length)) {
                return null;
            }
            chunk = Arrays.copyOf(chunk, length);
            budget.release(8L * chunks[c].length);
            chunks[c] = chunk;
        }
        return chunk;
    }

    /**
     * Doubles the table. False when it cannot: at the maximum size (then it is allowed to fill
     * up to 15/16), or when the budget refuses (then the current table is kept, probing gets
     * slower as it fills, and the store reports {@link #FULL} once it is 15/16 full).
     */
    private boolean growTable() {
        if (table.length == MAX_TABLE) {
            return false;
        }
        int capacity = table.length * 2;
        if (!budget.tryReserve(8L * capacity)) {
            return false;
        }
        long[] next = spread(table, capacity);
        budget.release(8L * table.length);
        table = next;
        maxFill = fillLimit(capacity);
        return true;
    }

    /**
     * The entries of {@code old} in a table of {@code capacity} slots. An entry's slot index is
     * the low bits of the hash bits it keeps, so nothing is read but the old table.
     */
    private static long[] spread(long[] old, int capacity) {
        long[] next = new long[capacity];
        int mask = capacity - 1;
        for (long e : old) {
            if (e != 0) {
                int slot = (int) e & mask;
                while (next[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                next[slot] = e;
            }
        }
        return next;
    }

    /** A table of {@code capacity} slots holding every stored state, hashed from the arena in id order. */
    private long[] rebuild(int capacity) {
        long[] next = new long[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            long hash = Hashing.hash(chunks[id >>> chunkStatesLog2], offset(id), words);
            int slot = indexFor(hash, mask);
            while (next[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            next[slot] = entry(id, hash);
        }
        return next;
    }

    private static long entry(int id, long hash) {
        return ((long) (id + 1) << 32) | (key32(hash) & TAG);
    }

    /** The id in a slot's entry; {@link #ABSENT} for an empty slot. */
    private static int idIn(long entry) {
        return (int) (entry >>> 32) - 1;
    }

    private int offset(int id) {
        return (id & chunkStatesMask) * stride;
    }

    /** The 32 bits of a hash that the table keeps, and takes slot indexes from. */
    private static int key32(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }

    private static int indexFor(long hash, int mask) {
        return key32(hash) & mask;
    }

    private static int fillLimit(int capacity) {
        return capacity / 2 + capacity / 8;
    }

    private void checkId(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("state id " + id + " not in 0.." + (size - 1));
        }
    }
}
