package ptecheck.explore.store;

import java.util.Arrays;
import ptecheck.ts.StateLayout;

/**
 * A lossless {@link StateStore} that shares the parts states have in common: tree compression
 * (Laarman, van de Pol and Weber, "Parallel recursive state compression for free", SPIN 2011;
 * LTSmin's {@code --state=tree}).
 *
 * <p>The packed state is cut into leaves, runs of whole slots of a few bits each, and a binary
 * tree is laid over them: a node is the pair of its children, each a leaf's value or the index
 * of a subtree. Each inner node of the tree has its own {@link NodeTable}, which numbers the
 * distinct pairs it has seen; the root's pairs are the states, in a {@link RootTable} whose
 * index is the state's id. States of a protocol differ in few places, so most subtrees are
 * shared, and the root table takes most of the memory: a few bits of each pair's hash slot,
 * plus the slot's position by id. How states were reached is kept in a {@link TraceLog}, as in
 * the other stores.
 *
 * <p>The tree's shape decides what is shared. A child of the root holding most of what varies
 * has nearly as many distinct values as there are states, and its table costs almost as much as
 * the root's; so once the store holds {@value #FIRST_RESHAPE} states, and again at
 * {@value #SECOND_RESHAPE}, it picks the cut of every node (among contiguous runs of leaves,
 * so that a process's variables stay together) that makes the two halves' distinct values in
 * the states so far most even, and re-inserts the states into the new tree, in id order, so
 * that every id stays. The first shape splits the leaves in the middle.
 *
 * <p>Nothing is allocated per state: lookups walk the tree by recursion, and a state is read back
 * by walking it down from its root pair.
 *
 * <p>LIMITATION: each table holds at most about 2 billion pairs.
 *
 * <p>Threads: see {@link StateStore}. {@link #load}, {@link #loadPacked}, {@link #containsPacked}
 * and {@link #idOfPacked} may be called from several threads while nobody adds.
 */
public final class TreeStateStore implements LosslessStore {
    private static final long FULL_REF = -2;
    /**
     * Bits per leaf, at most 32. Small leaves share more: on bench/'s change_pte_range 4x2
     * (76 bits a state), 8-bit leaves took 14.4 bytes/state, 16-bit ones 17.9 and 32-bit ones
     * 21.1 (with the first root table), for about the same CPU time, as the lookups a state
     * needs are mostly remembered.
     */
    static final int LEAF_BITS = 8;
    /** Store sizes at which the tree is re-shaped to what the states so far vary in. */
    static final int FIRST_RESHAPE = 1 << 12;
    static final int SECOND_RESHAPE = 1 << 17;
    /** States sampled to choose a shape (all of them, or evenly spaced ids). */
    private static final int SAMPLE = 1 << 13;

    private final StatePacker packer;
    private final MemoryBudget budget;
    private final boolean keepIds;
    private final int words;
    /**
     * The leaves' values: runs of whole slots of at most {@value #LEAF_BITS} bits, each at a bit
     * offset of the packed state (at least two leaves). Cutting at slot boundaries keeps a
     * variable in one leaf, so that states that differ in one variable share every other leaf.
     */
    private final long[] leafStart;
    private final int[] leafBits;
    private final long[] scratch;
    private final TraceLog trace;
    private final int firstReshape;
    private final int secondReshape;
    /** The current tree; replaced (between lookups, while adding) when re-shaped. */
    private Shape shape;
    /** The size at which the tree was last re-shaped (or that was tried). */
    private int reshapedAt = -1;
    /**
     * Per thread, the pairs and indexes of the last lookup at every node: the successors of a
     * state differ from each other in a few leaves, so most of a lookup's nodes are where the
     * last one found them, and are not looked up again (the "for free" of the paper). Indexes
     * never change, so a remembered index stays right while the tables grow; a memo of an older
     * shape is cleared.
     */
    private final ThreadLocal<Memo> memo;

    public TreeStateStore(StateLayout layout) {
        this(new StatePacker(layout), MemoryBudget.unlimited());
    }

