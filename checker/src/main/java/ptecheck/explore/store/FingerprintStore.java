package ptecheck.explore.store;

import ptecheck.ts.StateLayout;

/**
 * A {@link StateStore} that keeps a 64-bit fingerprint per state (cf. TLC's {@code FPSet}) in a
 * {@link FingerprintTable}, which stores only the part of each fingerprint that its slot does not
 * say (about 44 bits in a million-slot table), plus the compact {@link TraceLog} that rebuilds
 * paths by replay: about 7 to 9 bytes per state in all on a million states, whatever the size of
 * a state.
 *
 * <p>Two states with the same fingerprint count as one, so a state may be missed. The table
 * loses no fingerprint bits (every stored fingerprint can be rebuilt whole), so with {@code n}
 * distinct states and {@code g} generated ones the chance of that is about {@code n (g - n) /
 * 2^64} (TLC's "optimistic" estimate, {@link #optimisticCollisionProbability});
 * {@link #observedCollisionProbability} gives TLC's second estimate, from the closest pair of
 * fingerprints actually stored.
 *
 * <p>The table may run 90% full (a lookup reads a few words of bits and one short run of
 * remainders, however long the cluster). Its capacity need not be a power of two, so it grows
 * by a quarter at a time and the load stays between 72% and 90%. Growing rebuilds every
 * fingerprint and places it in the larger table in one ordered pass.
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
    /** {@link #locateWithRoom}: not stored, and the table has room for it. */
    private static final int ROOM = 0;
    private static final double MAX_LOAD = 0.9;
    /** How full the table may get when the budget refuses to let it grow. */
    private static final double HARD_LOAD = 0.97;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - FingerprintTable.SPILL - 64;

    private final MemoryBudget budget;
    private final TraceLog trace;

    private final boolean keepIds;
    private FingerprintTable table;
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
        if (!budget.tryReserve(FingerprintTable.bytesFor(INITIAL_CAPACITY, keepIds))) {
            throw new IllegalArgumentException("the memory budget of " + budget.limit()
                    + " bytes is too small for an empty state store");
        }
        install(new FingerprintTable(INITIAL_CAPACITY, keepIds));
    }

    @Override
    public int touch(long hash) {
        return (int) table.touch(hash);
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
        FingerprintTable t = table;
        int slot = t.find(hash);
        return slot >= 0 ? t.idAt(slot) : ABSENT;
    }

    @Override
    public boolean containsPacked(long[] src, int offset, long hash) {
        return table.find(hash) >= 0;
    }

    @Override
    public int findOrPutPacked(long[] src, int offset, long hash, int parentId, int group, int successor) {
        int room = locateWithRoom(hash);
        if (room != ROOM) {
            return room;
        }
        if (!trace.append(parentId, group, successor)) {
            return FULL;
        }
        table.place(size);
        return size++;
    }

    /**
     * Locates {@code fp}, growing the table when it must: {@link #ROOM} when {@code place} may
     * follow, {@code ABSENT} when it is stored, {@code FULL} when the budget leaves no room.
     */
    private int locateWithRoom(long fp) {
        while (true) {
            int found = table.locate(fp);
            if (found == FingerprintTable.PRESENT) {
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
            if (found == FingerprintTable.NO_ROOM) {
                if (!grow()) {
                    return FULL;
                }
                continue;
            }
            return ROOM;
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
        return table.bytesUsed() + trace.bytesUsed();
    }

    /**
     * Every fingerprint (with its id, when ids are kept), then the trace log. Not the table's
     * words: {@link #restore} places the fingerprints again, so the table's encoding stays this
     * package's to change.
     */
    @Override
    public void save(CheckpointOut out) throws java.io.IOException {
        out.writeBoolean(keepIds);
        out.writeInt(size);
        FingerprintTable t = table;
        try {
            t.visit((fp, slot) -> {
                try {
                    out.writeLong(fp);
                    if (keepIds) {
                        out.writeInt(t.idAt(slot));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
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
        in.check(n >= 0 && (keepIds ? 12L : 8L) * n <= in.remaining(), "fingerprint store of " + n + " states");
        for (int i = 0; i < n; i++) {
            long fp = in.readLong();
            int id = keepIds ? in.readInt() : i;
            in.check(id >= 0 && id < n, "fingerprint id " + id + " of " + n + " states");
            int placed = place(fp, id);
            if (placed == FULL) {
                throw in.outOfMemory(budget);
            }
            in.check(placed != ABSENT, "fingerprint stored twice");
        }
        trace.restore(in);
        in.check(trace.size() == n, "trace log of " + trace.size() + " states, store of " + n);
    }

    /** Places a fingerprint read back from a checkpoint, growing as {@link #findOrPutPacked} does. */
    private int place(long fp, int id) {
        int room = locateWithRoom(fp);
        if (room != ROOM) {
            return room;
        }
        table.place(id);
        size++;
        return id;
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
        if (size < 2) {
            return 0;
        }
        long[] closest = {-1, 0, 0}; // unsigned smallest distance, previous fingerprint, any yet
        table.visit((fp, slot) -> {
            if (closest[2] != 0 && Long.compareUnsigned(fp - closest[1], closest[0]) < 0) {
                closest[0] = fp - closest[1]; // increasing order, so this is the unsigned distance
            }
            closest[1] = fp;
            closest[2] = 1;
            return true;
        });
        long smallest = closest[0];
        double d = smallest >= 0 ? smallest : smallest + Math.pow(2, 64);
        return 1.0 / Math.max(1.0, d);
    }

    /** Grows the capacity by a quarter (doubling while small). False when the budget refuses. */
    private boolean grow() {
        int capacity = table.capacity();
        long wanted = capacity < (1 << 16) ? 2L * capacity : capacity + capacity / 4;
        while (true) {
            int newCapacity = (int) Math.min(wanted, MAX_CAPACITY);
            if (newCapacity <= capacity) {
                return false;
            }
            long bytes = FingerprintTable.bytesFor(newCapacity, keepIds);
            if (!budget.tryReserve(bytes)) {
                return false;
            }
            FingerprintTable next = new FingerprintTable(newCapacity, keepIds);
            if (!table.copyInto(next)) {
                budget.release(bytes); // spilled past the end: rare, try larger
                wanted = newCapacity + newCapacity / 4;
                continue;
            }
            budget.release(table.bytesUsed());
            install(next);
            return true;
        }
    }

    private void install(FingerprintTable t) {
        table = t;
        maxFill = (int) (t.capacity() * MAX_LOAD);
        hardFill = (int) (t.capacity() * HARD_LOAD);
    }
}
