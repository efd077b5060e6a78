package ptecheck.explore;

import ptecheck.explore.store.BitstateStore;
import ptecheck.explore.store.FingerprintStore;
import ptecheck.explore.store.MemoryBudget;
import ptecheck.explore.store.StateStore;

/** The statistics of a search that come from its store, with the counts the search kept. */
final class StoreStats {
    private StoreStats() {}

    /** The statistics with the store's own count of distinct states. */
    static Stats of(StateStore store, SearchOptions options, MemoryBudget budget, Outcome outcome, long generated,
                    int depth, long startNanos, int workers, long reduced, String stopReason) {
        return of(store, store.size(), options, budget, outcome, generated, depth, startNanos, workers, reduced,
                stopReason);
    }

    /**
     * @param distinct the distinct states to report: the store's, or fewer when the search
     *     stopped part way through a level whose successors a lone worker already stored
     * @param generated states handed to the store, initial ones included
     * @param stopReason why an incomplete search stopped; ignored for other outcomes
     */
    static Stats of(StateStore store, int distinct, SearchOptions options, MemoryBudget budget, Outcome outcome, long generated,
                    int depth, long startNanos, int workers, long reduced, String stopReason) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        double collision = 0;
        double observed = 0;
        double missed = 0;
        if (store instanceof FingerprintStore f) {
            collision = FingerprintStore.optimisticCollisionProbability(store.size(), generated);
            observed = f.observedCollisionProbability();
        } else if (store instanceof BitstateStore b) {
            missed = b.missProbability();
        }
        return new Stats(generated, distinct, depth, millis, store.bytesUsed(), workers, options.store(),
                budget.peak(), budget.bounded() ? budget.limit() : 0, collision, observed, missed, reduced,
                outcome == Outcome.INCOMPLETE ? stopReason : "");
    }
}
