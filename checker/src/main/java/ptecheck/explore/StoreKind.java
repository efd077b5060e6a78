package ptecheck.explore;

/** How a search remembers visited states (see {@code explore.store}). */
public enum StoreKind {
    /** Every state, bit-packed: no state can be missed. */
    EXACT,
    /** Every state, tree-compressed: no state can be missed, in a fraction of exact's memory. */
    TREE,
    /** A 64-bit fingerprint per state: a collision can hide a state, with a reported probability. */
    FINGERPRINT,
    /** A few bits per state (supertrace): a partial search, which can only find violations. */
    BITSTATE;

    /** True when the store can say which id a stored state has (what the progress check needs). */
    public boolean keepsIds() {
        return this != BITSTATE;
    }

    /**
     * True when a search with this store is partial by construction: a state it never explored
     * may hide a violation, so finding nothing proves nothing.
     */
    public boolean partial() {
        return this == BITSTATE;
    }

    /** The name used on the command line. */
    public String label() {
        return name().toLowerCase();
    }
}
