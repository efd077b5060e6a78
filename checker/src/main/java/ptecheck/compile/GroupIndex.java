package ptecheck.compile;

/**
 * The groups that may be enabled in a state, found from the processes' program counters: a
 * process's group is enabled only where its pc is the group's {@code fromPc} (and that test
 * comes first in {@link Group#enabledIn}, so a group left out is disabled without failing). The
 * groups without a pc (agents' rules) are always candidates.
 */
final class GroupIndex {
    private final int words;
    private final long[] always;
    /** The pc slots of the processes (interrupt handlers included). */
    private final int[] pcSlots;
    private final int[] pcMins;
    /** Per process, per pc (from its minimum), the bit set of its groups there; null where none. */
    private final long[][][] byPc;

    GroupIndex(Group[] groups, ptecheck.ts.StateLayout layout) {
        this.words = (groups.length + 63) >>> 6;
        this.always = new long[words];
        java.util.TreeMap<Integer, Integer> processes = new java.util.TreeMap<>();
        for (Group g : groups) {
            if (g.pcSlot() >= 0) {
                processes.putIfAbsent(g.pcSlot(), processes.size());
            }
        }
        this.pcSlots = new int[processes.size()];
        this.pcMins = new int[processes.size()];
        this.byPc = new long[processes.size()][][];
        processes.forEach((slot, p) -> {
            pcSlots[p] = slot;
            pcMins[p] = layout.slot(slot).min();
            byPc[p] = new long[layout.slot(slot).max() - pcMins[p] + 1][];
        });
        for (int g = 0; g < groups.length; g++) {
            Group gr = groups[g];
            if (gr.pcSlot() < 0) {
                always[g >>> 6] |= 1L << g;
                continue;
            }
            int p = processes.get(gr.pcSlot());
            int k = gr.fromPc() - pcMins[p];
            if (k < 0 || k >= byPc[p].length) {
                continue; // a pc the slot cannot hold: never enabled
            }
            if (byPc[p][k] == null) {
                byPc[p][k] = new long[words];
            }
            byPc[p][k][g >>> 6] |= 1L << g;
        }
    }

    /** A buffer for {@link #candidates}, one per thread. */
    long[] newScratch() {
        return new long[words];
    }

    /** See {@link ptecheck.ts.Stepper#candidates}. */
    int candidates(int[] s, int[] out, long[] mask) {
        System.arraycopy(always, 0, mask, 0, words);
        for (int p = 0; p < pcSlots.length; p++) {
            int k = s[pcSlots[p]] - pcMins[p];
            long[][] table = byPc[p];
            if (k >= 0 && k < table.length && table[k] != null) {
                long[] m = table[k];
                for (int w = 0; w < words; w++) {
                    mask[w] |= m[w];
                }
            }
        }
        int n = 0;
        for (int w = 0; w < words; w++) {
            long bits = mask[w];
            while (bits != 0) {
                out[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        return n;
    }
}
