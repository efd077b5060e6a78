package ptecheck.explore.store;

import java.util.Arrays;

/**
 * How each stored state was first reached: parent id, group and successor index per id, in
 * about as few bits as the values need (what a fingerprint store keeps besides fingerprints, so
 * it is kept small).
 *
 * <p>Ids are split into blocks of {@value #BLOCK} entries. The newest block is kept plainly, in
 * {@code int[]}s that grow up to a block; when it is full it is sealed: encoded once, in a
 * bit-packed {@code long[]} with field widths of its own, chosen from the values it holds.
 * <ul>
 *   <li>Parents (stored as parent + 1, so an initial state's is 0). A breadth-first search hands
 *       out ids level by level and parents in increasing order, so a block's parents rise; such
 *       a block keeps them in unary: for each entry, as many 0 bits as its parent is above the
 *       previous entry's, then a 1. That is one bit per entry plus the span of the block's
 *       parents, about 2 bits per state when every state has about one new successor. A block
 *       whose parents do not rise (a depth-first search) keeps each parent minus the block's
 *       smallest in a fixed width; the block takes whichever coding is smaller.
 *   <li>Groups (+ 1) minus the block's smallest, and successor indexes, in fixed widths: a search
 *       with 60 groups of one successor each takes 6 + 0 bits.
 * </ul>
 * A million-state breadth-first search with 60 groups takes about one byte per state. Reading a
 * unary parent scans its block (at most a few hundred words): parents are read to rebuild a
 * trace, one per step, not in the search's inner loop.
 *
 * <p>Not thread-safe for writes; reads are safe while nobody appends.
 */
final class TraceLog {
    static final int BLOCK_LOG2 = 12;
    static final int BLOCK = 1 << BLOCK_LOG2;
    /** Entries the open block has room for at first: a small search stays small. */
    private static final int FIRST_OPEN = 256;
    /** {@link #parentBits} of a block whose parents are kept in unary. */
    private static final byte UNARY = -1;

    private final MemoryBudget budget;

    // Sealed blocks 0 .. sealed-1, each of BLOCK entries.
    private long[][] blocks = new long[4][];
    /** Unary: the first entry's parent + 1; fixed: the block's smallest parent + 1. */
    private int[] parentBase = new int[4];
    /** Width of a parent field, or {@link #UNARY}. */
    private byte[] parentBits = new byte[4];
    /** Bit position in the block's array where the group and successor fields start. */
    private int[] fieldsAt = new int[4];
    /** The block's smallest group + 1. */
    private int[] groupBase = new int[4];
    private byte[] groupBits = new byte[4];
    private byte[] successorBits = new byte[4];
    private int sealed;

    // The open block: ids sealed * BLOCK .. size-1.
    private int[] openParent = new int[0];
    private int[] openGroup = new int[0];
    private int[] openSuccessor = new int[0];

    private int size;
    /** Bytes of the sealed blocks' arrays. */
    private long sealedBytes;

    TraceLog(MemoryBudget budget) {
        this.budget = budget;
    }

    int size() {
        return size;
    }

    long bytesUsed() {
        return sealedBytes + 12L * openParent.length + 22L * blocks.length;
    }

    /**
     * Appends the entry for id {@link #size()}.
     *
     * @return false, with nothing appended, when the budget does not allow the memory needed
     */
    boolean append(int parent, int group, int successor) {
        int id = size;
        if (parent < -1 || parent >= id) {
            throw new IllegalArgumentException("parent " + parent + " of state " + id + " is not an earlier state");
        }
        if (group < -1 || successor < 0) {
            throw new IllegalArgumentException("bad group " + group + " or successor " + successor);
        }
        int i = id - (sealed << BLOCK_LOG2);
        if (i == BLOCK) {
            if (!seal()) {
                return false;
            }
            i = 0;
        }
        if (i == openParent.length && !growOpen()) {
            return false;
        }
        openParent[i] = parent + 1;
        openGroup[i] = group + 1;
        openSuccessor[i] = successor;
        size++;
        return true;
    }

