package ptecheck.explore.reduce;

import java.util.List;
import ptecheck.ts.Symmetry;

/**
 * Symmetry reduction (Ip and Dill's scalarsets; Emerson and Sistla; Clarke, Filkorn and Jha):
 * states that differ only by a renaming of interchangeable indices ({@link Symmetry}) are
 * stored once, under a representative of their class.
 *
 * <p>The representative only decides what is stored. The search keeps the states it actually
 * reached in its frontier, and traces are replayed on them, so a counterexample is a real run
 * of the system, never a jump between members of a class (the lesson of Stateright's
 * {@code dfs.rs}: a representative may have no path extension that the original state has).
 *
 * <p>Why this is sound: any function mapping each state into its own class will do, because
 * the system behaves the same from every member of a class (the {@link Symmetry} contract):
 * when the search skips a state because a member of its class was stored, whatever is
 * reachable from the skipped state is reachable, renamed, from that member, and properties
 * do not see the renaming. A representative that is the same for the whole class reduces
 * most; one that is not only reduces less.
 *
 * <p>The representative of one symmetry: its blocks sorted by content, the value slots
 * renamed to match; when blocks tie, every order of the tied blocks is tried (up to
 * {@value #MAX_CANDIDATES} orders) and the smallest result kept, which makes it the same for
 * the whole class. Slots that hold index values inside blocks are left out of the sort key
 * and decided by that tie-break. Several symmetries are applied one after the other, which
 * is sound but may leave two members of a class with different representatives when their
 * blocks overlap (a TLB indexed by CPU and page).
 *
 * <p>Immutable and thread-safe; each thread uses its own {@link Scratch}.
 */
public final class SymmetryReduction {
    private static final int MAX_CANDIDATES = 5040;

    private final Symmetry[] symmetries;
    /** Per symmetry, per slot: true for slots holding an index value. */
    private final boolean[][] valueSlot;
    private final int slots;

    public SymmetryReduction(List<Symmetry> symmetries, int slots) {
        this.symmetries = symmetries.toArray(new Symmetry[0]);
        this.slots = slots;
        this.valueSlot = new boolean[this.symmetries.length][slots];
        for (int s = 0; s < this.symmetries.length; s++) {
            for (int v : this.symmetries[s].valueSlots()) {
                valueSlot[s][v] = true;
            }
        }
    }

    /** True when there is anything to reduce. */
    public boolean active() {
        for (Symmetry s : symmetries) {
            if (s.size() > 1) {
                return true;
            }
        }
        return false;
    }

    /** Per-thread buffers. */
    public final class Scratch {
        final int[] perm;
        final int[] best;
        final int[] candidate;

        Scratch() {
            int n = 1;
            for (Symmetry s : symmetries) {
                n = Math.max(n, s.size());
            }
            perm = new int[n];
            best = new int[slots];
            candidate = new int[slots];
        }
    }

    public Scratch newScratch() {
        return new Scratch();
    }

    /**
     * Writes the representative of {@code state}'s class to {@code out}.
     *
     * @return false when the representative is {@code state} itself
     */
    public boolean canonicalize(int[] state, int[] out, Scratch sc) {
        System.arraycopy(state, 0, out, 0, slots);
        boolean changed = false;
        for (int s = 0; s < symmetries.length; s++) {
            if (symmetries[s].size() > 1) {
                changed |= apply(s, out, sc);
            }
        }
        return changed;
    }

