package ptecheck.explore.store;

import ptecheck.ts.StateLayout;

/**
 * A lossless {@link StateStore} that shares the parts states have in common: tree compression
 * (Laarman, van de Pol and Weber, "Parallel recursive state compression for free", SPIN 2011;
 * LTSmin's {@code --state=tree}).
 *
 * <p>The packed state is cut into leaves, runs of whole slots of a few bits each, and a fixed
 * binary tree is laid over them: a node is the pair of its children, each a leaf's value or the
 * index of a subtree. Each node of the tree has its own {@link NodeTable}, which numbers the
 * distinct pairs it has seen. A state is stored by storing its two halves' subtrees and then the
 * pair of their indexes in the root table; its index there is the state's id. States of a protocol differ in few places, so most subtrees
 * are shared: the root table takes most of the memory, one pair of child indexes per state, bit-
 * packed to about {@code log2} of the child tables' sizes, plus its hash slots. How states were
 * reached is kept in a {@link TraceLog}, as in the other stores.
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
     * (76 bits a state), 8-bit leaves take 14.4 bytes/state, 16-bit ones 17.9 and 32-bit ones
     * 21.1, for about the same CPU time, as the lookups a state needs are mostly remembered.
     */
    static final int LEAF_BITS = 8;

    private final StatePacker packer;
    private final MemoryBudget budget;
    private final int words;
    /**
     * The leaves' values: runs of whole slots of at most {@value #LEAF_BITS} bits, each at a bit
     * offset of the packed state (at least two leaves). Cutting at slot boundaries keeps a
     * variable in one leaf, so that states that differ in one variable share every other leaf.
     */
    private final long[] leafStart;
    private final int[] leafBits;
    private final NodeTable[] tables;
    /** Per node: its left and right child, a node number, or {@code ~k} for the leaf {@code k}. */
    private final int[] left;
    private final int[] right;
    private final long[] scratch;
    private final TraceLog trace;
    /**
     * Per thread, the pairs and indexes of the last lookup at every node: the successors of a
     * state differ from each other in a few leaves, so most of a lookup's nodes are where the
     * last one found them, and are not looked up again (the "for free" of the paper). Indexes
     * never change, so a remembered index stays right while the tables grow.
     */
    private final ThreadLocal<Memo> memo;
    private int nodes;

    public TreeStateStore(StateLayout layout) {
        this(new StatePacker(layout), MemoryBudget.unlimited());
    }

    public TreeStateStore(StatePacker packer, MemoryBudget budget) {
        this.packer = packer;
        this.budget = budget;
        this.words = packer.words();
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
        this.leafStart = java.util.Arrays.copyOf(starts, leaves);
        this.leafBits = java.util.Arrays.copyOf(widths, leaves);
        this.left = new int[leaves - 1];
        this.right = new int[leaves - 1];
        this.tables = new NodeTable[leaves - 1];
        build(0, leaves);
        for (int n = 0; n < tables.length; n++) {
            tables[n] = new NodeTable(budget);
        }
        this.scratch = new long[Math.max(1, words)];
        this.trace = new TraceLog(budget);
        int n = tables.length;
        this.memo = ThreadLocal.withInitial(() -> new Memo(n));
    }

    private static final class Memo {
        final long[] pair;
        final int[] index;

        Memo(int nodes) {
            pair = new long[nodes];
            index = new int[nodes];
            java.util.Arrays.fill(index, -1);
        }
    }

    /** Numbers the nodes over leaves {@code [from, to)} in pre-order (the root is 0). */
    private int build(int from, int to) {
        if (to - from == 1) {
            return ~from;
        }
        int node = nodes++;
        int mid = from + (to - from + 1) / 2;
        left[node] = build(from, mid);
        right[node] = build(mid, to);
        return node;
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
        Memo m = memo.get();
        long a = put(left[0], src, offset, m);
        long b = a < 0 ? FULL_REF : put(right[0], src, offset, m);
        if (b < 0) {
            return FULL;
        }
        long pair = (a << 32) | b;
        NodeTable root = tables[0];
        if ((m.pair[0] == pair && m.index[0] >= 0) || root.find(pair) >= 0) {
            return ABSENT;
        }
        if (root.size() == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("state store full: " + root.size() + " states");
        }
        // Room first, then the trace, then the state: a refusal leaves no half-added state.
        if (!root.makeRoom(pair) || !trace.append(parentId, group, successor)) {
            return FULL;
        }
        int id = root.add(pair);
        m.pair[0] = pair;
        m.index[0] = id;
        return id;
    }

    @Override
    public boolean containsPacked(long[] src, int offset, long hash) {
        return find(0, src, offset, memo.get()) >= 0;
    }

    @Override
    public int idOfPacked(long[] src, int offset, long hash) {
        long id = find(0, src, offset, memo.get());
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
        return find(state) == id;
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
        for (int w = 0; w < words; w++) {
            dst[offset + w] = 0;
        }
        decode(0, id, dst, offset);
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
        return tables[0].size();
    }

    @Override
    public long bytesUsed() {
        long bytes = trace.bytesUsed();
        for (NodeTable t : tables) {
            bytes += t.bytesUsed();
        }
        return bytes;
    }

    /** Every node's table, then the trace log. */
    @Override
    public void save(CheckpointOut out) throws java.io.IOException {
        out.writeInt(tables.length);
        for (NodeTable t : tables) {
            t.save(out);
        }
        trace.save(out);
    }

    @Override
    public void restore(CheckpointIn in) throws java.io.IOException {
        if (size() != 0) {
            throw new IllegalStateException("restore into a store that is not empty");
        }
        in.check(in.readInt() == tables.length, "tree of another shape");
        for (NodeTable t : tables) {
            t.restore(in);
        }
        trace.restore(in);
        in.check(trace.size() == size(), "trace log of " + trace.size() + " states, store of " + size());
    }

    /** Index of the subtree {@code child} of the packed state in its table, or -1 when absent. */
    private long find(int child, long[] src, int offset, Memo m) {
        if (child < 0) {
            return leaf(src, offset, ~child);
        }
        long a = find(left[child], src, offset, m);
        if (a < 0) {
            return -1;
        }
        long b = find(right[child], src, offset, m);
        if (b < 0) {
            return -1;
        }
        long pair = (a << 32) | b;
        if (m.pair[child] == pair && m.index[child] >= 0) {
            return m.index[child];
        }
        int index = tables[child].find(pair);
        m.pair[child] = pair;
        m.index[child] = index;
        return index;
    }

    /** Like {@link #find}, adding what is absent; {@link #FULL_REF} when the budget refuses. */
    private long put(int child, long[] src, int offset, Memo m) {
        if (child < 0) {
            return leaf(src, offset, ~child);
        }
        long a = put(left[child], src, offset, m);
        if (a < 0) {
            return FULL_REF;
        }
        long b = put(right[child], src, offset, m);
        if (b < 0) {
            return FULL_REF;
        }
        long pair = (a << 32) | b;
        if (m.pair[child] == pair && m.index[child] >= 0) {
            return m.index[child];
        }
        int index = tables[child].put(pair);
        if (index == NodeTable.FULL) {
            return FULL_REF;
        }
        m.pair[child] = pair;
        m.index[child] = index;
        return index;
    }

    /** Writes the subtree {@code child}, whose index (or leaf's value) is {@code ref}, into dst. */
    private void decode(int child, long ref, long[] dst, int offset) {
        if (child < 0) {
            TraceLog.put(dst, ((long) offset << 6) + leafStart[~child], leafBits[~child], ref);
            return;
        }
        long pair = tables[child].pair((int) ref);
        decode(left[child], pair >>> 32, dst, offset);
        decode(right[child], pair & 0xFFFFFFFFL, dst, offset);
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
}
