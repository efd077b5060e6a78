package ptecheck.explore.store;

/**
 * A set of 64-bit fingerprints that stores, per fingerprint, only what its slot does not
 * already say: a quotient filter (Bender et al., "Don't thrash", VLDB 2012; Pandey et al.'s
 * run-end form, SIGMOD 2017), after Cleary's compact hash table (1984). Nothing is lost: every
 * fingerprint can be rebuilt from its home and its remainder, so two fingerprints are the same
 * entry only when they are equal, as in a table of whole fingerprints.
 *
 * <p>A fingerprint {@code f} has the home slot {@code h = f * capacity / 2^64} (monotone in
 * {@code f}; the capacity need not be a power of two) and the remainder {@code (f * capacity mod
 * 2^64) >> s}, {@code s = floor(log2 capacity)}: within one home, {@code f * capacity mod 2^64}
 * grows with {@code f} in steps of {@code capacity >= 2^s}, so the remainder tells the
 * fingerprints of one home apart, in order, in {@code 64 - s} bits; and {@code f} is the one
 * whole number with {@code f * capacity} in {@code [h 2^64 + rem 2^s, h 2^64 + (rem + 1) 2^s)},
 * an interval shorter than {@code capacity}.
 *
 * <p>The entries of one home form a run, sorted by remainder; runs are in home order and each
 * starts at its home or right after the run before it, so the table is the sorted list of
 * fingerprints with gaps. Three bits per slot say where things are: <em>occupied</em> (at a
 * home: some fingerprint has this home), <em>run end</em> (at a slot: the last entry of a run)
 * and <em>used</em> (the slot holds an entry). The run of home {@code h} is found by counting
 * from the last unused slot before {@code h}, where no run goes on: the occupied homes up to
 * {@code h} less the run ends before {@code h} is how many runs still go on at {@code h}, and
 * the run of {@code h} is the last of them. A lookup reads a few 64-bit words of those bits and
 * the remainders of one run; an insertion shifts the entries up to the next unused slot by one.
 *
 * <p>Layout: the three kinds of bits in one {@code long[]}, three words per 64 slots (about 3%
 * of the table, so mostly in cache: a lookup may scan a cluster's bits at little cost), and the
 * remainders of {@code r = 64 - s} bits packed end to end in another, where a lookup usually
 * misses the cache once, at the slots {@link #touch} reads ahead. A million-slot table takes 47
 * bits per slot.
 *
 * <p>Homes are below the capacity; runs may spill past it into {@value #SPILL} more slots
 * instead of wrapping around, and the last slot is never used, so scans end inside the table.
 * With {@code keepIds}, an {@code int} per slot moves along with the remainders.
 *
 * <p>Threads: {@link #find} may run on several threads while nobody changes the table.
 */
final class FingerprintTable {
    static final int SPILL = 1 << 12;
    /** {@link #locate}: the fingerprint is in the table. */
    static final int PRESENT = -1;
    /** {@link #locate}: no unused slot before the end of the table to shift entries into. */
    static final int NO_ROOM = -2;

    private static final int OCCUPIED = 0;
    private static final int RUN_END = 1;
    private static final int USED = 2;
    private static final int BITS_WORDS = 3;

    private final int capacity;
    private final Quotienting split;
    private final int slots;
    private final int remBits;
    /** Occupied, run end and used bits of slots {@code 64 b .. 64 b + 63} at {@code 3 b + kind}. */
    private final long[] bits;
    private final long[] rems;
    private final int[] ids;

    // What locate found, for place (one writer).
    private int foundHome;
    private long foundRem;
    private int foundPos;
    private int foundGap;
    /** 0: a new run at foundPos; 1: appended at the end of its run; 2: inside its run. */
    private int foundMode;

    /** Allocates; reserve {@link #bytesFor} first. */
    FingerprintTable(int capacity, boolean keepIds) {
        if (capacity < 2 || capacity > Integer.MAX_VALUE - SPILL - 64) {
            throw new IllegalArgumentException("fingerprint table capacity " + capacity);
        }
        this.capacity = capacity;
        this.split = new Quotienting(capacity);
        this.slots = slotsFor(capacity);
        this.remBits = split.remainderBits();
        this.bits = new long[(slots >>> 6) * BITS_WORDS];
        this.rems = new long[remWords(slots, remBits)];
        this.ids = keepIds ? new int[slots] : null;
    }

    /** Heap bytes of a table of this capacity. */
    static long bytesFor(int capacity, boolean keepIds) {
        int slots = slotsFor(capacity);
        int remBits = 64 - (31 - Integer.numberOfLeadingZeros(capacity));
        return 8L * ((slots >>> 6) * BITS_WORDS + remWords(slots, remBits)) + (keepIds ? 4L * slots : 0);
    }

