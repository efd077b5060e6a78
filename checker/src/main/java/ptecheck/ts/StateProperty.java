package ptecheck.ts;

import java.util.BitSet;

/** A predicate that must hold in every reachable state. */
public interface StateProperty {

    /** LOCK_ORDER findings come from a {@link TransitionAnalysis}, not from a state. */
    enum Kind { INVARIANT, AT_END, ASSERTION, DEADLOCK, LOCK_ORDER }

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
}