    /** Replaces {@code state} by its representative for symmetry {@code s}; false when it already is. */
    private boolean apply(int s, int[] state, Scratch sc) {
        Symmetry sym = symmetries[s];
        int n = sym.size();
        int[] perm = sc.perm;
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        // Insertion sort of the blocks by content (value slots left out): n is small.
        for (int i = 1; i < n; i++) {
            int b = perm[i];
            int j = i - 1;
            while (j >= 0 && compareBlocks(s, state, perm[j], b) > 0) {
                perm[j + 1] = perm[j];
                j--;
            }
            perm[j + 1] = b;
        }
        boolean hasValues = sym.valueSlots().length > 0;
        if (!hasValues) {
            boolean identity = true;
            for (int i = 0; i < n && identity; i++) {
                identity = perm[i] == i || compareBlocks(s, state, perm[i], i) == 0;
            }
            if (identity) {
                return false; // sorted already, or only equal blocks move
            }
            build(s, state, perm, sc.candidate);
            copyBack(sym, sc.candidate, state);
            return true;
        }
        // Try every order of tied blocks; keep the smallest result.
        build(s, state, perm, sc.best);
        int tried = 1;
        while (tried < MAX_CANDIDATES && nextTiedOrder(s, state, perm, n)) {
            build(s, state, perm, sc.candidate);
            if (compareChanged(sym, sc.candidate, sc.best) < 0) {
                System.arraycopy(sc.candidate, 0, sc.best, 0, slots);
            }
            tried++;
        }
        boolean changed = compareChanged(sym, sc.best, state) != 0;
        copyBack(sym, sc.best, state);
        return changed;
    }

    /** Block {@code perm[j]} of {@code state} moved to position {@code j}, values renamed, into {@code out}. */
    private void build(int s, int[] state, int[] perm, int[] out) {
        Symmetry sym = symmetries[s];
        int[][] blocks = sym.blocks();
        int n = blocks.length;
        int[] values = sym.values();
        System.arraycopy(state, 0, out, 0, slots);
        for (int j = 0; j < n; j++) {
            int[] from = blocks[perm[j]];
            int[] to = blocks[j];
            for (int k = 0; k < to.length; k++) {
                out[to[k]] = state[from[k]];
            }
        }
        // The renaming maps index perm[j] to j.
        boolean[] isValue = valueSlot[s];
        for (int slot = 0; slot < slots; slot++) {
            if (!isValue[slot]) {
                continue;
            }
            int v = out[slot];
            for (int i = 0; i < n; i++) {
                if (values[i] == v) {
                    int j = 0;
                    while (perm[j] != i) {
                        j++;
                    }
                    out[slot] = values[j];
                    break;
                }
            }
        }
    }

    private int compareBlocks(int s, int[] state, int a, int b) {
        int[] ba = symmetries[s].blocks()[a];
        int[] bb = symmetries[s].blocks()[b];
        boolean[] isValue = valueSlot[s];
        for (int k = 0; k < ba.length; k++) {
            if (isValue[ba[k]]) {
                continue;
            }
            int c = Integer.compare(state[ba[k]], state[bb[k]]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Advances {@code perm} to the next order that keeps the blocks sorted: the next
     * permutation of the last run of tied blocks that has one, resetting the runs after it.
     */
    private boolean nextTiedOrder(int s, int[] state, int[] perm, int n) {
        int end = n;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && compareBlocks(s, state, perm[start - 1], perm[end - 1]) == 0) {
                start--;
            }
            if (end - start > 1 && nextPermutation(perm, start, end)) {
                // Runs after this one go back to their first (ascending) order.
                for (int later = end; later < n; ) {
                    int stop = later + 1;
                    while (stop < n && compareBlocks(s, state, perm[later], perm[stop]) == 0) {
                        stop++;
                    }
                    java.util.Arrays.sort(perm, later, stop);
                    later = stop;
                }
                return true;
            }
            end = start;
        }
        return false;
    }

    private static boolean nextPermutation(int[] a, int from, int to) {
        int i = to - 2;
        while (i >= from && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < from) {
            return false;
        }
        int j = to - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = to - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    /** Compares two candidates on the slots a renaming can change: blocks, then value slots. */
    private static int compareChanged(Symmetry sym, int[] a, int[] b) {
        for (int[] block : sym.blocks()) {
            for (int slot : block) {
                int c = Integer.compare(a[slot], b[slot]);
                if (c != 0) {
                    return c;
                }
            }
        }
        for (int slot : sym.valueSlots()) {
            int c = Integer.compare(a[slot], b[slot]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void copyBack(Symmetry sym, int[] from, int[] to) {
        for (int[] block : sym.blocks()) {
            for (int slot : block) {
                to[slot] = from[slot];
            }
        }
        for (int slot : sym.valueSlots()) {
            to[slot] = from[slot];
        }
    }
}
