package ptecheck.ts;

import java.util.BitSet;

/** A predicate that must hold in every reachable state. */
public interface StateProperty {

    enum Kind { INVARIANT, AT_END, ASSERTION, DEADLOCK }

    /** Name used in reports and matched by {@code expect violation NAME}. */
    String name();

    Kind kind();

    /** Where the property is declared. */
    SourceRef where();

    /** The property as written, for reports. */
    String text();

    boolean holds(int[] state);

    /**
     * The slots {@link #holds} may read, for slicing counterexamples; null when unknown (a
     * slice then keeps every step).
     */
    default BitSet reads() {
        return null;
    }
}
