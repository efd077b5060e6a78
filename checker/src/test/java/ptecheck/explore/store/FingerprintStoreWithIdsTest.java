package ptecheck.explore.store;

import ptecheck.ts.StateLayout;

/** The whole store contract for a fingerprint store that keeps ids, as the progress check uses it. */
class FingerprintStoreWithIdsTest extends AbstractStateStoreTest {

    @Override
    protected StateStore newStore(StateLayout layout, MemoryBudget budget) {
        return new FingerprintStore(new StatePacker(layout), budget, true);
    }
}
