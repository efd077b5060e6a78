package ptecheck.explore.store;

/**
 * One table of a {@link TreeStateStore}: a set of pairs of unsigned 32-bit values that gives
 * every pair a dense index, in insertion order (LTSmin's per-node hash table, Laarman, van de
 * Pol and Weber, "Parallel recursive state compression for free", SPIN 2011).
 *
 * <p>The pairs live in a {@link PairArena} by index; the set is an open-addressing table of
 * {@code int}s with linear probing, whose slot holds {@code index + 1} in its low bits (0 marks
 * an empty slot) and a few bits of the pair's hash in the bits that index does not need, so
 * that a probe past another pair rarely reads the arena. The capacity need not be a power of
 * two: the home slot is the hash scaled to the capacity, and a large table grows by a quarter
 * (doubling while under 2^20 slots), so it stays between 64% and 80% full: 5 to 6.25 bytes per
 * pair.
 *
 * <p>Threads: one thread at a time may add; any number may look up while nobody adds.
 */
final class NodeTable {
    /** Returned by {@link #put} when the budget allows no more pairs. */
    static final int FULL = Integer.MIN_VALUE;
    static final int ABSENT = -1;

    private static final int INITIAL_CAPACITY = 64;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;
    private static final double MAX_LOAD = 0.8;
    /** How full the table may get when the budget refuses to let it grow. */
    private static final double HARD_LOAD = 0.95;
    private static final int DOUBLING_LIMIT = 1 << 20;
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private final MemoryBudget budget;
    private final PairArena pairs;
    private int[] slots;
    /** The bits of a slot that hold {@code index + 1}; the others hold the hash's tag. */
    private int indexMask;
    private int maxFill;
    private int hardFill;

    NodeTable(MemoryBudget budget) {
        this.budget = budget;
        this.pairs = new PairArena(budget);
        if (!budget.tryReserve(4L * INITIAL_CAPACITY)) {
            throw new IllegalArgumentException("the memory budget of " + budget.limit()
                    + " bytes is too small for an empty state store");
        }
        install(new int[INITIAL_CAPACITY]);
    }

    int size() {
        return pairs.size();
    }

    /** The pair stored under {@code index}, as {@code left << 32 | right}. */
    long pair(int index) {
        return pairs.get(index);
    }

    /** The index of {@code pair}, or {@link #ABSENT}. */
    int find(long pair) {
        long h = hash(pair);
        int[] t = slots;
        int mask = indexMask;
        int tag = (int) h & ~mask;
        int capacity = t.length;
        int i = home(h, capacity);
        while (true) {
            int e = t[i];
            if (e == 0) {
                return ABSENT;
            }
            if ((e & ~mask) == tag) {
                int index = (e & mask) - 1;
                if (pairs.get(index) == pair) {
                    return index;
                }
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /** The index of {@code pair}, added if absent; {@link #FULL} when the budget refuses. */
    int put(long pair) {
        int index = find(pair);
        if (index >= 0) {
            return index;
        }
        return makeRoom(pair) ? add(pair) : FULL;
    }

    /**
     * Makes sure that {@link #add} can store {@code pair} without allocating: false when the
     * budget refuses (the table is then as it was, as far as its pairs go).
     */
    boolean makeRoom(long pair) {
        int n = pairs.size();
        if (n >= maxFill && !grow() && n >= hardFill) {
            return false;
        }
        return pairs.makeRoom(pair);
    }

    /** Adds {@code pair}, which is absent and has room ({@link #makeRoom}); returns its index. */
    int add(long pair) {
        int index = pairs.append(pair);
        insert(slots, indexMask, hash(pair), index);
        return index;
    }

    /** Frees the table (it is not used again). */
    void release() {
        budget.release(4L * slots.length);
        slots = new int[0];
        pairs.release();
    }

    long bytesUsed() {
        return 4L * slots.length + pairs.bytesUsed();
    }

    /** Grows the table by a quarter (doubling while small); false when the budget refuses. */
    private boolean grow() {
        int capacity = slots.length;
        // Doubling while the table is a few MiB at most keeps what growing allocates in all
        // below twice the table; past that, a quarter at a time keeps large tables dense.
        long wanted = capacity < DOUBLING_LIMIT ? 2L * capacity : capacity + capacity / 4;
        int next = (int) Math.min(wanted, MAX_CAPACITY);
        if (next <= capacity || !budget.tryReserve(4L * next)) {
            return false;
        }
        int[] t = new int[next];
        int mask = maskFor(next);
        int n = pairs.size();
        for (int index = 0; index < n; index++) {
            insert(t, mask, hash(pairs.get(index)), index);
        }
        budget.release(4L * capacity);
        install(t);
        return true;
    }

    private void install(int[] t) {
        slots = t;
        indexMask = maskFor(t.length);
        maxFill = (int) (t.length * MAX_LOAD);
        hardFill = (int) (t.length * HARD_LOAD);
    }

    private static void insert(int[] t, int mask, long h, int index) {
        int capacity = t.length;
        int i = home(h, capacity);
        while (t[i] != 0) {
            if (++i == capacity) {
                i = 0;
            }
        }
        t[i] = ((int) h & ~mask) | (index + 1);
    }

    /** Enough low bits for every {@code index + 1} a table of this capacity holds. */
    private static int maskFor(int capacity) {
        int bits = 32 - Integer.numberOfLeadingZeros(capacity);
        return bits >= 32 ? -1 : (1 << bits) - 1;
    }

    private static long hash(long pair) {
        return Hashing.mix(pair + SEED);
    }

    /** The hash scaled to {@code 0 .. capacity-1} (its high bits; the tag takes low ones). */
    private static int home(long h, int capacity) {
        return (int) (Math.multiplyHigh(h, capacity) + ((h >> 63) & capacity));
    }
}