    /** Words for the remainders, plus one so that a two-word read at the last slot stays inside. */
    private static int remWords(int slots, int remBits) {
        return (int) (((long) slots * remBits + 63) >>> 6) + 1;
    }

    private static int slotsFor(int capacity) {
        return (capacity + SPILL + 63) & ~63;
    }

    int capacity() {
        return capacity;
    }

    long bytesUsed() {
        return 8L * (bits.length + rems.length) + (ids == null ? 0 : 4L * ids.length);
    }

    private int home(long fp) {
        return split.home(fp);
    }

    private long remainderOf(long fp) {
        return split.remainderOf(fp);
    }

    private long fingerprint(int home, long rem) {
        return split.fingerprint(home, rem);
    }

    /** How a fingerprint is cut into a home below {@code capacity} and a remainder, and put back together. */
    static final class Quotienting {
        private final int capacity;
        private final int shift;
        /** {@code 2^64 = quotient * capacity + remainder}. */
        private final long quotient;
        private final long remainder;

        Quotienting(int capacity) {
            if (capacity < 2) {
                throw new IllegalArgumentException("capacity " + capacity);
            }
            this.capacity = capacity;
            this.shift = 31 - Integer.numberOfLeadingZeros(capacity);
            long q = Long.divideUnsigned(-1L, capacity);
            long r = Long.remainderUnsigned(-1L, capacity) + 1;
            if (r == capacity) {
                q++;
                r = 0;
            }
            this.quotient = q;
            this.remainder = r;
        }

        /** Bits of a remainder: {@code 64 - floor(log2 capacity)}. */
        int remainderBits() {
            return 64 - shift;
        }

        /** {@code fp * capacity / 2^64}, {@code fp} unsigned. */
        int home(long fp) {
            return (int) (Math.multiplyHigh(fp, capacity) + ((fp >> 63) & capacity));
        }

        long remainderOf(long fp) {
            return (fp * capacity) >>> shift;
        }

        /** The fingerprint with this home and remainder: the smallest {@code f} with {@code f * capacity >= h 2^64 + rem 2^s}. */
        long fingerprint(int home, long rem) {
            long y = rem << shift;
            long yq = Long.divideUnsigned(y, capacity);
            long yr = y - yq * capacity;
            return home * quotient + yq + (home * remainder + yr + capacity - 1) / capacity;
        }
    }

    /**
     * Reads the words that a lookup of {@code fp} reads first: its home's bits (the first and
     * the last word of its block, which may lie in two cache lines) and remainder.
     */
    long touch(long fp) {
        int h = home(fp);
        int b = (h >>> 6) * BITS_WORDS;
        return bits[b] + bits[b + USED] + rems[(int) (((long) h * remBits) >>> 6)];
    }

    /** The slot holding {@code fp}, or -1. */
    int find(long fp) {
        int h = home(fp);
        if (!bit(h, OCCUPIED)) {
            return -1;
        }
        long rem = remainderOf(fp);
        int start = runStart(h);
        int end = selectRunEnd(start, 1);
        for (int i = start; i <= end; i++) {
            long e = remAt(i);
            if (e >= rem) {
                return e == rem ? i : -1;
            }
        }
        return -1;
    }

    /** The id kept in {@code slot} (tables with ids). */
    int idAt(int slot) {
        return ids[slot];
    }

    /**
     * Finds where {@code fp} goes, for {@link #place}: {@link #PRESENT}, {@link #NO_ROOM}, or 0
     * when it can be placed.
     */
    int locate(long fp) {
        int h = home(fp);
        long rem = remainderOf(fp);
        int pos;
        int mode;
        if (!bit(h, USED)) {
            pos = h; // nothing runs over h, so h starts no run either
            mode = 0;
        } else {
            if (bit(h, OCCUPIED)) {
                pos = runStart(h);
                int end = selectRunEnd(pos, 1);
                while (pos <= end) {
                    long e = remAt(pos);
                    if (e == rem) {
                        return PRESENT;
                    }
                    if (e > rem) {
                        break;
                    }
                    pos++;
                }
                mode = pos > end ? 1 : 2;
            } else {
                // Slot h is used, so the run of an earlier home in this cluster covers it:
                // the new run goes right after the last of those runs.
                pos = selectRunEnd(h, runsReaching(h)) + 1;
                mode = 0;
            }
        }
        int gap = nextUnused(pos);
        if (gap >= slots - 1) {
            return NO_ROOM;
        }
        foundHome = h;
        foundRem = rem;
        foundPos = pos;
        foundGap = gap;
        foundMode = mode;
        return 0;
    }

