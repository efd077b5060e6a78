package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;

class BitstateStoreTest extends AbstractStateStoreTest {

    @Override
    protected StateStore newStore(StateLayout layout, MemoryBudget budget) {
        // 2^27 bits, 3 per state: the contract's 100,000 states all fit without a false hit.
        return new BitstateStore(new StatePacker(layout), budget, 27, 3);
    }

    @Override
    protected long budgetForAFewThousandStates() {
        return (1L << 24) + 20_000; // the bit array, and a few trace blocks
    }

    @Test
    void aFullArrayTakesNewStatesForVisitedOnesAndSaysSo() {
        // 64 bits and 2 hashes: after a few dozen states nearly every new state looks visited.
        StateLayout one = new StateLayout(List.of(new Slot("v", 0, 1 << 20)), List.of());
        BitstateStore store = new BitstateStore(new StatePacker(one), MemoryBudget.unlimited(), 6, 2);
        int stored = 0;
        for (int i = 0; i < 1000; i++) {
            if (store.findOrPut(new int[] {i}, -1, -1) >= 0) {
                stored++;
            }
        }
        assertEquals(stored, store.size());
        assertTrue(stored < 200, stored + " stored");
        assertTrue(store.expectedOmissions() > 1, "omissions " + store.expectedOmissions());
        assertTrue(store.missProbability() > 0.99, "miss probability " + store.missProbability());
        assertEquals(64.0 / stored, store.hashFactor(), 1e-9);
    }

    @Test
    void aRoomyArrayReportsASmallChanceOfAMiss() {
        BitstateStore store = new BitstateStore(LAYOUT, 24);
        for (int i = 0; i < 10_000; i++) {
            store.findOrPut(state(i % 10, i), -1, -1);
        }
        assertEquals(10_000, store.size());
        assertTrue(store.missProbability() < 1e-4, "miss probability " + store.missProbability());
        assertTrue(store.missProbability() > 0, "a non-empty array can always collide");
    }

    @Test
    void sizesOutsideTheSupportedRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BitstateStore(LAYOUT, 5));
        assertThrows(IllegalArgumentException.class, () -> new BitstateStore(LAYOUT, 40));
    }
}
