package ptecheck.explore;

import ptecheck.explore.store.BitstateStore;
import ptecheck.explore.store.ExactStateStore;
import ptecheck.explore.store.FingerprintStore;
import ptecheck.explore.store.MemoryBudget;
import ptecheck.explore.store.StatePacker;
import ptecheck.explore.store.StateStore;
import ptecheck.explore.store.TreeStateStore;

/** Makes the visited set a search asked for: the one place that maps a {@link StoreKind} to a store. */
final class Stores {
    /** Default share of the maximum heap that stores, frontier and buffers may use. */
    static final double DEFAULT_HEAP_SHARE = 0.8;

    private Stores() {}

    /**
     * @param keepIds the search needs {@link StateStore#idOfPacked} (the progress check); a
     *     fingerprint store then keeps ids too
     */
    static StateStore create(SearchOptions options, StatePacker packer, MemoryBudget budget, boolean keepIds) {
        return create(options, packer, budget, keepIds, 0);
    }

    /** @param bitstateSeed for a bitstate store: mixed into every hash (a swarm member's), 0 for none */
    static StateStore create(SearchOptions options, StatePacker packer, MemoryBudget budget, boolean keepIds,
                             long bitstateSeed) {
        return switch (options.store()) {
            case EXACT -> new ExactStateStore(packer, budget);
            case TREE -> new TreeStateStore(packer, budget, keepIds);
            case FINGERPRINT -> new FingerprintStore(packer, budget, keepIds);
            case BITSTATE -> new BitstateStore(packer, budget, options.bitstateLog2Bits(), options.hashFunctions(),
                    bitstateSeed);
        };
    }

    /** The effective memory bound: the option, or a share of the heap; never above the heap. */
    static long memoryLimit(SearchOptions options) {
        long heap = Runtime.getRuntime().maxMemory();
        long byDefault = heap == Long.MAX_VALUE ? Long.MAX_VALUE : (long) (heap * DEFAULT_HEAP_SHARE);
        return options.memoryBytes() > 0 ? Math.min(options.memoryBytes(), byDefault) : byDefault;
    }
}