    /** A store that knows ids ({@link #idOfPacked}). */
    public TreeStateStore(StatePacker packer, MemoryBudget budget) {
        this(packer, budget, true);
    }

    /**
     * @param keepIds whether {@link #idOfPacked} is needed (the progress check): the root table
     *     then keeps each slot's id as well, about 3.5 bytes per state more
     */
    public TreeStateStore(StatePacker packer, MemoryBudget budget, boolean keepIds) {
        this(packer, budget, keepIds, FIRST_RESHAPE, SECOND_RESHAPE);
    }

    /** With the sizes at which the tree is re-shaped (0: never), for tests. */
    TreeStateStore(StatePacker packer, MemoryBudget budget, boolean keepIds, int firstReshape, int secondReshape) {
        this.packer = packer;
        this.budget = budget;
        this.keepIds = keepIds;
        this.words = packer.words();
        this.firstReshape = firstReshape;
        this.secondReshape = secondReshape;
        long[] starts = new long[packer.packedSlots() + 2];
        int[] widths = new int[starts.length];
        int leaves = 0;
        long at = 0;
        for (int k = 0; k < packer.packedSlots(); k++) {
            int b = packer.packedBits(k);
            if (leaves == 0 || widths[leaves - 1] + b > LEAF_BITS) {
                starts[leaves++] = at;
            }
            widths[leaves - 1] += b;
            at += b;
        }
        while (leaves < 2) {
            starts[leaves++] = at; // an empty leaf, always 0
        }
        this.leafStart = Arrays.copyOf(starts, leaves);
        this.leafBits = Arrays.copyOf(widths, leaves);
        this.shape = new Shape(leaves, (from, to) -> from + (to - from + 1) / 2, 0);
        this.scratch = new long[Math.max(1, words)];
        this.trace = new TraceLog(budget);
        int n = leaves - 1;
        this.memo = ThreadLocal.withInitial(() -> new Memo(n));
    }

    /** Where a node over leaves {@code [from, to)} is cut. */
    private interface Cut {
        int at(int from, int to);
    }

    /** A tree over the leaves and its tables. */
    private final class Shape {
        final int generation;
        /**
         * Per node: its left and right child, a node number, or {@code ~k} for the leaf {@code k};
         * for a flat node, its first leaf and the leaf after its last.
         */
        final int[] left;
        final int[] right;
        final boolean[] flat;
        /** The root's table, whose index is the state id. */
        final RootTable root;
        /** The other nodes' tables, by node number (0, the root, has none here). */
        final NodeTable[] tables;
        private int nodes;

        Shape(int leaves, Cut cut, int generation) {
            this.generation = generation;
            left = new int[leaves - 1];
            right = new int[leaves - 1];
            flat = new boolean[leaves - 1];
            build(0, leaves, cut);
            root = new RootTable(budget, keepIds);
            tables = new NodeTable[nodes];
            for (int n = 1; n < nodes; n++) {
                tables[n] = new NodeTable(budget);
            }
        }

        /**
         * Numbers the nodes over leaves {@code [from, to)} in pre-order (the root is 0). A node
         * below the root whose leaves fit a long is flat: its table holds their bits, which is
         * one lookup where a subtree of them takes several.
         */
        private int build(int from, int to, Cut cut) {
            if (to - from == 1) {
                return ~from;
            }
            int node = nodes++;
            if (node > 0 && leafStart[to - 1] + leafBits[to - 1] - leafStart[from] <= 64) {
                flat[node] = true;
                left[node] = from;
                right[node] = to;
                return node;
            }
            int mid = cut.at(from, to);
            left[node] = build(from, mid, cut);
            right[node] = build(mid, to, cut);
            return node;
        }

        long bytesUsed() {
            long bytes = root.bytesUsed();
            for (int n = 1; n < tables.length; n++) {
                bytes += tables[n].bytesUsed();
            }
            return bytes;
        }

        void release() {
            root.release();
            for (int n = 1; n < tables.length; n++) {
                tables[n].release();
            }
        }
    }

