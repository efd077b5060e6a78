package ptecheck.compile;

import java.util.List;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * Deadlock by locks: a process waiting for a lock held by a process that can never release it,
 * because that one waits too, in a cycle (ABBA, or a process re-taking a lock it holds), or
 * has finished. Checked per state, so it finds deadlocks even while hardware agents can still
 * move and the state as a whole has successors.
 */
final class LockCycleProperty implements StateProperty {
    private final List<KernelProcess> processes;
    private final KernelProcess[] byOwner;

    LockCycleProperty(List<KernelProcess> processes) {
        this.processes = processes;
        this.byOwner = new KernelProcess[processes.size() + 1];
        for (KernelProcess p : processes) {
            byOwner[p.owner()] = p;
        }
    }

    public String name() {
        return "deadlock";
    }

    public Kind kind() {
        return Kind.DEADLOCK;
    }

    public SourceRef where() {
        return SourceRef.NONE;
    }

    public String text() {
        return "processes wait for each other's locks (or for a lock held by a finished process)";
    }

    @Override
    public java.util.BitSet reads() {
        java.util.BitSet b = new java.util.BitSet();
        for (KernelProcess p : processes) {
            b.set(p.pcSlot());
            for (Place lock : p.lockWaits().values()) {
                lock.readsForAddress(b);
                lock.mayTouch(b, 0, 1);
            }
        }
        return b;
    }

    /** The owner a process waits for in {@code s}, or 0. */
    int waitsFor(KernelProcess p, int[] s) {
        Place lock = p.lockWaits().get(s[p.pcSlot()]);
        if (lock == null) {
            return 0;
        }
        int slot;
        try {
            slot = lock.slot(s);
        } catch (RuntimeException e) {
            return 0;
        }
        return s[slot];
    }

    public boolean holds(int[] s) {
        for (KernelProcess start : processes) {
            KernelProcess p = start;
            for (int steps = 0; steps <= processes.size(); steps++) {
                int holder = waitsFor(p, s);
                if (holder == 0) {
                    break;
                }
                KernelProcess h = byOwner[holder];
                if (h == start || s[h.pcSlot()] == h.endPc()) {
                    return false;
                }
                p = h;
            }
        }
        return true;
    }
}