    /**
     * Writes the entries for a checkpoint: the count, then each entry's parent, group and
     * successor as plain ints. Not the blocks themselves: their encoding is this class's to
     * change, and {@link #restore} re-encodes the entries as {@link #append} does.
     */
    void save(CheckpointOut out) throws java.io.IOException {
        out.writeInt(size);
        for (int id = 0; id < size; id++) {
            out.writeInt(parent(id));
            out.writeInt(group(id));
            out.writeInt(successor(id));
        }
    }

    /** Reads what {@link #save} wrote into this log, which must be empty. */
    void restore(CheckpointIn in) throws java.io.IOException {
        if (size != 0) {
            throw new IllegalStateException("restore into a trace log that is not empty");
        }
        int n = in.readInt();
        in.check(n >= 0 && 12L * n <= in.remaining(), "trace log of " + n + " states");
        for (int id = 0; id < n; id++) {
            int parent = in.readInt();
            int group = in.readInt();
            int successor = in.readInt();
            in.check(parent >= -1 && parent < id && group >= -1 && successor >= 0,
                    "trace log entry " + id + ": parent " + parent + ", group " + group + ", successor " + successor);
            if (!append(parent, group, successor)) {
                throw in.outOfMemory(budget);
            }
        }
    }

    private static int blockCount(int entries) {
        return (int) (((long) entries + BLOCK - 1) >>> BLOCK_LOG2);
    }

    int parent(int id) {
        check(id);
        int b = id >>> BLOCK_LOG2;
        int i = id & (BLOCK - 1);
        if (b == sealed) {
            return openParent[i] - 1;
        }
        long[] a = blocks[b];
        int pw = parentBits[b];
        if (pw != UNARY) {
            return parentBase[b] + (int) get(a, (long) i * pw, pw) - 1;
        }
        // The (i+1)-th 1 bit: the 0s before it are how far the parent rose from the first one.
        int wanted = i;
        for (int w = 0; ; w++) {
            long word = a[w];
            int ones = Long.bitCount(word);
            if (wanted < ones) {
                for (int k = 0; k < wanted; k++) {
                    word &= word - 1;
                }
                int pos = (w << 6) + Long.numberOfTrailingZeros(word);
                return parentBase[b] + (pos - i) - 1;
            }
            wanted -= ones;
        }
    }

    int group(int id) {
        check(id);
        int b = id >>> BLOCK_LOG2;
        int i = id & (BLOCK - 1);
        if (b == sealed) {
            return openGroup[i] - 1;
        }
        int gw = groupBits[b];
        long pos = fieldsAt[b] + (long) i * (gw + successorBits[b]);
        return groupBase[b] + (int) get(blocks[b], pos, gw) - 1;
    }

    int successor(int id) {
        check(id);
        int b = id >>> BLOCK_LOG2;
        int i = id & (BLOCK - 1);
        if (b == sealed) {
            return openSuccessor[i];
        }
        int gw = groupBits[b];
        int kw = successorBits[b];
        return (int) get(blocks[b], fieldsAt[b] + (long) i * (gw + kw) + gw, kw);
    }

    private void check(int id) {
        if (id < 0 || id >= size) {
            throw new IndexOutOfBoundsException("state id " + id + " not in 0.." + (size - 1));
        }
    }

    /** Doubles the open block's arrays, up to a block. */
    private boolean growOpen() {
        int old = openParent.length;
        int next = old == 0 ? FIRST_OPEN : Math.min(BLOCK, 2 * old);
        if (!budget.tryReserve(12L * (next - old))) {
            return false;
        }
        openParent = Arrays.copyOf(openParent, next);
        openGroup = Arrays.copyOf(openGroup, next);
        openSuccessor = Arrays.copyOf(openSuccessor, next);
        return true;
    }

