package ptecheck.explore.store;

import java.util.Arrays;
import ptecheck.ts.StateLayout;

/**
 * A {@link StateStore} that keeps every state, bit-packed, so states can be read back by id.
 *
 * <p>No object is created per state. Packed states live back to back in chunked {@code long[]}
 * arenas (state {@code id} at a fixed stride), so the arena can pass the 2^31-element limit of a
 * single Java array. The set itself is an open-addressing table of {@code id + 1} (0 marks an
 * empty slot) with linear probing; it is rebuilt at twice the size when more than 5/8 full,
 * rehashing from the arena rather than storing hashes. Parent ids and groups are parallel
 * {@code int[]}s grown by doubling.
 *
 * <p>Because ids follow insertion order, a breadth-first search needs no queue: its frontier is
 * the id range {@code [head, size())}, read back with {@link #load}.
 *
 * <p>LIMITATION: at most 2^30 table slots, filled up to 7/8 at that size: about 940 million
 * states.
 *
 * <p>Not thread-safe.
 */
public final class ExactStateStore implements StateStore {
    static final int DEFAULT_CHUNK_WORDS_LOG2 = 22; // 32 MiB per full chunk
    private static final int MAX_TABLE = 1 << 30;
    private static final int INITIAL_TABLE = 1 << 10;
    private static final int INITIAL_CHUNK_STATES = 1 << 8;

    private final StatePacker packer;
    private final int words;
    private final int stride;
    private final int chunkStatesLog2;
    private final int chunkStatesMask;
    private final long[] scratch;

    private long[][] chunks = new long[1][];
    private int[] table = new int[INITIAL_TABLE];
    private int tableMask = INITIAL_TABLE - 1;
    private int maxFill = fillLimit(INITIAL_TABLE);
    private int[] parents = new int[INITIAL_CHUNK_STATES];
    private int[] groups = new int[INITIAL_CHUNK_STATES];
    private int size;

    public ExactStateStore(StateLayout layout) {
        this(new StatePacker(layout));
    }

    public ExactStateStore(StatePacker packer) {
        this(packer, DEFAULT_CHUNK_WORDS_LOG2);
    }

    /** Tests pass small chunks to exercise chunk boundaries without gigabytes of states. */
    ExactStateStore(StatePacker packer, int chunkWordsLog2) {
        this.packer = packer;
        this.words = packer.words();
        // A state without bits still needs a distinct place, or chunk arithmetic divides by 0.
        this.stride = Math.max(1, words);
        int statesPerChunk = Math.max(1, (1 << chunkWordsLog2) / stride);
        this.chunkStatesLog2 = 31 - Integer.numberOfLeadingZeros(statesPerChunk);
        this.chunkStatesMask = (1 << chunkStatesLog2) - 1;
        this.scratch = new long[stride];
        chunks[0] = new long[Math.min(INITIAL_CHUNK_STATES, 1 << chunkStatesLog2) * stride];
    }

    @Override
    public int findOrPut(int[] state, int parentId, int group) {
        packer.pack(state, scratch, 0);
        int slot = probe(Hashing.hash(scratch, 0, words));
        if (table[slot] != 0) {
            return ABSENT;
        }
        int id = append(parentId, group);
        table[slot] = id + 1;
        if (size > maxFill) {
            growTable();
        }
        return id;
    }

    @Override
    public int find(int[] state) {
        packer.pack(state, scratch, 0);
        return table[probe(Hashing.hash(scratch, 0, words))] - 1;
    }

    @Override
    public boolean matches(int id, int[] state) {
        checkId(id);
        packer.pack(state, scratch, 0);
        return sameAsScratch(id);
    }

    /** Decodes state {@code id} into {@code dst}. */
    public void load(int id, int[] dst) {
        checkId(id);
        packer.unpack(chunks[id >>> chunkStatesLog2], offset(id), dst);
    }

    @Override
    public int parent(int id) {
        checkId(id);
        return parents[id];
    }

    @Override
    public int group(int id) {
        checkId(id);
        return groups[id];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytesUsed() {
        long bytes = 4L * table.length + 4L * parents.length + 4L * groups.length;
        for (long[] chunk : chunks) {
            if (chunk != null) {
                bytes += 8L * chunk.length;
            }
        }
        return bytes;
    }

    /** The table slot holding the packed state in {@code scratch}, or the empty slot for it. */
    private int probe(long hash) {
        int slot = index(hash);
        while (true) {
            int entry = table[slot];
            if (entry == 0 || sameAsScratch(entry - 1)) {
                return slot;
            }
            slot = (slot + 1) & tableMask;
        }
    }

    private boolean sameAsScratch(int id) {
        long[] chunk = chunks[id >>> chunkStatesLog2];
        int at = offset(id);
        for (int w = 0; w < words; w++) {
            if (chunk[at + w] != scratch[w]) {
                return false;
            }
        }
        return true;
    }

    private int append(int parentId, int group) {
        if (size == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("state store full: " + size + " states");
        }
        int id = size;
        long[] chunk = chunkFor(id);
        System.arraycopy(scratch, 0, chunk, offset(id), stride);
        if (id == parents.length) {
            int n = (int) Math.min((long) id * 2, Integer.MAX_VALUE - 8);
            parents = Arrays.copyOf(parents, n);
            groups = Arrays.copyOf(groups, n);
        }
        parents[id] = parentId;
        groups[id] = group;
        size++;
        return id;
    }

    /** The chunk that will hold {@code id}, allocated or grown as needed. */
    private long[] chunkFor(int id) {
        int c = id >>> chunkStatesLog2;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        long[] chunk = chunks[c];
        int fullLength = stride << chunkStatesLog2;
        if (chunk == null) {
            // Earlier chunks are full, so this run is large: allocate the whole chunk at once.
            chunk = new long[fullLength];
            chunks[c] = chunk;
        } else if (offset(id) == chunk.length) {
            // Only chunk 0 starts small, so that small searches stay small.
            chunk = Arrays.copyOf(chunk, Math.min(chunk.length * 2, fullLength));
            chunks[c] = chunk;
        }
        return chunk;
    }

    private void growTable() {
        if (table.length == MAX_TABLE) {
            if (size < MAX_TABLE - MAX_TABLE / 8) {
                return; // denser than planned, but still probing within bounds
            }
            throw new IllegalStateException("exact state store full: " + size + " states");
        }
        int capacity = table.length * 2;
        int[] next = new int[capacity];
        int mask = capacity - 1;
        // Rehash from the arena in id order: no stored hashes needed.
        for (int id = 0; id < size; id++) {
            long[] chunk = chunks[id >>> chunkStatesLog2];
            int slot = indexFor(Hashing.hash(chunk, offset(id), words), mask);
            while (next[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            next[slot] = id + 1;
        }
        table = next;
        tableMask = mask;
        maxFill = fillLimit(capacity);
    }

    private int offset(int id) {
        return (id & chunkStatesMask) * stride;
    }

    private int index(long hash) {
        return indexFor(hash, tableMask);
    }

    private static int indexFor(long hash, int mask) {
        return (int) (hash ^ (hash >>> 32)) & mask;
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
