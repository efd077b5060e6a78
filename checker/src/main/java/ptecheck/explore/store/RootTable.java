package ptecheck.explore.store;

/**
 * The root table of a {@link TreeStateStore}: the set of its states, each a pair of child
 * indexes {@code (a, b)}, numbered densely in insertion order (the number is the state's id).
 *
 * <p>It holds one entry per state, so it is made as small as a lossless set can be made
 * without giving up dense ids. The pair is read as a key of {@code k} bits (as many as the two
 * child tables' indexes need), put through a bijection of {@code [0, 2^k)}, and the result
 * {@code p} is split into a home slot {@code p mod capacity} and a quotient
 * {@code p / capacity} (Cleary's compact hashing, "Compact hash tables using bidirectional
 * linear probing", 1984). A slot of an open-addressing table with linear probing keeps only the
 * quotient and how far the entry is from its home, so that the pair is recovered from the
 * slot's position: a few bits instead of the pair's {@code k} plus an index. A lookup that finds
 * its state reads nothing but the slots, one cache miss where an indexed table takes two. Since
 * entries never move between growths, an id's slot position is kept too ({@code positions}, by
 * id), which is how a state is read back by id. With {@code keepIds} the slots' ids are kept as
 * well (by position), for {@link #idAt}.
 *
 * <p>The table grows by half (doubling while small) when 80% full, and is rebuilt from the
 * positions (by decoding every entry) when it grows, when a child index needs a wider field, or
 * when an entry would lie further from its home than its distance field holds.
 *
 * <p>Threads: one thread at a time may add; any number may look up while nobody adds.
 */
final class RootTable {
    /** Returned by {@link #find} for an absent pair. */
    static final int ABSENT = -1;

    private static final int INITIAL_CAPACITY = 64;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;
    private static final double MAX_LOAD = 0.8;
    /** How full the table may get when the budget refuses to let it grow. */
    private static final double HARD_LOAD = 0.95;
    private static final int DOUBLING_LIMIT = 1 << 20;
    /** From this load on, a rebuild for a wider field grows the table too. */
    private static final double ROOMY_LOAD = 0.6;
    private static final int INITIAL_DISTANCE_BITS = 4;
    private static final int BLOCK_LOG2 = 12;
    private static final int BLOCK = 1 << BLOCK_LOG2;
    /** Entries a rebuild moves per batch (see {@link #rebuild}). */
    private static final int REBUILD_BATCH = 64;
    private static final long M1 = 0x9E3779B97F4A7C15L;
    private static final long M2 = 0xBF58476D1CE4E5B9L;
    private static final long M3 = 0x94D049BB133111EBL;
    private static final long I1 = inverse(M1);
    private static final long I2 = inverse(M2);
    private static final long I3 = inverse(M3);

    private final MemoryBudget budget;
    private final boolean keepIds;
    private int size;

    // The key: a << rightBits | b, keyBits in all, and the bijection's shift.
    private int leftBits;
    private int rightBits;
    private int keyBits;
    private long keyMask;
    private int shift;

    // The slots: width bits each, the quotient over the distance + 1 (0: empty).
    private int capacity;
    private long[] slots;
    private int width;
    private int distanceBits;
    private long distanceMask;
    private int maxFill;
    private int hardFill;
    /** With keepIds: the id of the entry in each slot, {@code idBits} each. */
    private long[] ids;
    private int idBits;

    /** Per id, the slot position of its entry, {@code positionBits} each, in blocks of {@value #BLOCK}. */
    private long[][] positions = new long[4][];
    private int positionBits;

    /** Keeps the touching loads of {@link #rebuild} from being optimised away. */
    private long sink;

    private long slotBytes;
    private long positionBytes;

    RootTable(MemoryBudget budget, boolean keepIds) {
        this.budget = budget;
        this.keepIds = keepIds;
        if (!install(INITIAL_CAPACITY, 0, 0, INITIAL_DISTANCE_BITS, true)) {
            throw new IllegalArgumentException("the memory budget of " + budget.limit()
                    + " bytes is too small for an empty state store");
        }
    }

    int size() {
        return size;
    }

    long bytesUsed() {
        return slotBytes + positionBytes + 8L * positions.length;
    }