    /**
     * What a thread remembers per node: the pair and index of its last lookup, and those of the
     * state it last read back (its successors, looked up next, keep most of its subtrees).
     */
    private static final class Memo {
        final long[] pair;
        final int[] index;
        final long[] loadedPair;
        final int[] loadedIndex;
        int generation;

        Memo(int nodes) {
            pair = new long[nodes];
            index = new int[nodes];
            loadedPair = new long[nodes];
            loadedIndex = new int[nodes];
            Arrays.fill(index, -1);
            Arrays.fill(loadedIndex, -1);
        }

        /** The remembered index of {@code pair} at {@code node}, or -1. */
        int recall(int node, long pair) {
            if (this.pair[node] == pair && index[node] >= 0) {
                return index[node];
            }
            return loadedPair[node] == pair ? loadedIndex[node] : -1;
        }
    }

    /** This thread's memo, cleared if it was made for an older shape. */
    private Memo memo(Shape s) {
        Memo m = memo.get();
        if (m.generation != s.generation) {
            Arrays.fill(m.index, -1);
            Arrays.fill(m.loadedIndex, -1);
            m.generation = s.generation;
        }
        return m;
    }

    @Override
    public StatePacker packer() {
        return packer;
    }

    @Override
    public int findOrPut(int[] state, int parentId, int group, int successor) {
        packer.pack(state, scratch, 0);
        return findOrPutPacked(scratch, 0, 0, parentId, group, successor);
    }

    @Override
    public boolean contains(int[] state) {
        packer.pack(state, scratch, 0);
        return containsPacked(scratch, 0, 0);
    }

    @Override
    public int findOrPutPacked(long[] src, int offset, long hash, int parentId, int group, int successor) {
        return add(src, offset, true, parentId, group, successor);
    }

    /**
     * Adds the packed state (with its trace entry when {@code traced}): its id, {@code ABSENT}
     * when stored, {@code FULL} when the budget refuses.
     */
    private int add(long[] src, int offset, boolean traced, int parentId, int group, int successor) {
        Shape s = shape;
        int n = s.root.size();
        if ((n == firstReshape || n == secondReshape) && n > 0 && n != reshapedAt) {
            reshapedAt = n; // tried once, even when the budget refuses
            s = reshape(s);
        }
        Memo m = memo(s);
        long a = put(s, s.left[0], src, offset, m);
        long b = a < 0 ? FULL_REF : put(s, s.right[0], src, offset, m);
        if (b < 0) {
            return FULL;
        }
        long pair = (a << 32) | b;
        RootTable root = s.root;
        if (m.recall(0, pair) >= 0 || root.find(a, b) >= 0) {
            return ABSENT;
        }
        if (root.size() == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("state store full: " + root.size() + " states");
        }
        // Room first, then the trace, then the state: a refusal leaves no half-added state.
        if (!root.makeRoom(a, b) || (traced && !trace.append(parentId, group, successor))) {
            return FULL;
        }
        int id = root.add(a, b);
        m.pair[0] = pair;
        m.index[0] = id;
        return id;
    }

    @Override
    public boolean containsPacked(long[] src, int offset, long hash) {
        Shape s = shape;
        return findRoot(s, src, offset, memo(s)) >= 0;
    }

    @Override
    public int touchLoad(int id) {
        return (int) shape.root.touchPair(id);
    }

    @Override
    public boolean preparesLookups() {
        return true;
    }

    /** The pair of the state's subtrees in the root table, or -1 when a subtree is absent (so is the state). */
    @Override
    public long prepare(long[] src, int offset, long hash) {
        Shape s = shape;
        return children(s, src, offset, memo(s));
    }

    /** Reads the root table's slot where the lookup of the pair starts: the miss that dominates a lookup. */
    @Override
    public int touchPrepared(long pair) {
        return pair < 0 ? 0 : (int) shape.root.touch(pair >>> 32, pair & 0xFFFFFFFFL);
    }

