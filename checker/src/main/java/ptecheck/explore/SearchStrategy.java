package ptecheck.explore;

import java.util.function.BiFunction;
import ptecheck.ts.TransitionSystem;

/**
 * The order in which a search explores states, and what that order can and cannot check. A new
 * strategy is a {@link Search} implementation and one constant here; the command line takes
 * its name from {@link #label()}. What every strategy shares (stores, counterexamples, the
 * policy, statistics) is in {@link Stores}, {@link Counterexamples}, {@link SearchPolicy} and
 * {@link StoreStats}.
 */
public enum SearchStrategy {
    /** Level by level on all workers: shortest counterexamples, results independent of workers. */
    BFS(BfsSearch::new, true, true),
    /**
     * Depth first on one thread, with an explicit stack: counterexamples follow the search
     * tree, so they are not necessarily shortest.
     */
    DFS(DfsSearch::new, false, false),
    /** Diversified depth-first bitstate searches on the workers (SPIN's swarm): always partial. */
    SWARM(SwarmSearch::new, false, false);

    private final BiFunction<TransitionSystem, SearchOptions, Search> factory;
    private final boolean partialOrder;
    private final boolean shortest;

    SearchStrategy(BiFunction<TransitionSystem, SearchOptions, Search> factory, boolean partialOrder,
                   boolean shortest) {
        this.factory = factory;
        this.partialOrder = partialOrder;
        this.shortest = shortest;
    }

    /** A search of {@code ts} in this order. */
    public Search create(TransitionSystem ts, SearchOptions options) {
        return factory.apply(ts, options);
    }

    /**
     * True when partial-order reduction can be used: its provisos (a reduced successor must not
     * close a cycle, or one must be new) are checked against breadth-first levels.
     */
    public boolean supportsPartialOrder() {
        return partialOrder;
    }

    /** True when the counterexamples found are shortest. */
    public boolean shortest() {
        return shortest;
    }

    /** The name used on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
