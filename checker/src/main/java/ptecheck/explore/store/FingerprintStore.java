package ptecheck.explore.store;

import ptecheck.ts.StateLayout;

/**
 * A {@link StateStore} that keeps a 64-bit fingerprint per state (cf. TLC's {@code FPSet}),
 * plus the compact {@link TraceLog} that rebuilds paths by replay: about 12 to 15 bytes per
 * state in all, whatever the size of a state.
 *
 * <p>Two states with the same fingerprint count as one, so a state may be missed. With
 * {@code n} distinct states and {@code g} generated ones the chance of that is about
 * {@code n (g - n) / 2^64} (TLC's "optimistic" estimate, {@link #optimisticCollisionProbability});
 * {@link #observedCollisionProbability} gives TLC's second estimate, from the closest pair of
 * fingerprints actually stored.
 *
 * <p>The table is an open-addressing array of fingerprints with linear probing whose home slot
 * is monotone in the fingerprint ({@code fp * capacity / 2^64}), and every run of occupied
 * slots is kept sorted: the whole table is then a sorted array with gaps. That is what lets it
 * run 90% full: a lookup stops at the first larger fingerprint, hit or miss, instead of at the
 * next gap; an insertion shifts the rest of its run by one slot. Growing is a single ordered
 * pass. The capacity need not be a power of two, so it grows by a quarter at a time and the
 * load stays between 72% and 90% (8.9 to 11.1 bytes of table per state).
 *
 * <p>Fingerprints are stored XOR the sign bit, so that signed order is the unsigned order of
 * fingerprints; 0 marks an empty slot, and the one fingerprint that would encode as 0 is
 * stored as its neighbour.
 *
 * <p>Built with {@code keepIds}, the store also keeps each fingerprint's id in a parallel
 * {@code int[]} (4 bytes more per slot, about 5 per state), moved along with the fingerprints,
 * so that {@link #idOfPacked} can answer: a search that records the edges of the state graph
 * needs that, and nothing else does.
 *
 * <p>Threads: see {@link StateStore}.
 */
public final class FingerprintStore extends HashedStore {
    private static final int INITIAL_CAPACITY = 1 << 10;
    /** Slots past the capacity, where the last runs may spill instead of wrapping around. */
    private static final int SPILL = 1 << 12;
    private static final double MAX_LOAD = 0.9;
    /** How full the table may get when the budget refuses to let it grow. */
    private static final double HARD_LOAD = 0.97;
    private static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    private final MemoryBudget budget;
    private final TraceLog trace;

    private final boolean keepIds;
    private long[] table;
    /** With {@code keepIds}: the id of the fingerprint in the same slot of {@code table}; else null. */
    private int[] ids;
    /** The ids {@link #rehash} moved, until {@link #grow} installs them. */
    private int[] nextIds;
    private int capacity;
    private int maxFill;
    private int hardFill;
    private int size;

    public FingerprintStore(StateLayout layout) {
        this(new StatePacker(layout), MemoryBudget.unlimited());
    }

    public FingerprintStore(StatePacker packer, MemoryBudget budget) {
        this(packer, budget, false);
    }

    /** @param keepIds keep every fingerprint's id too, so that {@link #idOfPacked} works */
    public FingerprintStore(StatePacker packer, MemoryBudget budget, boolean keepIds) {
        super(packer);
        this.budget = budget;
        this.keepIds = keepIds;
        this.trace = new TraceLog(budget);
        if (!budget.tryReserve(slotBytes() * (INITIAL_CAPACITY + SPILL))) {
            throw new IllegalArgumentException("the memory budget of " + budget.limit()
                    + " bytes is too small for an empty state store");
        }
        table = new long[INITIAL_CAPACITY + SPILL];
        ids = keepIds ? new int[INITIAL_CAPACITY + SPILL] : null;
        capacity = INITIAL_CAPACITY;
        maxFill = (int) (capacity * MAX_LOAD);
        hardFill = (int) (capacity * HARD_LOAD);
    }

    @Override
    public int touch(long hash) {
        long[] t = table;
        return (int) t[home(hash, capacityOf(t))];
    }

    @Override
    public boolean knowsIds() {
        return keepIds;
    }

    @Override
    public int idOfPacked(long[] src, int offset, long hash) {
        if (!keepIds) {
            throw new UnsupportedOperationException("this fingerprint store was built without ids");
        }
        long v = encode(hash);
        long[] t = table;
        int[] d = ids;
        int i = home(hash, capacityOf(t));
        long e;
        while ((e = t[i]) != 0 && e < v) {
            i++;
        }
        return e == v ? d[i] : ABSENT;
    }

    @Override
    public boolean containsPacked(long[] src, int offset, long hash) {
        long v = encode(hash);
        long[] t = table;
        int i = home(hash, capacityOf(t));
        long e;
        while ((e = t[i]) != 0 && e < v) {
            i++;
        }
        return e == v;
    }

    @Override
    public int findOrPutPacked(long[] src, int offset, long hash, int parentId, int group, int successor) {
        long v = encode(hash);
        while (true) {
            int i = home(hash, capacity);
            long e;
            while ((e = table[i]) != 0 && e < v) {
                i++;
            }
            if (e == v) {
                return ABSENT;
            }
            if (size >= maxFill) {
                if (grow()) {
                    continue;
                }
                if (size >= hardFill) {
                    return FULL; // the budget refused a larger table and this one is full
                }
            }
            // Shift the rest of the run right by one slot, into the first gap. The last slot
            // stays empty, so that every scan ends inside the array.
            int gap = i;
            while (table[gap] != 0) {
                gap++;
            }
            if (gap >= table.length - 1) {
                if (!grow()) {
                    return FULL;
                }
                continue;
            }
            if (!trace.append(parentId, group, successor)) {
                return FULL;
            }
            System.arraycopy(table, i, table, i + 1, gap - i);
            table[i] = v;
            if (keepIds) {
                System.arraycopy(ids, i, ids, i + 1, gap - i);
                ids[i] = size;
            }
            return size++;
        }
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
        return slotBytes() * table.length + trace.bytesUsed();
    }

