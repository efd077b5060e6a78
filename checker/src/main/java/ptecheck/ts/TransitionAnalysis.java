package ptecheck.ts;

import java.util.List;

/**
 * Watches transitions across the whole search, for findings that no single state shows:
 * lockdep's lock-order inversions ("A then B" on one path, "B then A" on another) are found
 * even where the deadlock itself is unreachable.
 *
 * <p>{@link TransitionSystem#analyses()} returns fresh instances for each search. The search
 * calls {@link #fired} for every transition of a watched group (with the source state's id, so
 * a witness trace can be rebuilt), then {@link #findings} once at the end.
 */
public interface TransitionAnalysis {

    /**
     * True when partial-order reduction keeps this analysis's findings: every watched group is
     * among {@link TransitionSystem#mayFail()} and its declared reads cover everything
     * {@link #fired} looks at. A may-fail group is fired in every reduced state where it is
     * enabled, and every combination of "enabled, with these values of its reads" that is
     * reachable stays reachable (PartialOrderReduction, property 3), so every finding made
     * from such a firing is made again. False by default: the reduction is then turned off.
     */
    default boolean preservedByPartialOrder() {
        return false;
    }

    /** True when transitions of {@code group} must be reported to {@link #fired}. */
    boolean watches(int group);

    /** {@code group} fired from {@code source} (id {@code sourceId}); the array is only valid during the call. */
    void fired(int sourceId, int[] source, int group);

    /**
     * The labels of every witness that {@code group} fired from {@code source} would be (as in
     * {@link Witness#label}), without recording anything: replay asks whether a trace's last
     * step shows what the trace claims.
     */
    default List<String> shows(int[] source, int group) {
        return List.of();
    }

    /**
     * True when {@link #save} and {@link #restore} work, so that a search watched by this
     * analysis can be checkpointed and continued. False by default: checkpoints are then refused.
     */
    default boolean checkpointable() {
        return false;
    }

    /** Writes what the analysis has recorded so far, for a checkpoint of the search. */
    default void save(java.io.DataOutput out) throws java.io.IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
    }

    /**
     * Replaces what this fresh instance has recorded by what {@link #save} wrote, as if it had
     * watched the search that far; throws {@link java.io.IOException} on content it cannot have written.
     */
    default void restore(java.io.DataInput in) throws java.io.IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
    }

    /** What was found, each with the transitions that witness it. */
    List<Finding> findings();

    /** One finding: reported as a violation of {@code property}, with one trace per witness. */
    record Finding(String property, String message, List<Witness> witnesses) {}

    /** A transition: {@code group} fired from the state stored as {@code sourceId}. */
    record Witness(int sourceId, int group, String label) {}
}
