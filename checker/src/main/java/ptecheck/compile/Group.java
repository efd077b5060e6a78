package ptecheck.compile;

import ptecheck.ts.GroupInfo;

/**
 * A transition group: enabled when the actor's pc (if any) is {@code fromPc} and the guard
 * holds, and no interrupt handler whose pc slot is in {@code suspendedBy} is running; runs its
 * actions (which end by setting the pc) on a copy of the state.
 *
 * @param cpu the CPU the actor runs on, or -1 when it is not bound to a CPU
 * @param kernel true for kernel statements, false for hardware or other agents' rules
 */
record Group(GroupInfo info, int cpu, boolean kernel, int pcSlot, int fromPc, IntExpr guard, Action[] actions, int owner, int[] suspendedBy) {
    Group(GroupInfo info, int cpu, boolean kernel, int pcSlot, int fromPc, IntExpr guard, Action[] actions,
            int owner) {
        this(info, cpu, kernel, pcSlot, fromPc, guard, actions, owner, new int[0]);
    }

    boolean enabledIn(int[] s) {
        if (pcSlot >= 0 && s[pcSlot] != fromPc) {
            return false;
        }
        // Kernel code on a CPU does not run while an interrupt handler runs there.
        for (int h : suspendedBy) {
            if (s[h] != Handler.IDLE) {
                return false;
            }
        }
        return guard == null || guard.eval(s) != 0;
    }
}