    /** Encodes the full open block as sealed block {@link #sealed}; the open block is then empty. */
    private boolean seal() {
        int[] p = openParent;
        int[] g = openGroup;
        int[] k = openSuccessor;
        int minP = p[0];
        int maxP = p[0];
        boolean rising = true;
        int minG = g[0];
        int maxG = g[0];
        int maxK = 0;
        for (int i = 0; i < BLOCK; i++) {
            rising &= i == 0 || p[i] >= p[i - 1];
            minP = Math.min(minP, p[i]);
            maxP = Math.max(maxP, p[i]);
            minG = Math.min(minG, g[i]);
            maxG = Math.max(maxG, g[i]);
            maxK = Math.max(maxK, k[i]);
        }
        int fixedWidth = bitsFor((long) maxP - minP);
        long fixedBits = (long) BLOCK * fixedWidth;
        long unaryBits = BLOCK + (long) p[BLOCK - 1] - p[0];
        boolean unary = rising && unaryBits < fixedBits;
        long parentSection = ((unary ? unaryBits : fixedBits) + 63) & ~63L;
        int gw = bitsFor((long) maxG - minG);
        int kw = bitsFor(maxK);
        int words = (int) ((parentSection + (long) BLOCK * (gw + kw) + 63) >>> 6);
        if (!budget.tryReserve(8L * words)) {
            return false;
        }
        int b = sealed;
        if (b == blocks.length) {
            int n = 2 * b;
            blocks = Arrays.copyOf(blocks, n);
            parentBase = Arrays.copyOf(parentBase, n);
            parentBits = Arrays.copyOf(parentBits, n);
            fieldsAt = Arrays.copyOf(fieldsAt, n);
            groupBase = Arrays.copyOf(groupBase, n);
            groupBits = Arrays.copyOf(groupBits, n);
            successorBits = Arrays.copyOf(successorBits, n);
        }
        long[] a = new long[words];
        if (unary) {
            long pos = 0;
            for (int i = 0; i < BLOCK; i++) {
                pos += p[i] - (i == 0 ? p[0] : p[i - 1]);
                a[(int) (pos >>> 6)] |= 1L << pos;
                pos++;
            }
            parentBase[b] = p[0];
            parentBits[b] = UNARY;
        } else {
            for (int i = 0; i < BLOCK; i++) {
                put(a, (long) i * fixedWidth, fixedWidth, p[i] - minP);
            }
            parentBase[b] = minP;
            parentBits[b] = (byte) fixedWidth;
        }
        for (int i = 0; i < BLOCK; i++) {
            long at = parentSection + (long) i * (gw + kw);
            put(a, at, gw, g[i] - minG);
            put(a, at + gw, kw, k[i]);
        }
        blocks[b] = a;
        fieldsAt[b] = (int) parentSection;
        groupBase[b] = minG;
        groupBits[b] = (byte) gw;
        successorBits[b] = (byte) kw;
        sealedBytes += 8L * words;
        sealed++;
        return true;
    }

    static int bitsFor(long value) {
        return 64 - Long.numberOfLeadingZeros(value);
    }

    static long get(long[] a, long pos, int width) {
        if (width == 0) {
            return 0;
        }
        int w = (int) (pos >>> 6);
        int sh = (int) (pos & 63);
        long v = a[w] >>> sh;
        if (sh + width > 64) {
            v |= a[w + 1] << (64 - sh);
        }
        return width == 64 ? v : v & ((1L << width) - 1);
    }

    /** Writes {@code value} into bits that are still zero. */
    static void put(long[] a, long pos, int width, long value) {
        if (width == 0) {
            return;
        }
        int w = (int) (pos >>> 6);
        int sh = (int) (pos & 63);
        a[w] |= value << sh;
        if (sh + width > 64) {
            a[w + 1] |= value >>> (64 - sh);
        }
    }
}
