package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Slot;

class PackingCodeTest {
    /** Slots of random widths, so that many straddle a word boundary, some take no bits. */
    private static List<Slot> randomSlots(Random rnd, int n) {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int min = rnd.nextInt(7) - 3;
            int bits = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 31);
            long max = min + (1L << bits) - 1;
            slots.add(new Slot("s" + i, min, (int) Math.min(Integer.MAX_VALUE, max)));
        }
        return slots;
    }

    private static int[] randomState(Random rnd, List<Slot> slots) {
        int[] s = new int[slots.size()];
        for (int i = 0; i < s.length; i++) {
            Slot slot = slots.get(i);
            s[i] = (int) (slot.min() + (long) (rnd.nextDouble() * ((long) slot.max() - slot.min() + 1)));
        }
        return s;
    }

    @Test
    void generatedCodeRewritesTheSameWordsAsTheLoop() {
        Random rnd = new Random(15);
        for (int round = 0; round < 40; round++) {
            List<Slot> slots = randomSlots(rnd, 1 + rnd.nextInt(40));
            StatePacker packer = new StatePacker(slots);
            int groups = 1 + rnd.nextInt(PackingCode.CHUNK + 40); // past one chunk now and then
            int[][] writes = new int[groups][];
            for (int g = 0; g < groups; g++) {
                BitSet w = new BitSet();
                for (int i = 0; i < slots.size(); i++) {
                    if (rnd.nextInt(4) == 0) {
                        w.set(i);
                    }
                }
                writes[g] = packer.packedIndexes(w);
            }
            PackingCode repacker = new PackingCode(packer, writes);
            for (int trial = 0; trial < 50; trial++) {
                int g = rnd.nextInt(groups);
                long[] parent = new long[packer.words()];
                packer.pack(randomState(rnd, slots), parent, 0);
                int[] successor = randomState(rnd, slots);
                long[] byLoop = parent.clone();
                packer.repack(successor, byLoop, 0, writes[g]);
                long[] byCode = parent.clone();
                repacker.repack(g, successor, byCode);
                assertArrayEquals(byLoop, byCode, "round " + round + ", group " + g);
            }
        }
    }

    @Test
    void generatedUnpackingDecodesAsTheLoopDoes() {
        Random rnd = new Random(16);
        for (int round = 0; round < 40; round++) {
            // Up to two and a half methods' worth of slots.
            List<Slot> slots = randomSlots(rnd, 1 + rnd.nextInt(PackingCode.MAX_SLOTS * 5 / 2));
            StatePacker packer = new StatePacker(slots);
            PackingCode code = new PackingCode(packer, new int[0][]);
            for (int trial = 0; trial < 20; trial++) {
                int[] state = randomState(rnd, slots);
                int offset = rnd.nextInt(3);
                long[] packed = new long[offset + packer.words()];
                packer.pack(state, packed, offset);
                int[] byCode = new int[slots.size()];
                code.unpack(packed, offset, byCode);
                assertArrayEquals(state, byCode, "round " + round);
            }
        }
    }

    @Test
    void aGroupOfMoreSlotsThanOneMethodTakesIsPackedByTheLoop() {
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < PackingCode.MAX_SLOTS + 10; i++) {
            slots.add(new Slot("s" + i, 0, 5));
        }
        StatePacker packer = new StatePacker(slots);
        BitSet all = new BitSet();
        all.set(0, slots.size());
        PackingCode repacker = new PackingCode(packer, new int[][] {packer.packedIndexes(all)});
        int[] state = new int[slots.size()];
        for (int i = 0; i < state.length; i++) {
            state[i] = i % 6;
        }
        long[] expected = new long[packer.words()];
        packer.pack(state, expected, 0);
        long[] packed = new long[packer.words()];
        repacker.repack(0, state, packed);
        assertArrayEquals(expected, packed);
    }

    @Test
    void aValueOutsideItsSlotFailsAsTheLoopDoes() {
        List<Slot> slots = List.of(new Slot("a", 0, 3), new Slot("b", -2, 61), new Slot("c", 1, 1));
        StatePacker packer = new StatePacker(slots);
        BitSet w = new BitSet();
        w.set(0, 3);
        PackingCode repacker = new PackingCode(packer, new int[][] {packer.packedIndexes(w)});
        int[] bad = {2, 62, 1};
        IllegalArgumentException loop = assertThrows(IllegalArgumentException.class,
                () -> packer.repack(bad, new long[1], 0, packer.packedIndexes(w)));
        IllegalArgumentException code = assertThrows(IllegalArgumentException.class,
                () -> repacker.repack(0, bad, new long[1]));
        assertEquals(loop.getMessage(), code.getMessage());
        assertEquals("value 62 outside the range -2..61 of slot 1", code.getMessage());
    }
}