    @Override
    public boolean containsPrepared(long[] src, int offset, long hash, long pair) {
        if (pair < 0) {
            return false;
        }
        Shape s = shape;
        return memo(s).recall(0, pair) >= 0 || s.root.find(pair >>> 32, pair & 0xFFFFFFFFL) >= 0;
    }

    @Override
    public boolean knowsIds() {
        return keepIds;
    }

    @Override
    public int idOfPacked(long[] src, int offset, long hash) {
        if (!keepIds) {
            throw new UnsupportedOperationException("this tree store was made without ids");
        }
        Shape s = shape;
        long id = findRoot(s, src, offset, memo(s));
        return id >= 0 ? (int) id : ABSENT;
    }

    /** The id of {@code state}, or {@link #ABSENT} when it is not stored. */
    public int find(int[] state) {
        packer.pack(state, scratch, 0);
        return idOfPacked(scratch, 0, 0);
    }

    @Override
    public boolean matches(int id, int[] state) {
        checkId(id);
        packer.pack(state, scratch, 0);
        Shape s = shape;
        return children(s, scratch, 0, memo(s)) == s.root.pair(id);
    }

    @Override
    public void load(int id, int[] dst) {
        checkId(id);
        long[] packed = new long[Math.max(1, words)];
        loadPacked(id, packed, 0);
        packer.unpack(packed, 0, dst);
    }

    @Override
    public void loadPacked(int id, long[] dst, int offset) {
        checkId(id);
        Shape s = shape;
        decode(s, id, dst, offset, memo(s));
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
        return shape.root.size();
    }

    @Override
    public long bytesUsed() {
        return trace.bytesUsed() + shape.bytesUsed();
    }

    /**
     * The states decoded in id order, then the trace log. The tree's own tables are not written:
     * their layout changes as the store re-shapes itself, and re-inserting the states in id
     * order on {@link #restore} rebuilds them with the same ids (as {@link #reshape} does).
     */
    @Override
    public void save(CheckpointOut out) throws java.io.IOException {
        int n = size();
        int w = Math.max(1, words);
        out.writeInt(w);
        out.writeInt(n);
        long[] packed = new long[w];
        Shape s = shape;
        for (int id = 0; id < n; id++) {
            decode(s, id, packed, 0, null);
            out.writeLongs(packed, 0, w);
        }
        trace.save(out);
    }

    @Override
    public void restore(CheckpointIn in) throws java.io.IOException {
        if (size() != 0) {
            throw new IllegalStateException("restore into a store that is not empty");
        }
        int w = Math.max(1, words);
        in.check(in.readInt() == w, "tree store of states of another width");
        int n = in.readInt();
        in.check(n >= 0 && (long) n * w * 8 <= in.remaining(), "tree store of " + n + " states");
        long[] packed = new long[w];
        for (int id = 0; id < n; id++) {
            in.readLongs(packed, 0, w);
            int added = add(packed, 0, false, 0, 0, 0);
            if (added == FULL) {
                throw in.outOfMemory(budget);
            }
            in.check(added == id, "tree store holding state " + id + " twice");
        }
        trace.restore(in);
        in.check(trace.size() == size(), "trace log of " + trace.size() + " states, store of " + size());
    }

    /**
     * The root's entry for the packed state: its id (with ids kept; otherwise 0), or -1 when the
     * state is not stored.
     */
    private long findRoot(Shape s, long[] src, int offset, Memo m) {
        long pair = children(s, src, offset, m);
        if (pair < 0) {
            return -1;
        }
        int known = m.recall(0, pair);
        if (known >= 0) {
            return known;
        }
        int position = s.root.find(pair >>> 32, pair & 0xFFFFFFFFL);
        int id = position < 0 ? -1 : keepIds ? s.root.idAt(position) : 0;
        m.pair[0] = pair;
        m.index[0] = id;
        return id;
    }

    /** The root's pair of child indexes for the packed state, or -1 when a child is absent. */
    private long children(Shape s, long[] src, int offset, Memo m) {
        long a = find(s, s.left[0], src, offset, m);
        if (a < 0) {
            return -1;
        }
        long b = find(s, s.right[0], src, offset, m);
        return b < 0 ? -1 : (a << 32) | b;
    }

