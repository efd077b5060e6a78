package ptecheck.explore.store;

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

    static int[] state(int x, int y) {
        return new int[] {x, 4, y};
    }
}