    /** Places the fingerprint that {@link #locate} last returned 0 for, with its id. */
    void place(int id) {
        int pos = foundPos;
        int gap = foundGap;
        if (gap > pos) {
            moveUp(rems, (long) pos * remBits, (long) gap * remBits, remBits);
            shiftRunEndsUp(pos, gap);
            if (ids != null) {
                System.arraycopy(ids, pos, ids, pos + 1, gap - pos);
            }
        }
        set(gap, USED);
        setRem(pos, foundRem);
        if (ids != null) {
            ids[pos] = id;
        }
        switch (foundMode) {
            case 0 -> set(pos, RUN_END);
            case 1 -> {
                clear(pos - 1, RUN_END);
                set(pos, RUN_END);
            }
            default -> clear(pos, RUN_END);
        }
        set(foundHome, OCCUPIED);
    }

    /** Reads the entries in fingerprint order. */
    interface Visitor {
        /** False to stop. */
        boolean entry(long fp, int slot);
    }

    /** Visits every entry in increasing (unsigned) fingerprint order; false when the visitor stopped. */
    boolean visit(Visitor visitor) {
        int home = nextSet(OCCUPIED, 0);
        for (int b = 0; b < (slots >>> 6); b++) {
            long used = bits[b * BITS_WORDS + USED];
            while (used != 0) {
                int s = (b << 6) + Long.numberOfTrailingZeros(used);
                used &= used - 1;
                if (!visitor.entry(fingerprint(home, remAt(s)), s)) {
                    return false;
                }
                if (bit(s, RUN_END)) {
                    home = nextSet(OCCUPIED, home + 1);
                }
            }
        }
        return true;
    }

    /**
     * Copies every entry into {@code to}, an empty table; false when they do not fit before its
     * end (then {@code to} is to be dropped).
     */
    boolean copyInto(FingerprintTable to) {
        int[] previous = {-1, -1, 0}; // home, slot, next free slot in `to`
        boolean fitted = visit((fp, slot) -> {
            int h = to.home(fp);
            int pos = Math.max(h, previous[2]);
            if (pos >= to.slots - 1) {
                return false;
            }
            if (h != previous[0] && previous[1] >= 0) {
                to.set(previous[1], RUN_END);
            }
            to.set(pos, USED);
            to.set(h, OCCUPIED);
            TraceLog.put(to.rems, (long) pos * to.remBits, to.remBits, to.remainderOf(fp));
            if (ids != null) {
                to.ids[pos] = ids[slot];
            }
            previous[0] = h;
            previous[1] = pos;
            previous[2] = pos + 1;
            return true;
        });
        if (fitted && previous[1] >= 0) {
            to.set(previous[1], RUN_END);
        }
        return fitted;
    }

    private boolean bit(int s, int kind) {
        return (bits[(s >>> 6) * BITS_WORDS + kind] & (1L << s)) != 0;
    }

    private void set(int s, int kind) {
        bits[(s >>> 6) * BITS_WORDS + kind] |= 1L << s;
    }

    private void clear(int s, int kind) {
        bits[(s >>> 6) * BITS_WORDS + kind] &= ~(1L << s);
    }

    private long remAt(int s) {
        return TraceLog.get(rems, (long) s * remBits, remBits);
    }

    private void setRem(int s, long value) {
        long pos = (long) s * remBits;
        int w = (int) (pos >>> 6);
        int sh = (int) (pos & 63);
        long mask = (1L << remBits) - 1;
        rems[w] = (rems[w] & ~(mask << sh)) | (value << sh);
        if (sh + remBits > 64) {
            int high = 64 - sh;
            rems[w + 1] = (rems[w + 1] & ~(mask >>> high)) | (value >>> high);
        }
    }

    /**
     * Moves bits {@code [from, to)} of {@code a} up by {@code by} (1 to 63) bits, a word at a
     * time from the top; what bits {@code [from, from + by)} hold afterwards is unspecified.
     */
    static void moveUp(long[] a, long from, long to, int by) {
        long first = from + by;
        long last = to + by - 1;
        if (last < first) {
            return;
        }
        int wFirst = (int) (first >>> 6);
        int wLast = (int) (last >>> 6);
        for (int w = wLast; w >= wFirst; w--) {
            long src = ((long) w << 6) - by; // the source of bit 0 of word w
            long v;
            if (src < 0) {
                v = a[0] << -src;
            } else {
                int i = (int) (src >>> 6);
                int sh = (int) (src & 63);
                v = sh == 0 ? a[i] : (a[i] >>> sh) | (a[i + 1] << (64 - sh));
            }
            long mask = -1L;
            if (w == wFirst) {
                mask &= -1L << first;
            }
            if (w == wLast) {
                mask &= -1L >>> (63 - (last & 63));
            }
            a[w] = (a[w] & ~mask) | (v & mask);
        }
    }