    /** Index of the subtree {@code child} of the packed state in its table, or -1 when absent. */
    private long find(Shape s, int child, long[] src, int offset, Memo m) {
        if (child < 0) {
            return leaf(src, offset, ~child);
        }
        long pair;
        if (s.flat[child]) {
            pair = leaves(src, offset, s.left[child], s.right[child]);
        } else {
            long a = find(s, s.left[child], src, offset, m);
            if (a < 0) {
                return -1;
            }
            long b = find(s, s.right[child], src, offset, m);
            if (b < 0) {
                return -1;
            }
            pair = (a << 32) | b;
        }
        int known = m.recall(child, pair);
        if (known >= 0) {
            return known;
        }
        int index = s.tables[child].find(pair);
        m.pair[child] = pair;
        m.index[child] = index;
        return index;
    }

    /** Like {@link #find}, adding what is absent; {@link #FULL_REF} when the budget refuses. */
    private long put(Shape s, int child, long[] src, int offset, Memo m) {
        if (child < 0) {
            return leaf(src, offset, ~child);
        }
        long pair;
        if (s.flat[child]) {
            pair = leaves(src, offset, s.left[child], s.right[child]);
        } else {
            long a = put(s, s.left[child], src, offset, m);
            if (a < 0) {
                return FULL_REF;
            }
            long b = put(s, s.right[child], src, offset, m);
            if (b < 0) {
                return FULL_REF;
            }
            pair = (a << 32) | b;
        }
        int known = m.recall(child, pair);
        if (known >= 0) {
            return known;
        }
        int index = s.tables[child].put(pair);
        if (index == NodeTable.FULL) {
            return FULL_REF;
        }
        m.pair[child] = pair;
        m.index[child] = index;
        return index;
    }

    /** Writes state {@code id} of shape {@code s} into {@code dst[offset ..]}. */
    private void decode(Shape s, int id, long[] dst, int offset, Memo m) {
        for (int w = 0; w < words; w++) {
            dst[offset + w] = 0;
        }
        long pair = s.root.pair(id);
        if (m != null) {
            m.loadedPair[0] = pair;
            m.loadedIndex[0] = keepIds ? id : 0;
        }
        decode(s, s.left[0], pair >>> 32, dst, offset, m);
        decode(s, s.right[0], pair & 0xFFFFFFFFL, dst, offset, m);
    }

    /**
     * Writes the subtree {@code child}, whose index (or leaf's value) is {@code ref}, into dst,
     * remembering its pairs in {@code m} (unless null).
     */
    private void decode(Shape s, int child, long ref, long[] dst, int offset, Memo m) {
        if (child < 0) {
            TraceLog.put(dst, ((long) offset << 6) + leafStart[~child], leafBits[~child], ref);
            return;
        }
        long pair = s.tables[child].pair((int) ref);
        if (m != null) {
            m.loadedPair[child] = pair;
            m.loadedIndex[child] = (int) ref;
        }
        if (s.flat[child]) {
            int from = s.left[child];
            int to = s.right[child];
            TraceLog.put(dst, ((long) offset << 6) + leafStart[from],
                    (int) (leafStart[to - 1] + leafBits[to - 1] - leafStart[from]), pair);
            return;
        }
        decode(s, s.left[child], pair >>> 32, dst, offset, m);
        decode(s, s.right[child], pair & 0xFFFFFFFFL, dst, offset, m);
    }

    /** The bits of leaves {@code [from, to)} of the packed state at {@code src[offset ..]}. */
    private long leaves(long[] src, int offset, int from, int to) {
        long start = leafStart[from];
        return TraceLog.get(src, ((long) offset << 6) + start, (int) (leafStart[to - 1] + leafBits[to - 1] - start));
    }

    /** The value of leaf {@code leaf} of the packed state at {@code src[offset ..]}. */
    private long leaf(long[] src, int offset, int leaf) {
        return TraceLog.get(src, ((long) offset << 6) + leafStart[leaf], leafBits[leaf]);
    }

