package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Slot;

class StatePackerTest {

    @Test
    void repackingTheChangedSlotsGivesWhatPackingEverythingGives() {
        // Slots of 3, 0, 32, 30, 5 and 17 bits: two straddle a word boundary.
        List<Slot> slots = List.of(new Slot("a", 0, 7), new Slot("k", 5, 5),
                new Slot("w", Integer.MIN_VALUE, Integer.MAX_VALUE), new Slot("x", 0, (1 << 30) - 1),
                new Slot("y", -3, 28), new Slot("z", 0, (1 << 17) - 1));
        StatePacker p = new StatePacker(slots);
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 2000; round++) {
            int[] before = randomState(slots, random);
            int[] after = before.clone();
            java.util.BitSet changed = new java.util.BitSet();
            for (int i = 0; i < slots.size(); i++) {
                if (random.nextBoolean()) {
                    after[i] = randomState(slots, random)[i];
                    changed.set(i);
                }
            }
            long[] incremental = new long[p.words()];
            p.pack(before, incremental, 0);
            p.repack(after, incremental, 0, p.packedIndexes(changed));
            long[] full = new long[p.words()];
            p.pack(after, full, 0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(full, incremental, "round " + round);
        }
    }

    private static int[] randomState(List<Slot> slots, java.util.Random random) {
        int[] s = new int[slots.size()];
        for (int i = 0; i < s.length; i++) {
            Slot slot = slots.get(i);
            s[i] = (int) (slot.min() + (long) (random.nextDouble() * ((long) slot.max() - slot.min() + 1)));
        }
        return s;
    }

    @Test
    void wordsAreTheTotalBitsRoundedUpToWholeLongs() {
        // 3 + 0 + 32 + 30 = 65 bits: two words, the 32-bit slot straddling none, the 30-bit one the boundary.
        StatePacker p = new StatePacker(List.of(
                new Slot("a", 0, 7), new Slot("k", 5, 5), new Slot("w", Integer.MIN_VALUE, Integer.MAX_VALUE),
                new Slot("x", 0, (1 << 30) - 1)));
        assertEquals(2, p.words());
        assertEquals(4, p.slots());
    }

    @Test
    void zeroBitSlotsTakeNoSpaceAndUnpackToTheirOnlyValue() {
        StatePacker p = new StatePacker(List.of(new Slot("k", -3, -3), new Slot("j", 9, 9)));
        assertEquals(0, p.words());
        int[] out = new int[2];
        p.unpack(new long[0], 0, out);
        assertArrayEquals(new int[] {-3, 9}, out);
    }

    @Test
    void fullIntRangeSlotsRoundTripTheirExtremes() {
        // max - min overflows an int: the packer must subtract in long arithmetic.
        List<Slot> slots = List.of(new Slot("a", Integer.MIN_VALUE, Integer.MAX_VALUE), new Slot("b", -1, Integer.MAX_VALUE),
                new Slot("c", Integer.MIN_VALUE, 0));
        StatePacker p = new StatePacker(slots);
        assertEquals(2, p.words()); // 32 + 32 + 32 bits
        for (int[] s : new int[][] {
            {Integer.MIN_VALUE, -1, Integer.MIN_VALUE}, {Integer.MAX_VALUE, Integer.MAX_VALUE, 0}, {0, 0, -1}, {-1, 7, -7}
        }) {
            assertRoundTrip(p, s, 0);
        }
    }

    @Test
    void slotsStraddlingWordBoundariesRoundTrip() {
        // 7-bit slots: the 10th starts at bit 63 and straddles words 0 and 1.
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slots.add(new Slot("s" + i, -64, 63));
        }
        StatePacker p = new StatePacker(slots);
        assertEquals(3, p.words()); // 140 bits
        int[] s = new int[20];
        for (int i = 0; i < 20; i++) {
            s[i] = (i % 2 == 0) ? 63 : -64;
        }
        assertRoundTrip(p, s, 0);
        assertRoundTrip(p, s, 5);
    }

    @Test
    void randomStatesOverSlotsOfVariedWidthsRoundTrip() {
        Random random = new Random(42);
        List<Slot> slots = new ArrayList<>();
        int[] widths = {1, 0, 3, 32, 17, 31, 2, 32, 5, 0, 13, 29, 1, 32, 9};
        for (int i = 0; i < widths.length; i++) {
            int min = random.nextInt(1000) - 500;
            long max = widths[i] == 0 ? min : Math.min(Integer.MAX_VALUE, min + (1L << widths[i]) - 1);
            slots.add(widths[i] == 32 ? new Slot("s" + i, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    : new Slot("s" + i, min, (int) max));
        }
        StatePacker p = new StatePacker(slots);
        int[] state = new int[slots.size()];
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < state.length; i++) {
                Slot s = slots.get(i);
                long span = (long) s.max() - s.min() + 1;
                state[i] = (int) (s.min() + (long) (random.nextDouble() * span));
            }
            assertRoundTrip(p, state, round % 3);
        }
    }

    @Test
    void packOverwritesWhateverTheWordsHeldBefore() {
        StatePacker p = new StatePacker(List.of(new Slot("a", 0, 3), new Slot("b", 0, 3)));
        long[] words = {-1L};
        p.pack(new int[] {1, 2}, words, 0);
        int[] out = new int[2];
        p.unpack(words, 0, out);
        assertArrayEquals(new int[] {1, 2}, out);
    }

    @Test
    void valuesOutsideTheirSlotAreRejectedRatherThanCorruptingNeighbours() {
        StatePacker p = new StatePacker(List.of(new Slot("a", 1, 4), new Slot("b", 0, 1)));
        long[] words = new long[1];
        assertThrows(IllegalArgumentException.class, () -> p.pack(new int[] {5, 0}, words, 0));
        assertThrows(IllegalArgumentException.class, () -> p.pack(new int[] {0, 0}, words, 0));
    }

    private static void assertRoundTrip(StatePacker p, int[] state, int offset) {
        long[] words = new long[offset + p.words() + 1];
        words[words.length - 1] = 0x5555_5555_5555_5555L;
        p.pack(state, words, offset);
        assertEquals(0x5555_5555_5555_5555L, words[words.length - 1], "pack wrote past its words");
        int[] out = new int[state.length];
        p.unpack(words, offset, out);
        assertArrayEquals(state, out);
    }
}
