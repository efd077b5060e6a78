package ptecheck.ts;

import java.util.BitSet;

/**
 * A condition over a state given as the conjunction of its parts, each with the slots it reads.
 * Partial-order reduction needs the parts: for the whole to become true, every part that is false
 * now must become true, so the groups writing the slots of any one false part are enough to
 * stand for "the condition can still become true" (a necessary enabling set, as for guards).
 */
public interface Conjunction {

    /** The number of parts; the condition is true when every part holds. */
    int size();

    boolean holds(int part, int[] state);

    /** The slots {@link #holds} reads for {@code part}. */
    BitSet reads(int part);

    /** True when every part holds. */
    default boolean holds(int[] state) {
        for (int i = 0; i < size(); i++) {
            if (!holds(i, state)) {
                return false;
            }
        }
        return true;
    }
}