    /** The table (and ids) as they are, and the trace log. */
    @Override
    public void save(CheckpointOut out) throws java.io.IOException {
        out.writeBoolean(keepIds);
        out.writeInt(size);
        out.writeInt(capacity);
        out.writeLongs(table);
        if (keepIds) {
            out.writeInts(ids);
        }
        trace.save(out);
    }

    @Override
    public void restore(CheckpointIn in) throws java.io.IOException {
        if (size != 0) {
            throw new IllegalStateException("restore into a store that is not empty");
        }
        in.check(in.readBoolean() == keepIds, "fingerprint store with ids " + !keepIds + ", expected " + keepIds);
        int n = in.readInt();
        int cap = in.readInt();
        int length = in.length(8);
        in.check(n >= 0 && cap >= INITIAL_CAPACITY && length == (long) cap + SPILL && n <= (int) (cap * HARD_LOAD),
                "fingerprint table of " + length + " slots, capacity " + cap + ", for " + n + " states");
        budget.release(slotBytes() * table.length);
        in.reserve(budget, slotBytes() * length);
        table = new long[length];
        in.readLongs(table, 0, length);
        if (keepIds) {
            in.check(in.length(4) == length, "fingerprint ids");
            ids = new int[length];
            in.readIntsInto(ids);
        }
        capacity = cap;
        maxFill = (int) (capacity * MAX_LOAD);
        hardFill = (int) (capacity * HARD_LOAD);
        trace.restore(in);
        in.check(trace.size() == n, "trace log of " + trace.size() + " states, store of " + n);
        size = n;
    }

    /**
     * TLC's optimistic estimate of the probability that a fingerprint collision made the
     * search miss a state: {@code distinct * (generated - distinct) / 2^64}.
     */
    public static double optimisticCollisionProbability(long distinct, long generated) {
        return distinct * ((generated - distinct) / Math.pow(2, 64));
    }

    /**
     * TLC's estimate from the stored fingerprints themselves: {@code 1 / d}, where {@code d} is
     * the smallest distance between two stored fingerprints. With fingerprints spread uniformly
     * a close pair is as likely as a collision. One pass over the table; 0 with fewer than two
     * states.
     */
    public double observedCollisionProbability() {
        long smallest = -1; // unsigned: the largest possible distance
        long previous = 0;
        boolean first = true;
        for (long e : table) {
            if (e == 0) {
                continue;
            }
            if (!first) {
                long d = e - previous; // sorted, so this is the unsigned distance
                if (Long.compareUnsigned(d, smallest) < 0) {
                    smallest = d;
                }
            }
            previous = e;
            first = false;
        }
        if (size < 2) {
            return 0;
        }
        double d = smallest >= 0 ? smallest : smallest + Math.pow(2, 64);
        return 1.0 / Math.max(1.0, d);
    }

    /** Grows the capacity by a quarter (doubling while small). False when the budget refuses. */
    private boolean grow() {
        long wanted = capacity < (1 << 16) ? 2L * capacity : capacity + capacity / 4;
        while (true) {
            int newCapacity = (int) Math.min(wanted, MAX_LENGTH - SPILL);
            if (newCapacity <= capacity) {
                return false;
            }
            long[] next = rehash(newCapacity);
            if (next == null) {
                return false;
            }
            if (next.length == 0) {
                wanted = newCapacity + newCapacity / 4; // spilled past the end: rare, try larger
                continue;
            }
            budget.release(slotBytes() * table.length);
            table = next;
            ids = nextIds;
            nextIds = null;
            capacity = newCapacity;
            maxFill = (int) (capacity * MAX_LOAD);
            hardFill = (int) (capacity * HARD_LOAD);
            return true;
        }
    }

    /**
     * The table at a new capacity, null when over budget, or empty when it would spill over.
     * With {@code keepIds}, the ids moved along are left in {@code nextIds}.
     */
    private long[] rehash(int newCapacity) {
        int length = newCapacity + SPILL;
        if (!budget.tryReserve(slotBytes() * length)) {
            return null;
        }
        long[] next = new long[length];
        int[] movedIds = keepIds ? new int[length] : null;
        int at = 0;
        for (int i = 0; i < table.length; i++) {
            long e = table[i];
            if (e == 0) {
                continue;
            }
            int pos = Math.max(home(decode(e), newCapacity), at);
            if (pos >= length - 1) {
                budget.release(slotBytes() * length);
                return new long[0];
            }
            next[pos] = e;
            if (movedIds != null) {
                movedIds[pos] = ids[i];
            }
            at = pos + 1;
        }
        nextIds = movedIds;
        return next;
    }

    /** Bytes per table slot: the fingerprint, and its id when kept. */
    private long slotBytes() {
        return keepIds ? 12L : 8L;
    }

    private static int capacityOf(long[] t) {
        return t.length - SPILL;
    }

    /** The home slot: the fingerprint scaled to {@code 0 .. capacity-1}, so monotone. */
    private static int home(long fp, int capacity) {
        long high = Math.multiplyHigh(fp, capacity) + ((fp >> 63) & capacity); // unsigned fp * capacity / 2^64
        return (int) high;
    }

    private static long encode(long fp) {
        long v = fp ^ Long.MIN_VALUE;
        return v == 0 ? 1 : v;
    }

    private static long decode(long v) {
        return v ^ Long.MIN_VALUE;
    }
}
