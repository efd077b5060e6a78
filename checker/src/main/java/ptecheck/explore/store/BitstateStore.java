package ptecheck.explore.store;

import ptecheck.ts.StateLayout;

/**
 * Bitstate hashing, or supertrace (Holzmann; SPIN's {@code -DBITSTATE}): a state counts as
 * visited when all {@code k} of its bits are set in a fixed array of {@code 2^log2Bits} bits.
 * A new state whose bits are all set already, by other states, is taken for a visited one and
 * never explored, so the search is partial: it can find violations, but a clean run proves
 * nothing. {@link #expectedOmissions()} estimates how many states were lost that way.
 *
 * <p>The {@code k} bit positions come from the state's 64-bit hash by double hashing
 * (Kirsch and Mitzenmacher): {@code h1 + i * h2}, the top bits of each.
 *
 * <p>Paths are rebuilt by replay from the same compact {@link TraceLog} as the other stores,
 * about 1 to 4 bytes per visited state on top of the bit array, so every violation comes with
 * its trace. That is what a breadth-first search must keep (SPIN's depth-first search keeps its
 * stack instead); a run that cannot afford it should use a smaller bound rather than lose
 * traces.
 *
 * <p>Threads: see {@link StateStore}.
 */
public final class BitstateStore extends HashedStore {
    /** SPIN's default of 3 hash functions ({@code -k3}). */
    public static final int DEFAULT_HASHES = 3;

    private final TraceLog trace;
    private final long seed;
    private final long[] bits;
    private final int shift;
    private final int hashes;
    private final double totalBits;

    private long bitsSet;
    private double expectedOmissions;
    /** The log of the chance that no state stored so far found all its bits set already. */
    private double logNoMiss;
    private int size;

    public BitstateStore(StateLayout layout, int log2Bits) {
        this(new StatePacker(layout), MemoryBudget.unlimited(), log2Bits, DEFAULT_HASHES);
    }

    /**
     * @param log2Bits the bit array holds {@code 2^log2Bits} bits, 6 to 36 (8 GiB)
     * @param hashes bits set per state, 1 to 16
     */
    public BitstateStore(StatePacker packer, MemoryBudget budget, int log2Bits, int hashes) {
        this(packer, budget, log2Bits, hashes, 0);
    }

    /**
     * @param seed mixed into every hash before it picks bits, 0 for none: stores with other
     *     seeds lose other states (what a swarm's members vary)
     */
    public BitstateStore(StatePacker packer, MemoryBudget budget, int log2Bits, int hashes, long seed) {
        super(packer);
        this.seed = seed;
        if (log2Bits < 6 || log2Bits > 36) {
            throw new IllegalArgumentException("bitstate array of 2^" + log2Bits + " bits: use 6 to 36");
        }
        if (hashes < 1 || hashes > 16) {
            throw new IllegalArgumentException("bitstate hash functions: " + hashes + ", use 1 to 16");
        }
        this.trace = new TraceLog(budget);
        long longs = 1L << (log2Bits - 6);
        if (!budget.tryReserve(8L * longs)) {
            throw new IllegalArgumentException("a bitstate array of 2^" + log2Bits + " bits (" + (8L * longs)
                    + " bytes) does not fit in the memory budget of " + budget.limit() + " bytes");
        }
        this.bits = new long[(int) longs];
        this.shift = 64 - log2Bits;
        this.hashes = hashes;
        this.totalBits = Math.pow(2, log2Bits);
    }

    @Override
    public boolean containsPacked(long[] src, int offset, long hash) {
        hash = seeded(hash);
        long step = step(hash);
        long h = hash;
        for (int i = 0; i < hashes; i++) {
            long bit = h >>> shift;
            if ((bits[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
            h += step;
        }
        return true;
    }

    @Override
    public int touch(long hash) {
        hash = seeded(hash);
        return (int) bits[(int) ((hash >>> shift) >>> 6)];
    }

    @Override
    public int findOrPutPacked(long[] src, int offset, long hash, int parentId, int group, int successor) {
        if (containsPacked(src, offset, hash)) {
            return ABSENT;
        }
        if (!trace.append(parentId, group, successor)) {
            return FULL;
        }
        hash = seeded(hash);
        // The chance that a new state arriving now finds all its bits set by others.
        double p = Math.pow(bitsSet / totalBits, hashes);
        expectedOmissions += p;
        logNoMiss += Math.log1p(-p);
        long step = step(hash);
        long h = hash;
        for (int i = 0; i < hashes; i++) {
            long bit = h >>> shift;
            int w = (int) (bit >>> 6);
            long mask = 1L << bit;
            if ((bits[w] & mask) == 0) {
                bits[w] |= mask;
                bitsSet++;
            }
            h += step;
        }
        return size++;
    }

    /** The bit array, the estimates so far, and the trace log. */
    @Override
    public void save(CheckpointOut out) throws java.io.IOException {
        out.writeInt(size);
        out.writeLong(bitsSet);
        out.writeDouble(expectedOmissions);
        out.writeDouble(logNoMiss);
        out.writeLongs(bits);
        trace.save(out);
    }

    @Override
    public void restore(CheckpointIn in) throws java.io.IOException {
        if (size != 0) {
            throw new IllegalStateException("restore into a store that is not empty");
        }
        int n = in.readInt();
        long set = in.readLong();
        double omissions = in.readDouble();
        double log = in.readDouble();
        int length = in.length(8);
        in.check(n >= 0 && set >= 0 && length == bits.length, "bit array of " + length + " words, expected "
                + bits.length);
        in.readLongs(bits, 0, length);
        trace.restore(in);
        in.check(trace.size() == n, "trace log of " + trace.size() + " states, store of " + n);
        size = n;
        bitsSet = set;
        expectedOmissions = omissions;
        logNoMiss = log;
    }

    private long seeded(long hash) {
        return seed == 0 ? hash : Hashing.mix(hash ^ seed);
    }

    private static long step(long hash) {
        return Hashing.mix(hash ^ 0x5DEECE66DL) | 1;
    }

    /**
     * Expected number of states taken for visited ones though they were new: the sum, over
     * every state stored, of the chance {@code (set bits / bits)^k} that a new state arriving
     * then collided. States below an omitted one are not counted, so the true loss can be
     * larger; a value well below 1 means the search was very likely complete.
     */
    public double expectedOmissions() {
        return expectedOmissions;
    }

    /**
     * The chance that at least one new state was taken for a visited one: {@code 1 - prod(1 -
     * p_i)} over the states stored, {@code p_i} the chance that a new state arriving then found
     * its bits set. A lower bound: the states never seen because one was missed are not counted,
     * which is also why no share of the reachable states visited can be given (the
     * "coverage" that {@code size / (size + expectedOmissions)} would suggest can be far too
     * high: a 64-bit array can lose half a state space at an estimate of 80%).
     */
    public double missProbability() {
        return -Math.expm1(logNoMiss);
    }

    /** Bits in the array per stored state (SPIN's "hash factor"). */
    public double hashFactor() {
        return size == 0 ? totalBits : totalBits / size;
    }

    public int hashFunctions() {
        return hashes;
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
        return 8L * bits.length + trace.bytesUsed();
    }
}
