package ptecheck.compile;

import java.util.BitSet;

/**
 * A compiled scalar expression over a state vector. Compound values (records, optionals,
 * arrays) are compiled to one {@code IntExpr} per leaf, so evaluation never allocates.
 */
interface IntExpr {
    int eval(int[] s);

    /** Adds every slot this expression may read. */
    void reads(BitSet out);

    /** The value, when it does not depend on the state; otherwise null. */
    default Integer constant() {
        return null;
    }
}
