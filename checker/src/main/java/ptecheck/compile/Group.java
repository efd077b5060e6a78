package ptecheck.compile;

import ptecheck.ts.GroupInfo;

/**
 * A transition group: enabled when the actor's pc (if any) is {@code fromPc} and the guard
 * holds; runs its actions (which end by setting the pc) on a copy of the state.
 */
record Group(GroupInfo info, int pcSlot, int fromPc, IntExpr guard, Action[] actions, int owner) {
    boolean enabledIn(int[] s) {
        return (pcSlot < 0 || s[pcSlot] == fromPc) && (guard == null || guard.eval(s) != 0);
    }
}
