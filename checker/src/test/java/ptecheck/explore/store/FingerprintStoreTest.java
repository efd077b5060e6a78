package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;

class FingerprintStoreTest extends AbstractStateStoreTest {

    @Override
    protected StateStore newStore(StateLayout layout, MemoryBudget budget) {
        return new FingerprintStore(new StatePacker(layout), budget);
    }

    @Test
    void idsAreKeptOnlyWhenAskedForAndCostFourBytesASlot() {
        FingerprintStore plain = new FingerprintStore(new StatePacker(LAYOUT), MemoryBudget.unlimited());
        FingerprintStore withIds = new FingerprintStore(new StatePacker(LAYOUT), MemoryBudget.unlimited(), true);
        assertTrue(!plain.knowsIds() && withIds.knowsIds());
        for (int i = 0; i < 100_000; i++) {
            plain.findOrPut(state(i % 10, i), i - 1, 0);
            withIds.findOrPut(state(i % 10, i), i - 1, 0);
        }
        long[] packed = new long[2];
        StatePacker packer = withIds.packer();
        packer.pack(state(7, 77_777), packed, 0);
        assertEquals(77_777, withIds.idOfPacked(packed, 0, Hashing.hash(packed, 0, packer.words())));
        assertThrows(UnsupportedOperationException.class,
                () -> plain.idOfPacked(packed, 0, Hashing.hash(packed, 0, packer.words())));
        // The same capacity, 72% to 90% full: 4 bytes per slot is 4.4 to 5.6 per state.
        double extra = (withIds.bytesUsed() - plain.bytesUsed()) / 100_000.0;
        assertTrue(extra >= 4.4 && extra <= 5.8, extra + " bytes per state for ids");
    }

    @Test
    void bytesPerStateStayWithinTenOnAMillionStatesWhateverTheStateSize() {
        // Four words per state, which an exact store would keep; fingerprints and the trace
        // log do not depend on it. Checked at several sizes, as the table grows in steps: at
        // most 10 bytes from a million states on (issue 15), 12 below.
        List<Slot> slots = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            slots.add(new Slot("s" + i, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        FingerprintStore store = new FingerprintStore(new StateLayout(slots, List.of()));
        int[] s = new int[8];
        for (int i = 0; i < 3_000_000; i++) {
            s[0] = i;
            s[5] = i * 7;
            assertEquals(i, store.findOrPut(s, i - 1, i % 50));
            if (i >= 100_000 && i % 250_000 == 0) {
                double perState = (double) store.bytesUsed() / store.size();
                double bound = store.size() >= 1_000_000 ? 10 : 12;
                assertTrue(perState <= bound, perState + " bytes per state at " + store.size() + " states");
            }
        }
    }

    @Test
    void collisionProbabilitiesFollowTlc() {
        assertEquals(1000 * (9000 / Math.pow(2, 64)), FingerprintStore.optimisticCollisionProbability(1000, 10_000),
                1e-30);
        FingerprintStore store = new FingerprintStore(LAYOUT);
        assertEquals(0, store.observedCollisionProbability());
        for (int i = 0; i < 1000; i++) {
            store.findOrPut(state(i % 10, i), -1, -1);
        }
        double observed = store.observedCollisionProbability();
        assertTrue(observed > 0 && observed < 1e-10, "observed " + observed);
    }
}
