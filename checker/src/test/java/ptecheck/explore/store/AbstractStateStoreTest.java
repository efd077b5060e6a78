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

/**
 * The contract every {@link StateStore} meets (cf. TLC's {@code AbstractFPSetTest}): one
 * subclass per implementation.
 */
abstract class AbstractStateStoreTest {

    /** Three slots: 0..9, a constant, and the whole int range, so states span two words. */
    static final StateLayout LAYOUT = new StateLayout(
            List.of(new Slot("x", 0, 9), new Slot("k", 4, 4), new Slot("y", Integer.MIN_VALUE, Integer.MAX_VALUE)),
            List.of());

    protected abstract StateStore newStore(StateLayout layout, MemoryBudget budget);

    protected StateStore newStore(StateLayout layout) {
        return newStore(layout, MemoryBudget.unlimited());
    }

    @Test
    void idsAreHandedOutInInsertionOrder() {
        StateStore store = newStore(LAYOUT);
        assertEquals(0, store.findOrPut(state(1, 100), StateStore.NO_PARENT, SuccessorSink.INITIAL));
        assertEquals(1, store.findOrPut(state(2, 100), 0, 3));
        assertEquals(2, store.findOrPut(state(1, -100), 1, 5));
        assertEquals(3, store.size());
    }

    @Test
    void aStoreThatKnowsIdsFindsTheIdOfEveryStoredStateThroughGrowth() {
        StateStore store = newStore(LAYOUT);
        if (!store.knowsIds()) {
            return;
        }
        StatePacker packer = store.packer();
        long[] packed = new long[Math.max(1, packer.words())];
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, store.findOrPut(state(i % 10, i * 31), i - 1, 0));
        }
        for (int i = 0; i < 20_000; i++) {
            packer.pack(state(i % 10, i * 31), packed, 0);
            assertEquals(i, store.idOfPacked(packed, 0, Hashing.hash(packed, 0, packer.words())));
        }
        packer.pack(state(3, -5), packed, 0);
        assertEquals(StateStore.ABSENT, store.idOfPacked(packed, 0, Hashing.hash(packed, 0, packer.words())));
    }

    @Test
    void aStateAlreadyPresentIsNotAddedAgain() {
        StateStore store = newStore(LAYOUT);
        store.findOrPut(state(1, 100), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        store.findOrPut(state(2, 100), 0, 3);
        assertEquals(StateStore.ABSENT, store.findOrPut(state(2, 100), 0, 4));
        assertEquals(2, store.size());
        assertEquals(3, store.group(1), "the first way a state was reached is kept");
    }

    @Test
    void parentsAndGroupsAreRemembered() {
        StateStore store = newStore(LAYOUT);
        store.findOrPut(state(0, 0), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        store.findOrPut(state(1, 0), 0, 7);
        store.findOrPut(state(2, 0), 1, 8);
        assertEquals(StateStore.NO_PARENT, store.parent(0));
        assertEquals(SuccessorSink.INITIAL, store.group(0));
        assertEquals(0, store.parent(1));
        assertEquals(7, store.group(1));
        assertEquals(1, store.parent(2));
        assertEquals(8, store.group(2));
    }

    @Test
    void successorIndexesAreRemembered() {
        StateStore store = newStore(LAYOUT);
        store.findOrPut(state(0, 0), StateStore.NO_PARENT, SuccessorSink.INITIAL, 0);
        store.findOrPut(state(0, 1), StateStore.NO_PARENT, SuccessorSink.INITIAL, 1);
        store.findOrPut(state(1, 0), 1, 2, 300);
        store.findOrPut(state(2, 0), 2, 70_000, 0);
        assertEquals(0, store.successor(0));
        assertEquals(1, store.successor(1));
        assertEquals(300, store.successor(2));
        assertEquals(2, store.group(2));
        assertEquals(0, store.successor(3));
        assertEquals(70_000, store.group(3));
        assertEquals(2, store.parent(3));
    }

    @Test
    void containsLooksUpWithoutAdding() {
        StateStore store = newStore(LAYOUT);
        store.findOrPut(state(3, 3), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        assertTrue(store.contains(state(3, 3)));
        assertFalse(store.contains(state(3, 4)));
        assertEquals(1, store.size());
    }

    @Test
    void packedCallsAgreeWithUnpackedOnes() {
        StateStore store = newStore(LAYOUT);
        StatePacker packer = store.packer();
        long[] words = new long[packer.words() + 3];
        packer.pack(state(5, -7), words, 3);
        long hash = Hashing.hash(words, 3, packer.words());
        assertFalse(store.containsPacked(words, 3, hash));
        assertEquals(0, store.findOrPutPacked(words, 3, hash, StateStore.NO_PARENT, SuccessorSink.INITIAL, 0));
        assertTrue(store.contains(state(5, -7)));
        assertTrue(store.containsPacked(words, 3, hash));
        assertEquals(StateStore.ABSENT, store.findOrPut(state(5, -7), 0, 1));
    }

    @Test
    void growingKeepsEveryStateAndItsLinks() {
        StateStore store = newStore(LAYOUT);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            assertEquals(i, store.findOrPut(state(i % 10, i * 31), i - 1, i % 13));
        }
        assertEquals(n, store.size());
        for (int i = 0; i < n; i++) {
            assertTrue(store.contains(state(i % 10, i * 31)));
            assertEquals(StateStore.ABSENT, store.findOrPut(state(i % 10, i * 31), 0, 0));
            assertEquals(i - 1, store.parent(i));
            assertEquals(i % 13, store.group(i));
        }
        assertEquals(n, store.size());
    }

    @Test
    void bytesUsedGrowsWithTheStates() {
        StateStore store = newStore(LAYOUT);
        long empty = store.bytesUsed();
        assertTrue(empty > 0);
        for (int i = 0; i < 10_000; i++) {
            store.findOrPut(state(i % 10, i), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        }
        assertTrue(store.bytesUsed() > empty);
    }

    @Test
    void aStoreOutOfBudgetSaysFullAndKeepsWhatItHas() {
        MemoryBudget budget = new MemoryBudget(budgetForAFewThousandStates());
        StateStore store = newStore(LAYOUT, budget);
        int added = 0;
        int result;
        while ((result = store.findOrPut(state(added % 10, added), added - 1, 1)) != StateStore.FULL) {
            assertEquals(added, result);
            added++;
            assertTrue(added < 10_000_000, "the budget never stopped the store");
        }
        assertTrue(added > 0, "nothing fitted");
        assertEquals(added, store.size());
        assertTrue(budget.used() <= budget.limit());
        for (int i = 0; i < added; i++) {
            assertTrue(store.contains(state(i % 10, i)));
            assertEquals(StateStore.ABSENT, store.findOrPut(state(i % 10, i), 0, 0), "known states are still known");
            assertEquals(i - 1, store.parent(i));
        }
        assertEquals(StateStore.FULL, store.findOrPut(state(added % 10, added), 0, 1), "still full");
    }

    /** A budget that the empty store fits in, and a few thousand states do not. */
    protected long budgetForAFewThousandStates() {
        return 200_000;
    }

    @Test
    void aParentMustBeAnEarlierState() {
        StateStore store = newStore(LAYOUT);
        store.findOrPut(state(0, 0), StateStore.NO_PARENT, SuccessorSink.INITIAL);
        assertThrows(IllegalArgumentException.class, () -> store.findOrPut(state(1, 0), 1, 0));
    }

    @Test
    void aRestoredStoreAnswersEveryCallAsTheSavedOneAndGoesOnAlike(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        StateStore saved = newStore(LAYOUT);
        int n = 9_000; // past the first trace log blocks and a few table growths
        for (int i = 0; i < n; i++) {
            saved.findOrPut(state(i % 10, i * 7919), i == 0 ? StateStore.NO_PARENT : i / 3, i % 61, i % 5);
        }
        java.nio.file.Path file = dir.resolve("store");
        try (CheckpointOut out = new CheckpointOut(file)) {
            saved.save(out);
            out.finish();
        }
        MemoryBudget budget = new MemoryBudget(1L << 30);
        StateStore restored = newStore(LAYOUT, budget);
        try (CheckpointIn in = new CheckpointIn(file)) {
            in.verify();
            restored.restore(in);
            in.end();
        }
        assertEquals(saved.size(), restored.size());
        assertTrue(budget.used() > 0, "the restored arrays are counted in the budget");
        for (int i = 0; i < saved.size(); i++) {
            assertEquals(saved.parent(i), restored.parent(i), "parent of " + i);
            assertEquals(saved.group(i), restored.group(i), "group of " + i);
            assertEquals(saved.successor(i), restored.successor(i), "successor of " + i);
        }
        for (int i = 0; i < n + 2_000; i++) {
            int[] s = state(i % 10, i * 7919);
            assertEquals(saved.contains(s), restored.contains(s), "state " + i);
        }
        if (saved instanceof LosslessStore l) {
            int[] a = new int[3];
            int[] b = new int[3];
            for (int i = 0; i < saved.size(); i++) {
                l.load(i, a);
                ((LosslessStore) restored).load(i, b);
                assertArrayEquals(a, b, "state " + i);
            }
        }
        for (int i = n; i < n + 3_000; i++) {
            int[] s = state(i % 10, i * 7919);
            assertEquals(saved.findOrPut(s, i / 2, 3, 0), restored.findOrPut(s, i / 2, 3, 0), "adding state " + i);
        }
        assertEquals(saved.size(), restored.size());
    }

    @Test
    void aTruncatedStoreIsRefusedNotMisread(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        StateStore saved = newStore(LAYOUT);
        for (int i = 0; i < 100; i++) {
            saved.findOrPut(state(i % 10, i), i - 1, 0);
        }
        java.nio.file.Path file = dir.resolve("store");
        try (CheckpointOut out = new CheckpointOut(file)) {
            saved.save(out);
            out.writeLong(0); // something else follows in a checkpoint
            out.finish();
        }
        java.nio.file.Path cut = dir.resolve("cut");
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (CheckpointIn in = new CheckpointIn(cut)) {
            assertThrows(CheckpointException.class, in::verify);
        }
        try (CheckpointIn in = new CheckpointIn(cut)) {
            // Even unverified, a truncated store is refused, not misread.
            assertThrows(CheckpointException.class, () -> newStore(LAYOUT).restore(in));
        }
    }

    static int[] state(int x, int y) {
        return new int[] {x, 4, y};
    }
}
