package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;
import ptecheck.ts.SuccessorSink;

class ExactStateStoreTest extends AbstractStateStoreTest {

    @Override
    protected StateStore newStore(StateLayout layout, MemoryBudget budget) {
        return new ExactStateStore(new StatePacker(layout), budget);
    }

    @Test
    void findLooksUpWithoutAdding() {
        ExactStateStore store = new ExactStateStore(LAYOUT);
        store.findOrPut(state(3, 3), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        assertEquals(0, store.find(state(3, 3)));
        assertEquals(StateStore.ABSENT, store.find(state(3, 4)));
        assertEquals(1, store.size());
    }

    @Test
    void matchesTellsWhetherAStateIsTheOneStoredUnderAnId() {
        ExactStateStore store = new ExactStateStore(LAYOUT);
        store.findOrPut(state(3, 3), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        store.findOrPut(state(4, 3), 0, 0);
        assertTrue(store.matches(1, state(4, 3)));
        assertFalse(store.matches(1, state(3, 3)));
    }

    @Test
    void findGivesEveryIdBackAfterGrowing() {
        ExactStateStore store = new ExactStateStore(LAYOUT);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            assertEquals(i, store.findOrPut(state(i % 10, i * 31), i - 1, i % 13));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i, store.find(state(i % 10, i * 31)));
        }
    }

    @Test
    void loadGivesBackEveryStoredState() {
        ExactStateStore store = new ExactStateStore(LAYOUT);
        for (int i = 0; i < 5000; i++) {
            store.findOrPut(state(i % 10, -i), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        }
        int[] out = new int[3];
        for (int i = 0; i < 5000; i++) {
            store.load(i, out);
            assertArrayEquals(state(i % 10, -i), out);
        }
    }

    @Test
    void statesSpreadOverManyChunksStayReadable() {
        // 2-word states, 2^6-word chunks: 32 states per chunk, so 10,000 states fill 313 chunks.
        ExactStateStore store = new ExactStateStore(new StatePacker(LAYOUT), 6);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, store.findOrPut(state(i % 10, i * 7), i - 1, i % 5));
        }
        int[] out = new int[3];
        for (int i = 0; i < 10_000; i++) {
            store.load(i, out);
            assertArrayEquals(state(i % 10, i * 7), out);
            assertEquals(i, store.find(out));
        }
    }

    @Test
    void statesWithoutBitsAreStoredOnce() {
        StateLayout constant = new StateLayout(List.of(new Slot("k", 2, 2)), List.of());
        ExactStateStore store = new ExactStateStore(constant);
        assertEquals(0, store.findOrPut(new int[] {2}, StateStore.NO_PARENT, SuccessorSink.INITIAL));
        assertEquals(StateStore.ABSENT, store.findOrPut(new int[] {2}, 0, 0));
        int[] out = new int[1];
        store.load(0, out);
        assertArrayEquals(new int[] {2}, out);
    }

    @Test
    void bytesPerStateStayNearThePackedSize() {
        // One word per state; table, parents and groups add a few ints each.
        StateLayout oneWord = new StateLayout(List.of(new Slot("v", 0, 1 << 20)), List.of());
        ExactStateStore store = new ExactStateStore(oneWord);
        int n = 1 << 19;
        for (int i = 0; i < n; i++) {
            store.findOrPut(new int[] {i}, i - 1, 0);
        }
        double perState = (double) store.bytesUsed() / n;
        assertTrue(perState < 40, "bytes per state: " + perState);
    }

    @Test
    void unknownIdsAreRejected() {
        ExactStateStore store = new ExactStateStore(LAYOUT);
        store.findOrPut(state(1, 1), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        assertThrows(IndexOutOfBoundsException.class, () -> store.load(1, new int[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> store.parent(-1));
    }

    @Test
    void statesWhoseHashesCollideWhollyAreStillTold() {
        // The table keeps 32 bits of each hash to skip other states without reading them; states
        // that agree in every bit of the hash must still be compared in full.
        ExactStateStore store = new ExactStateStore(LAYOUT);
        StatePacker packer = store.packer();
        long[] packed = new long[packer.words()];
        long sameHash = 0x1234_5678_9ABC_DEF0L;
        for (int i = 0; i < 200; i++) {
            packer.pack(state(i % 10, i), packed, 0);
            assertEquals(i, store.findOrPutPacked(packed, 0, sameHash, i - 1, 0, 0));
        }
        for (int i = 0; i < 200; i++) {
            packer.pack(state(i % 10, i), packed, 0);
            assertEquals(i, store.idOfPacked(packed, 0, sameHash));
            assertEquals(StateStore.ABSENT, store.findOrPutPacked(packed, 0, sameHash, 0, 0, 0));
        }
        packer.pack(state(3, 1000), packed, 0);
        assertFalse(store.containsPacked(packed, 0, sameHash));
        assertEquals(200, store.size());
    }

    @Test
    void growingMovesEntriesByTheHashBitsTheyKeepWithoutHashingAgain() {
        // Doubling reads only the old table: a state stays findable under the hash it was
        // stored with, even one that is not Hashing.hash of its words (here, its index).
        ExactStateStore store = new ExactStateStore(LAYOUT);
        StatePacker packer = store.packer();
        long[] packed = new long[packer.words()];
        int n = 20_000; // past several doublings of the 1,024-slot table
        for (int i = 0; i < n; i++) {
            packer.pack(state(i % 10, i), packed, 0);
            assertEquals(i, store.findOrPutPacked(packed, 0, Hashing.mix(i), i - 1, 0, 0));
        }
        for (int i = 0; i < n; i++) {
            packer.pack(state(i % 10, i), packed, 0);
            assertEquals(i, store.idOfPacked(packed, 0, Hashing.mix(i)));
        }
    }
}
