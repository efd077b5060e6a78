package ptecheck.ts;

import java.util.BitSet;

/** A predicate that must hold in every reachable state. */
public interface StateProperty {

    /**
     * LOCK_ORDER findings come from a {@link TransitionAnalysis}, not from a state; LIVENESS
     * ones from a {@link LivenessProperty}, with a lasso.
     */
    enum Kind { INVARIANT, AT_END, ASSERTION, DEADLOCK, LOCK_ORDER, LIVENESS }

    /** Name used in reports and matched by {@code expect violation NAME}. */
    String name();

    Kind kind();

    /** Where the property is declared. */
    SourceRef where();

    /** The property as written, for reports. */
    String text();

    boolean holds(int[] state);

    /**
     * The slots {@link #holds} may read, or null when unknown (then every slot counts): a
     * reduction must treat a group that writes one of them as visible, and a slice of a
     * counterexample keeps the steps they depend on.
     */
    default BitSet reads() {
        return null;
    }

    /**
     * False in states where the property cannot be violated, so that {@link #holds} is true
     * there whatever the other slots hold. An at-end check, for example, is only in scope once
     * every kernel process has finished. Partial-order reduction uses it: while a property is
     * out of scope, only the groups that can bring it into scope matter to it, not every group
     * that writes what it reads.
     *
     * <p>Must read only {@link #scopeReads()}, and {@code !inScope(s)} must imply
     * {@code holds(s)}. The default, always in scope, is always correct.
     */
    default boolean inScope(int[] state) {
        return true;
    }

    /**
     * A warning when the property held only vacuously in the states it was checked on so far
     * (an at-end check never in scope, an implication whose left side was never true), or
     * null. Properties that do not track it return null.
     */
    default String vacuity() {
        return null;
    }

    /** The slots {@link #inScope} reads, or null when the property is always in scope. */
    default java.util.BitSet scopeReads() {
        return null;
    }

    /**
     * The scope as a conjunction (for an at-end check: one part per kernel process, "it has
     * finished"), or null when it is not given in parts. Must be equivalent to
     * {@link #inScope}, and read only {@link #scopeReads()}. Partial-order reduction then needs
     * only the writers of one part that is still false, not of the whole scope.
     */
    default Conjunction scopeConjunction() {
        return null;
    }
}
