package ptecheck.explore;

import ptecheck.explore.reduce.SymmetryReduction;
import ptecheck.ts.TransitionSystem;

/**
 * What a search checks and which reductions it may use, derived from what is asked, what the
 * store can do ({@link StoreKind#keepsIds()}) and what the strategy can do
 * ({@link SearchStrategy#supportsPartialOrder()}). Every check left out is named here, so that
 * the report can say so: nothing is skipped silently.
 */
public final class SearchPolicy {
    private SearchPolicy() {}

    /** Whether partial-order reduction is used: asked for, and sound for what is checked. */
    public static boolean partialOrderApplies(TransitionSystem ts, SearchOptions options) {
        return options.partialOrder() && partialOrderUnsound(ts, options) == null;
    }

    /**
     * Why partial-order reduction is not used although asked for, or null when it is. It keeps
     * deadlocks, visible violations, failing steps, the findings of analyses that say so, and
     * the progress check when the system gives its terminal test in parts
     * ({@code PartialOrderReduction}); its provisos need breadth-first levels.
     */
    public static String partialOrderUnsound(TransitionSystem ts, SearchOptions options) {
        if (!options.strategy().supportsPartialOrder()) {
            return "its provisos need breadth-first levels; a " + options.strategy().label()
                    + " search explores every interleaving";
        }
        if (ts.analyses().stream().anyMatch(a -> !a.preservedByPartialOrder())) {
            return "a whole-search analysis needs every interleaving";
        }
        if (progressCheckRuns(ts, options) && ts.terminalConjunction() == null) {
            return "the progress check needs every interleaving; --no-deadlock allows it";
        }
        return null;
    }

    /**
     * Why the progress check is not run although it is asked for (deadlocks checked, and a
     * system with kernel processes), or null when it runs or is not asked for. It needs the id
     * of every successor, which a bitstate store does not keep.
     */
    public static String progressCheckSkipped(TransitionSystem ts, SearchOptions options) {
        if (!options.checkDeadlock() || !ts.expectsTermination()) {
            return null;
        }
        if (!options.store().keepsIds()) {
            return "the " + options.store().label() + " store keeps no state ids to record the explored graph with";
        }
        return null;
    }

    static boolean progressCheckRuns(TransitionSystem ts, SearchOptions options) {
        return options.checkDeadlock() && ts.expectsTermination() && progressCheckSkipped(ts, options) == null;
    }

    /** True when a search with {@code options} reduces by symmetry: asked for, declared, and not a swarm. */
    public static boolean symmetryApplied(TransitionSystem ts, SearchOptions options) {
        return options.strategy() != SearchStrategy.SWARM && symmetryFor(ts, options) != null;
    }

    /** The symmetry reduction to use, or null. */
    static SymmetryReduction symmetryFor(TransitionSystem ts, SearchOptions options) {
        if (!options.symmetry()) {
            return null;
        }
        SymmetryReduction r = new SymmetryReduction(ts.symmetries(), ts.layout().size());
        return r.active() ? r : null;
    }
}
