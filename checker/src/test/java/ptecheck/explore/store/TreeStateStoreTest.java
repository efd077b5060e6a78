package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;
import ptecheck.ts.SuccessorSink;

class TreeStateStoreTest extends AbstractStateStoreTest {

    @Override
    protected StateStore newStore(StateLayout layout, MemoryBudget budget) {
        return new TreeStateStore(new StatePacker(layout), budget);
    }

    /** Seven slots of 20 bits: 140 bits, five 32-bit halves, so the tree is uneven. */
    private static final StateLayout WIDE = wide(7, 0, (1 << 20) - 1);

    private static StateLayout wide(int slots, int min, int max) {
        List<Slot> s = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            s.add(new Slot("s" + i, min, max));
        }
        return new StateLayout(s, List.of());
    }

    @Test
    void loadGivesBackEveryStoredState() {
        TreeStateStore store = new TreeStateStore(WIDE);
        Random r = new Random(1);
        List<int[]> states = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int[] s = new int[7];
            for (int k = 0; k < 7; k++) {
                s[k] = r.nextInt(k == 3 ? 1 << 20 : 4);
            }
            if (store.findOrPut(s, StateStore.NO_PARENT, SuccessorSink.INITIAL, i) >= 0) {
                states.add(s);
            }
        }
        int[] out = new int[7];
        long[] packed = new long[store.packer().words()];
        long[] expected = new long[store.packer().words()];
        for (int id = 0; id < states.size(); id++) {
            store.load(id, out);
            assertArrayEquals(states.get(id), out);
            assertEquals(id, store.find(out));
            store.loadPacked(id, packed, 0);
            store.packer().pack(states.get(id), expected, 0);
            assertArrayEquals(expected, packed);
        }
    }

    @Test
    void agreesWithTheExactStoreOnEveryIdAndVerdict() {
        TreeStateStore tree = new TreeStateStore(WIDE);
        ExactStateStore exact = new ExactStateStore(WIDE);
        Random r = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            int[] s = new int[7];
            for (int k = 0; k < 7; k++) {
                s[k] = r.nextInt(k % 2 == 0 ? 5 : 3) * (k + 1000);
            }
            int parent = exact.size() == 0 ? StateStore.NO_PARENT : r.nextInt(exact.size());
            assertEquals(exact.findOrPut(s, parent, i % 9, i % 2), tree.findOrPut(s, parent, i % 9, i % 2));
        }
        assertEquals(exact.size(), tree.size());
        int[] out = new int[7];
        for (int id = 0; id < exact.size(); id++) {
            exact.load(id, out);
            assertTrue(tree.matches(id, out));
            assertEquals(exact.parent(id), tree.parent(id));
        }
    }

    @Test
    void lookupsInAnyOrderFindEveryStoredStateAndNoOther() {
        TreeStateStore store = new TreeStateStore(WIDE);
        Random r = new Random(3);
        List<int[]> in = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            int[] s = new int[7];
            for (int k = 0; k < 7; k++) {
                s[k] = r.nextInt(3);
            }
            // Stored states end in 0 or 1; the others, which end in 2, are looked up in between.
            if (s[6] < 2) {
                if (store.findOrPut(s, StateStore.NO_PARENT, SuccessorSink.INITIAL, i) >= 0) {
                    in.add(s);
                }
            } else {
                assertFalse(store.contains(s));
                out.add(s);
            }
        }
        java.util.Collections.shuffle(in, r);
        for (int[] s : in) {
            assertTrue(store.contains(s));
            int[] other = out.get(r.nextInt(out.size()));
            assertFalse(store.contains(other));
        }
    }

    @Test
    void lookupsPreparedTogetherAgreeWithLookupsMadeOneAtATime() {
        TreeStateStore store = new TreeStateStore(WIDE);
        assertTrue(store.preparesLookups());
        Random r = new Random(11);
        List<int[]> stored = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            int[] s = randomState(r, 9);
            if (store.findOrPut(s, StateStore.NO_PARENT, SuccessorSink.INITIAL, i) >= 0) {
                stored.add(s);
            }
        }
        // Stored states, states made of the two parts of two stored ones (where the parts are the
        // root's halves, every subtree is known and the root pair mostly not), and states with a
        // value no stored state has (a subtree unknown).
        List<int[]> asked = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int[] a = stored.get(r.nextInt(stored.size()));
            int[] b = stored.get(r.nextInt(stored.size()));
            int[] mixed = a.clone();
            int cut = 1 + r.nextInt(6);
            System.arraycopy(b, cut, mixed, cut, 7 - cut);
            int[] unknown = randomState(r, 9);
            unknown[r.nextInt(7)] = 11;
            asked.add(a);
            asked.add(mixed);
            asked.add(unknown);
        }
        StatePacker packer = store.packer();
        int words = packer.words();
        long[] packed = new long[asked.size() * words];
        long[] hashes = new long[asked.size()];
        long[] prepared = new long[asked.size()];
        for (int i = 0; i < asked.size(); i++) {
            packer.pack(asked.get(i), packed, i * words);
            hashes[i] = Hashing.hash(packed, i * words, words);
            prepared[i] = store.prepare(packed, i * words, hashes[i]);
        }
        for (long p : prepared) {
            store.touchPrepared(p);
        }
        boolean[] answers = new boolean[asked.size()];
        for (int i = 0; i < asked.size(); i++) {
            answers[i] = store.containsPrepared(packed, i * words, hashes[i], prepared[i]);
        }
        int present = 0;
        int absentWithKnownSubtrees = 0;
        int absentSubtree = 0;
        for (int i = 0; i < asked.size(); i++) {
            boolean expected = store.contains(asked.get(i));
            assertEquals(expected, answers[i], "state " + i);
            if (expected) {
                present++;
            } else if (prepared[i] >= 0) {
                absentWithKnownSubtrees++;
            } else {
                absentSubtree++;
            }
        }
        // Each way a prepared lookup can end was taken.
        assertTrue(present > 3_000, "present " + present);
        assertTrue(absentWithKnownSubtrees > 100, "absent, subtrees known " + absentWithKnownSubtrees);
        assertTrue(absentSubtree > 100, "absent subtree " + absentSubtree);
    }

    private static int[] randomState(Random r, int maxValue) {
        int[] s = new int[7];
        for (int k = 0; k < 7; k++) {
            s[k] = r.nextInt(maxValue + 1) * (k + 1);
        }
        return s;
    }

    @Test
    void matchesTellsWhetherAStateIsTheOneStoredUnderAnId() {
        TreeStateStore store = new TreeStateStore(LAYOUT);
        store.findOrPut(state(3, 3), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        store.findOrPut(state(4, 3), 0, 0);
        assertTrue(store.matches(1, state(4, 3)));
        assertFalse(store.matches(1, state(3, 3)));
        assertFalse(store.matches(1, state(5, 3)));
    }

    @Test
    void statesWithoutBitsAreStoredOnce() {
        StateLayout constant = new StateLayout(List.of(new Slot("k", 2, 2)), List.of());
        TreeStateStore store = new TreeStateStore(constant);
        assertEquals(0, store.findOrPut(new int[] {2}, StateStore.NO_PARENT, SuccessorSink.INITIAL));
        assertEquals(StateStore.ABSENT, store.findOrPut(new int[] {2}, 0, 0));
        int[] out = new int[1];
        store.load(0, out);
        assertArrayEquals(new int[] {2}, out);
    }

    @Test
    void sharedPartsAreStoredOnceSoAStateTakesFarLessThanItsPackedSize() {
        // 2^18 states of 8 slots of 16 bits (16 bytes packed): every state is one of 2^9 left
        // halves with one of 2^9 right halves, as in a product of two processes.
        StateLayout layout = wide(8, 0, 65_535);
        TreeStateStore store = new TreeStateStore(new StatePacker(layout), MemoryBudget.unlimited(), false);
        ExactStateStore exact = new ExactStateStore(layout);
        int n = 1 << 18;
        int[] s = new int[8];
        for (int i = 0; i < n; i++) {
            int a = i & 511;
            int b = i >>> 9;
            s[0] = a * 3;
            s[1] = a & 7;
            s[2] = a >>> 3;
            s[3] = 9;
            s[4] = b * 5;
            s[5] = b & 3;
            s[6] = 65_535 - b;
            s[7] = b >>> 2;
            assertEquals(i, store.findOrPut(s, i - 1, i % 60));
            exact.findOrPut(s, i - 1, i % 60);
        }
        // Root pair: 9 + 9 bits, all of them in the slot's position (2^19 slots), so a slot holds
        // its distance from home only (4 bits), and a state's position takes 19 bits; trace: 18 +
        // 6 bits. The exact store keeps the 16 packed bytes of each state, with the same trace.
        double perState = (double) store.bytesUsed() / n;
        double exactPerState = (double) exact.bytesUsed() / n;
        assertTrue(perState < 8 && perState < exactPerState / 2, "bytes per state: " + perState + ", exact: "
                + exactPerState);
    }

    @Test
    void reshapingTheTreeKeepsEveryIdStateAndParent() {
        // Re-shaped at 100 and 5,000 states; 13 slots of 3 to 20 bits, where only a few vary.
        StateLayout layout = mixed();
        TreeStateStore tree = new TreeStateStore(new StatePacker(layout), MemoryBudget.unlimited(), true, 100, 5_000);
        ExactStateStore exact = new ExactStateStore(layout);
        Random r = new Random(11);
        List<int[]> states = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            int[] s = randomMixed(r);
            int parent = exact.size() == 0 ? StateStore.NO_PARENT : r.nextInt(exact.size());
            int id = exact.findOrPut(s, parent, i % 7, i % 3);
            assertEquals(id, tree.findOrPut(s, parent, i % 7, i % 3));
            if (id >= 0) {
                states.add(s);
            }
        }
        assertTrue(states.size() > 5_000, "the second re-shape ran: " + states.size());
        int[] out = new int[layout.size()];
        for (int id = 0; id < states.size(); id++) {
            tree.load(id, out);
            assertArrayEquals(states.get(id), out);
            assertEquals(id, tree.find(out));
            assertEquals(exact.parent(id), tree.parent(id));
            assertEquals(exact.group(id), tree.group(id));
        }
        for (int i = 0; i < 5_000; i++) {
            int[] s = randomMixed(r);
            assertEquals(exact.contains(s), tree.contains(s));
        }
    }

    @Test
    void aStoreWithoutIdsFindsAndLoadsEveryStateButSaysItKeepsNoIds() {
        StateLayout layout = mixed();
        TreeStateStore tree = new TreeStateStore(new StatePacker(layout), MemoryBudget.unlimited(), false, 64, 2_000);
        ExactStateStore exact = new ExactStateStore(layout);
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            int[] s = randomMixed(r);
            assertEquals(exact.findOrPut(s, StateStore.NO_PARENT, SuccessorSink.INITIAL, i),
                    tree.findOrPut(s, StateStore.NO_PARENT, SuccessorSink.INITIAL, i));
        }
        assertFalse(tree.knowsIds());
        int[] out = new int[layout.size()];
        int[] expected = new int[layout.size()];
        for (int id = 0; id < exact.size(); id++) {
            tree.load(id, out);
            exact.load(id, expected);
            assertArrayEquals(expected, out);
            assertTrue(tree.matches(id, out));
            assertTrue(tree.contains(out));
        }
        long[] packed = new long[tree.packer().words()];
        assertThrows(UnsupportedOperationException.class, () -> tree.idOfPacked(packed, 0, 0));
    }

    /** Thirteen slots, three of them wide: 116 bits, so the tree has flat nodes and pairs. */
    private static StateLayout mixed() {
        List<Slot> s = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            s.add(new Slot("s" + i, 0, i % 4 == 0 ? (1 << 20) - 1 : 7));
        }
        return new StateLayout(s, List.of());
    }

    private static int[] randomMixed(Random r) {
        int[] s = new int[13];
        s[1] = r.nextInt(8);
        s[4] = r.nextInt(300) * 3_000;
        s[9] = r.nextInt(5);
        s[11] = r.nextInt(2);
        s[12] = 2;
        return s;
    }

    @Test
    void unknownIdsAreRejected() {
        TreeStateStore store = new TreeStateStore(LAYOUT);
        store.findOrPut(state(1, 1), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        assertThrows(IndexOutOfBoundsException.class, () -> store.load(1, new int[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> store.loadPacked(-1, new long[2], 0));
    }
}