    private void checkId(int id) {
        if (id < 0 || id >= size()) {
            throw new IndexOutOfBoundsException("state id " + id + " not in 0.." + (size() - 1));
        }
    }

    // ---- re-shaping -------------------------------------------------------------------------

    /**
     * Builds the shape that balances what the states so far vary in and re-inserts them into it,
     * in id order. Keeps {@code old} when the budget refuses (the new tables are then dropped).
     */
    private Shape reshape(Shape old) {
        int n = old.root.size();
        int samples = Math.min(n, SAMPLE);
        int leaves = leafBits.length;
        long[][] values = new long[leaves][samples];
        long[] packed = new long[Math.max(1, words)];
        for (int i = 0; i < samples; i++) {
            decode(old, (int) ((long) i * n / samples), packed, 0, null);
            for (int k = 0; k < leaves; k++) {
                values[k][i] = leaf(packed, 0, k);
            }
        }
        Balancer balancer = new Balancer(values, samples);
        Shape next;
        try {
            next = new Shape(leaves, balancer::cut, old.generation + 1);
        } catch (IllegalArgumentException tooSmall) {
            return old;
        }
        Memo m = new Memo(leaves - 1);
        for (int id = 0; id < n; id++) {
            decode(old, id, packed, 0, null);
            long a = put(next, next.left[0], packed, 0, m);
            long b = a < 0 ? FULL_REF : put(next, next.right[0], packed, 0, m);
            if (b < 0 || !next.root.makeRoom(a, b)) {
                next.release();
                return old;
            }
            next.root.add(a, b);
        }
        old.release();
        shape = next;
        return next;
    }

    /**
     * Chooses cuts from sampled leaf values: of the cuts of {@code [from, to)}, the one whose two
     * sides take the fewest distinct values at most (ties: the one nearest the middle).
     */
    private static final class Balancer {
        private final long[][] values;
        private final int samples;
        private final long[] hashes;
        private final long[] sorted;

        Balancer(long[][] values, int samples) {
            this.values = values;
            this.samples = samples;
            this.hashes = new long[samples];
            this.sorted = new long[samples];
        }

        int cut(int from, int to) {
            int middle = from + (to - from + 1) / 2;
            if (samples == 0) {
                return middle;
            }
            // Distinct values on each side of every cut, from running hashes of the sides: one
            // pass from the left and one from the right, so a node of n leaves costs O(n) hashing.
            int[] leftCount = new int[to - from + 1];
            int[] rightCount = new int[to - from + 1];
            Arrays.fill(hashes, 0, samples, 0x9E3779B97F4A7C15L);
            for (int at = from + 1; at < to; at++) {
                mixIn(at - 1);
                leftCount[at - from] = distinct();
            }
            Arrays.fill(hashes, 0, samples, 0x632BE59BD9B4E019L);
            for (int at = to - 1; at > from; at--) {
                mixIn(at);
                rightCount[at - from] = distinct();
            }
            int best = middle;
            long bestCost = Long.MAX_VALUE;
            for (int at = from + 1; at < to; at++) {
                long cost = Math.max(leftCount[at - from], rightCount[at - from]);
                if (cost < bestCost || (cost == bestCost && Math.abs(at - middle) < Math.abs(best - middle))) {
                    bestCost = cost;
                    best = at;
                }
            }
            return best;
        }

        private void mixIn(int leaf) {
            long[] v = values[leaf];
            for (int i = 0; i < samples; i++) {
                hashes[i] = Hashing.mix(hashes[i] ^ (v[i] + 0x9E3779B97F4A7C15L * (leaf + 1)));
            }
        }

        /** Distinct running hashes among the samples (a collision only undercounts a little). */
        private int distinct() {
            System.arraycopy(hashes, 0, sorted, 0, samples);
            Arrays.sort(sorted, 0, samples);
            int count = 1;
            for (int i = 1; i < samples; i++) {
                if (sorted[i] != sorted[i - 1]) {
                    count++;
                }
            }
            return count;
        }
    }
}