    /** The slot position of {@code (a, b)}, or {@link #ABSENT}. */
    int find(long a, long b) {
        if (a >>> leftBits != 0 || b >>> rightBits != 0) {
            return ABSENT; // wider than anything stored
        }
        long p = permute((a << rightBits) | b);
        int cap = capacity;
        int i;
        long q;
        if (p <= Integer.MAX_VALUE) { // 32-bit division where it will do
            i = (int) p % cap;
            q = (int) p / cap;
        } else {
            i = (int) (p % cap);
            q = p / cap;
        }
        long[] t = slots;
        int w = width;
        // The slot this entry would have at each distance: the quotient over distance + 1. No
        // entry lies further from home than the distance field holds.
        long expected = (q << distanceBits) | 1;
        long last = (q << distanceBits) | distanceMask;
        while (true) {
            long e = TraceLog.get(t, (long) i * w, w);
            if (e == expected) {
                return i;
            }
            if (e == 0 || expected == last) {
                return ABSENT;
            }
            expected++;
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /**
     * Reads the word holding the home slot of {@code (a, b)}, the first a {@link #find} reads,
     * so that the cache misses of several lookups can overlap.
     */
    long touch(long a, long b) {
        if (a >>> leftBits != 0 || b >>> rightBits != 0) {
            return 0;
        }
        long p = permute((a << rightBits) | b);
        int i = p <= Integer.MAX_VALUE ? (int) p % capacity : (int) (p % capacity);
        return slots[(int) (((long) i * width) >>> 6)];
    }

    /** The id of the entry at slot {@code position} (found by {@link #find}); needs keepIds. */
    int idAt(int position) {
        return (int) TraceLog.get(ids, (long) position * idBits, idBits);
    }

    boolean keepsIds() {
        return keepIds;
    }

    /** The pair of state {@code id}, as {@code a << 32 | b}. */
    long pair(int id) {
        int position = (int) TraceLog.get(positions[id >>> BLOCK_LOG2], (long) (id & (BLOCK - 1)) * positionBits,
                positionBits);
        long key = keyAt(slots, width, distanceBits, capacity, position);
        return ((key >>> rightBits) << 32) | (key & ((1L << rightBits) - 1));
    }

    /** Reads the word holding the slot of state {@code id}, the miss {@link #pair} takes. */
    long touchPair(int id) {
        int position = (int) TraceLog.get(positions[id >>> BLOCK_LOG2], (long) (id & (BLOCK - 1)) * positionBits,
                positionBits);
        return slots[(int) (((long) position * width) >>> 6)];
    }

    /**
     * Makes sure that {@link #add} can store {@code (a, b)}, which is absent, without allocating:
     * false when the budget refuses (the table then holds what it held).
     */
    boolean makeRoom(long a, long b) {
        int lb = Math.max(leftBits, TraceLog.bitsFor(a));
        int rb = Math.max(rightBits, TraceLog.bitsFor(b));
        if (lb != leftBits || rb != rightBits) {
            if (lb + rb > 62) {
                throw new IllegalStateException("a root pair of " + (lb + rb) + " bits: at most 62 are supported");
            }
            if (!rebuildRoomy(lb, rb, distanceBits)) {
                return false;
            }
        }
        if (size >= maxFill && !grow() && size >= hardFill) {
            return false;
        }
        // The distance the entry will be from its home must fit its field.
        while (true) {
            long p = permute((a << rightBits) | b);
            int home = (int) (p % capacity);
            int i = home;
            long d = 1;
            while (TraceLog.get(slots, (long) i * width, width) != 0) {
                d++;
                if (++i == capacity) {
                    i = 0;
                }
            }
            if (d <= distanceMask) {
                break;
            }
            if (!(width < 64 ? rebuildRoomy(leftBits, rightBits, distanceBits + 1) : grow())) {
                return false;
            }
        }
        int block = size >>> BLOCK_LOG2;
        if (block == positions.length) {
            positions = java.util.Arrays.copyOf(positions, block * 2);
        }
        if (positions[block] == null) {
            long bytes = 8L * positionWords(positionBits);
            if (!budget.tryReserve(bytes)) {
                return false;
            }
            positions[block] = new long[positionWords(positionBits)];
            positionBytes += bytes;
        }
        return true;
    }

    /** Adds {@code (a, b)}, which is absent and has room ({@link #makeRoom}); returns its id. */
    int add(long a, long b) {
        int id = size;
        insert(slots, width, distanceBits, capacity, permute((a << rightBits) | b), positions, positionBits, ids,
                idBits, id);
        size++;
        return id;
    }

    /** Frees the table (it is not used again). */
    void release() {
        budget.release(slotBytes + positionBytes);
        slotBytes = 0;
        positionBytes = 0;
        slots = new long[0];
        positions = new long[0][];
    }

    private boolean grow() {
        int next = grown();
        return next > capacity && rebuild(next, leftBits, rightBits, distanceBits);
    }

    private int grown() {
        long wanted = capacity < DOUBLING_LIMIT ? 2L * capacity : capacity + capacity / 2;
        return (int) Math.min(wanted, MAX_CAPACITY);
    }

    /**
     * A rebuild for a wider field. Each rebuild re-inserts every entry, so one that comes when
     * the table is filling up also grows it: the growth would follow soon and cost another pass
     * (on apply_pt_clean 4x2, 115 rebuilds re-inserted 44 million entries for 7 million states
     * before this). Without the budget for the larger table, the same size.
     */
    private boolean rebuildRoomy(int newLeft, int newRight, int newDistanceBits) {
        if (size >= capacity * ROOMY_LOAD) {
            int next = grown();
            if (next > capacity && rebuild(next, newLeft, newRight, newDistanceBits)) {
                return true;
            }
        }
        return rebuild(capacity, newLeft, newRight, newDistanceBits);
    }

    /**
     * Re-inserts every entry into a table of the given shape; false, with nothing changed, when
     * the budget refuses. An entry that would lie too far from its home widens the distance.
     */
    private boolean rebuild(int newCapacity, int newLeft, int newRight, int newDistanceBits) {
        long[] oldSlots = slots;
        int oldWidth = width;
        int oldDistanceBits = distanceBits;
        int oldCapacity = capacity;
        int oldRight = rightBits;
        long[][] oldPositions = positions;
        int oldPositionBits = positionBits;
        long oldSlotBytes = slotBytes;
        long oldPositionBytes = positionBytes;
        long[] oldIds = ids;
        int oldIdBits = idBits;
        int oldLeft = leftBits;
        long oldKeyMask = keyMask;
        int oldKeyBits = keyBits;
        int oldShift = shift;
        int oldMaxFill = maxFill;
        int oldHardFill = hardFill;
        int oldDistance = distanceBits;
        long oldDistanceMask = distanceMask;
        int distance = newDistanceBits;
        while (true) {
            if (!install(newCapacity, newLeft, newRight, distance, false)) {
                restore(oldSlots, oldWidth, oldCapacity, oldLeft, oldRight, oldKeyBits, oldKeyMask, oldShift,
                        oldDistance, oldDistanceMask, oldMaxFill, oldHardFill, oldIds, oldIdBits, oldPositions,
                        oldPositionBits, oldSlotBytes, oldPositionBytes);
                return false;
            }
            boolean fits = true;
            // In batches, each step's loads back to back: the entries' old slots and new homes
            // are all over tables far larger than the caches, and loads between which there is
            // little work overlap their misses.
            int[] at = new int[REBUILD_BATCH];
            long[] permuted = new long[REBUILD_BATCH];
            long touched = 0;
            for (int first = 0; first < size && fits; first += REBUILD_BATCH) {
                int n = Math.min(REBUILD_BATCH, size - first);
                for (int i = 0; i < n; i++) {
                    int id = first + i;
                    int pos = (int) TraceLog.get(oldPositions[id >>> BLOCK_LOG2], (long) (id & (BLOCK - 1)) * oldPositionBits,
                            oldPositionBits);
                    at[i] = pos;
                    touched += oldSlots[(int) (((long) pos * oldWidth) >>> 6)];
                }
                for (int i = 0; i < n; i++) {
                    long key = keyAt(oldSlots, oldWidth, oldDistanceBits, oldCapacity, at[i], oldKeyBits, oldKeyMask, oldShift);
                    long a = key >>> oldRight;
                    long b = key & ((1L << oldRight) - 1);
                    long p = permute((a << rightBits) | b);
                    permuted[i] = p;
                    touched += slots[(int) (((p % capacity) * width) >>> 6)];
                }
                for (int i = 0; i < n && fits; i++) {
                    fits = insert(slots, width, distanceBits, capacity, permuted[i], positions, positionBits, ids, idBits,
                            first + i);
                }
            }
            sink += touched;
            if (fits) {
                break;
            }
            // An entry too far from its home: start again with a wider distance field, or, if
            // the slot would not fit a long, with more room.
            budget.release(slotBytes + positionBytes);
            if (width < 64) {
                distance++;
            } else {
                newCapacity = (int) Math.min(MAX_CAPACITY, newCapacity + newCapacity / 4 + 1);
            }
        }
        budget.release(oldSlotBytes + oldPositionBytes);
        return true;
    }

    private void restore(long[] s, int w, int cap, int lb, int rb, int kb, long km, int sh, int db, long dm, int mf,
                         int hf, long[] i, int ib, long[][] pos, int pb, long sb, long pbytes) {
        slots = s;
        width = w;
        capacity = cap;
        leftBits = lb;
        rightBits = rb;
        keyBits = kb;
        keyMask = km;
        shift = sh;
        distanceBits = db;
        distanceMask = dm;
        maxFill = mf;
        hardFill = hf;
        ids = i;
        idBits = ib;
        positions = pos;
        positionBits = pb;
        slotBytes = sb;
        positionBytes = pbytes;
    }

    /**
     * Allocates empty slots, ids and position blocks (for the current size) of the given shape
     * and makes them current; false, with nothing allocated, when the budget refuses. The caller
     * keeps the old ones to copy from and releases their bytes.
     */
    private boolean install(int newCapacity, int newLeft, int newRight, int newDistanceBits, boolean first) {
        int kb = newLeft + newRight;
        long quotientMax = kb == 0 ? 0 : ((kb == 64 ? -1L : (1L << kb) - 1) / newCapacity);
        int w = TraceLog.bitsFor(quotientMax) + newDistanceBits;
        if (w > 64) {
            return false;
        }
        int ib = keepIds ? TraceLog.bitsFor(newCapacity) : 0;
        int pb = TraceLog.bitsFor(newCapacity - 1);
        long slotWords = ((long) newCapacity * w + 63) >>> 6;
        long idWords = keepIds ? ((long) newCapacity * ib + 63) >>> 6 : 0;
        int blocks = (size >>> BLOCK_LOG2) + 1;
        long sBytes = 8L * (slotWords + idWords + 1);
        long pBytes = first ? 0 : 8L * positionWords(pb) * blocks;
        if (slotWords + idWords + 1 > Integer.MAX_VALUE || !budget.tryReserve(sBytes + pBytes)) {
            return false;
        }
        slots = new long[(int) slotWords + 1]; // + 1: a read of the last slot may look one word further
        ids = keepIds ? new long[(int) idWords + 1] : null;
        long[][] pos = new long[Math.max(4, Integer.highestOneBit(blocks) * 2)][];
        if (!first) {
            for (int b = 0; b < blocks; b++) {
                pos[b] = new long[positionWords(pb)];
            }
        }
        positions = pos;
        slotBytes = sBytes;
        positionBytes = pBytes;
        capacity = newCapacity;
        leftBits = newLeft;
        rightBits = newRight;
        keyBits = kb;
        keyMask = kb == 64 ? -1L : (1L << kb) - 1;
        shift = Math.max(1, (kb + 1) / 2);
        width = w;
        distanceBits = newDistanceBits;
        distanceMask = (1L << newDistanceBits) - 1;
        idBits = ib;
        positionBits = pb;
        maxFill = (int) (newCapacity * MAX_LOAD);
        hardFill = (int) (newCapacity * HARD_LOAD);
        return true;
    }

    private static int positionWords(int bits) {
        return Math.max(1, (BLOCK * bits + 63) >>> 6);
    }

    /**
     * Puts the entry whose permuted key is {@code p} in its first free slot from home and
     * records its position (and id); false when it would lie further than the distance field holds.
     */
    private static boolean insert(long[] t, int w, int dBits, int cap, long p, long[][] positions, int pb, long[] ids,
                                  int ib, int id) {
        int i = (int) (p % cap);
        long q = p / cap;
        long d = 1;
        while (TraceLog.get(t, (long) i * w, w) != 0) {
            d++;
            if (++i == cap) {
                i = 0;
            }
        }
        if (d >>> dBits != 0) {
            return false;
        }
        TraceLog.put(t, (long) i * w, w, (q << dBits) | d);
        TraceLog.put(positions[id >>> BLOCK_LOG2], (long) (id & (BLOCK - 1)) * pb, pb, i);
        if (ids != null) {
            TraceLog.put(ids, (long) i * ib, ib, id);
        }
        return true;
    }

    private long keyAt(long[] t, int w, int dBits, int cap, int position) {
        return keyAt(t, w, dBits, cap, position, keyBits, keyMask, shift);
    }

    /** The (unpermuted) key of the entry at slot {@code position}. */
    private static long keyAt(long[] t, int w, int dBits, int cap, int position, int kb, long mask, int sh) {
        long e = TraceLog.get(t, (long) position * w, w);
        long d = (e & ((1L << dBits) - 1)) - 1;
        long home = position - d;
        if (home < 0) {
            home += cap;
        }
        long p = (e >>> dBits) * cap + home;
        return unpermute(p, mask, sh);
    }

    private long permute(long key) {
        long m = keyMask;
        int s = shift;
        long x = (key * M1) & m;
        x ^= x >>> s;
        x = (x * M2) & m;
        x ^= x >>> s;
        x = (x * M3) & m;
        return x ^ (x >>> s);
    }

    /** The inverse of {@link #permute}: each step is a bijection of {@code [0, 2^k)}. */
    private static long unpermute(long p, long m, int s) {
        long x = p ^ (p >>> s); // x ^= x >>> s is its own inverse when 2s >= k
        x = (x * I3) & m;
        x ^= x >>> s;
        x = (x * I2) & m;
        x ^= x >>> s;
        return (x * I1) & m;
    }

    /** The inverse of an odd number modulo 2^64 (Newton's iteration). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