    /** Moves the run end bits of slots {@code [pos, gap)} up by one slot. */
    private void shiftRunEndsUp(int pos, int gap) {
        int wFirst = pos >>> 6;
        int wLast = gap >>> 6;
        for (int w = wLast; w >= wFirst; w--) {
            int at = w * BITS_WORDS + RUN_END;
            long v = bits[at] << 1;
            if (w > 0) {
                v |= bits[at - BITS_WORDS] >>> 63;
            }
            long mask = -1L;
            if (w == wFirst) {
                mask &= -1L << (pos + 1); // slot pos itself is rewritten by place
            }
            if (w == wLast) {
                mask &= -1L >>> (63 - (gap & 63));
            }
            if ((pos + 1) >>> 6 > w) {
                mask = 0; // pos is the last slot of word w: nothing of it moves into word w
            }
            bits[at] = (bits[at] & ~mask) | (v & mask);
        }
    }

    /** The first slot of the run of {@code h}, an occupied home. */
    private int runStart(int h) {
        int reaching = runsReaching(h);
        return reaching == 1 ? h : selectRunEnd(h, reaching - 1) + 1;
    }

    /**
     * How many runs of homes up to {@code h} end at or after {@code h}: of the runs of the
     * homes from the start of the cluster to {@code h}, those that did not end before {@code h}.
     * Runs of homes before a cluster end before it, so the count starts there. At least 1 when
     * slot {@code h} is used; the run of {@code h}, if any, is the last of them.
     */
    private int runsReaching(int h) {
        int s0 = lastUnusedBefore(h);
        return count(OCCUPIED, s0 + 1, h) - count(RUN_END, s0 + 1, h - 1);
    }

    /** The last unused slot before {@code h}, or -1. */
    private int lastUnusedBefore(int h) {
        int s = h - 1;
        if (s < 0) {
            return -1;
        }
        int b = s >>> 6;
        long free = ~bits[b * BITS_WORDS + USED] & (-1L >>> (63 - (s & 63)));
        while (free == 0) {
            if (--b < 0) {
                return -1;
            }
            free = ~bits[b * BITS_WORDS + USED];
        }
        return (b << 6) + 63 - Long.numberOfLeadingZeros(free);
    }

    /** The first unused slot at or after {@code s}. */
    private int nextUnused(int s) {
        int b = s >>> 6;
        long free = ~bits[b * BITS_WORDS + USED] & (-1L << s);
        while (free == 0) {
            if (++b == slots >>> 6) {
                return slots;
            }
            free = ~bits[b * BITS_WORDS + USED];
        }
        return (b << 6) + Long.numberOfTrailingZeros(free);
    }

    /** The first slot at or after {@code s} with the bit of this kind, or {@code slots}. */
    private int nextSet(int kind, int s) {
        if (s >= slots) {
            return slots;
        }
        int b = s >>> 6;
        long w = bits[b * BITS_WORDS + kind] & (-1L << s);
        while (w == 0) {
            if (++b == slots >>> 6) {
                return slots;
            }
            w = bits[b * BITS_WORDS + kind];
        }
        return (b << 6) + Long.numberOfTrailingZeros(w);
    }

    /** Bits of this kind set in slots {@code from .. to} (inclusive; none when {@code from > to}). */
    private int count(int kind, int from, int to) {
        if (from > to) {
            return 0;
        }
        int b = from >>> 6;
        int last = to >>> 6;
        long w = bits[b * BITS_WORDS + kind] & (-1L << from);
        int n = 0;
        while (b < last) {
            n += Long.bitCount(w);
            w = bits[++b * BITS_WORDS + kind];
        }
        return n + Long.bitCount(w & (-1L >>> (63 - (to & 63))));
    }

    /** The slot of the {@code k}-th (from 1) run end at or after {@code from}. */
    private int selectRunEnd(int from, int k) {
        int b = from >>> 6;
        long w = bits[b * BITS_WORDS + RUN_END] & (-1L << from);
        while (true) {
            int c = Long.bitCount(w);
            if (k <= c) {
                for (int i = 1; i < k; i++) {
                    w &= w - 1;
                }
                return (b << 6) + Long.numberOfTrailingZeros(w);
            }
            k -= c;
            w = bits[++b * BITS_WORDS + RUN_END];
        }
    }
}
