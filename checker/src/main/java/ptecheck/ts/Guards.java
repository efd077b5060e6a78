package ptecheck.ts;

import java.util.BitSet;

/**
 * Each group's guard as a conjunction (cf. LTSmin's guard matrices): group {@code g} is enabled
 * in a state exactly when its conjuncts {@code 0 .. conjuncts(g)-1} all hold there. Conjuncts
 * are evaluated in order, and a conjunct may assume that the earlier ones hold (as in
 * {@code x != none and x.write}), so it is only evaluated when they do.
 *
 * <p>Partial-order reduction uses it to tell what can enable a disabled group: only the
 * groups writing a slot of one false conjunct, not every group writing any slot of the guard.
 * A kernel statement's first conjunct should be its program counter test, so that a statement
 * other than the current one depends only on the process moving.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Guards {

    /** Number of conjuncts of group {@code g}'s guard (0 for a group that is always enabled). */
    int conjuncts(int group);

    /**
     * True when conjunct {@code i} of group {@code g} holds in {@code state}, given that
     * conjuncts {@code 0 .. i-1} hold.
     */
    boolean holds(int group, int conjunct, int[] state);

    /** The slots conjunct {@code i} of group {@code g} reads. */
    BitSet reads(int group, int conjunct);
}
