package ptecheck.compile;

import java.util.List;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * Lock-discipline checks that lockdep makes at run time: no process finishes holding a lock or
 * with interrupts disabled, and no CPU holds more locks at once than {@code max_locks_held}
 * allows (the 8-bit preempt count of seed 001).
 */
final class ExitProperties {
    private ExitProperties() {}

    /** A finished process (or idle handler) still owns a lock. */
    static StateProperty lockHeldAtExit(List<KernelProcess> processes, Locks.Info[] locks) {
        return new Simple("lock_held_at_exit", "no process finishes while holding a lock") {
            public boolean holds(int[] s) {
                for (KernelProcess p : processes) {
                    if (s[p.pcSlot()] == p.endPc()) {
                        for (Locks.Info l : locks) {
                            if (Locks.holds(s, l.slot(), l.rw(), p.owner())) {
                                return false;
                            }
                        }
                    }
                }
                return true;
            }
        };
    }

    /** A finished process left its CPU's interrupts disabled. */
    static StateProperty irqsOffAtExit(List<KernelProcess> processes, java.util.Map<Integer, Integer> irqSlots) {
        return new Simple("irqs_off_at_exit", "no process finishes with interrupts disabled") {
            public boolean holds(int[] s) {
                for (KernelProcess p : processes) {
                    Integer irq = irqSlots.get(p.cpu());
                    if (irq != null && s[p.pcSlot()] == p.endPc() && s[irq] == p.owner()) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    /** A finished process is still inside an rcu_read_lock() section. */
    static StateProperty rcuHeldAtExit(List<KernelProcess> processes, int[] depthByOwner) {
        return new Simple("rcu_read_lock_held_at_exit", "no process finishes inside an RCU read-side section") {
            public boolean holds(int[] s) {
                for (KernelProcess p : processes) {
                    int d = p.owner() < depthByOwner.length ? depthByOwner[p.owner()] : -1;
                    if (d >= 0 && !p.handler() && s[p.pcSlot()] == p.endPc() && s[d] > 0) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    /** The code on some CPU holds more than {@code bound} locks at once. */
    static StateProperty locksHeldBound(List<KernelProcess> processes, Locks.Info[] locks, int bound, SourceRef where) {
        int maxOwner = 0;
        for (KernelProcess p : processes) {
            maxOwner = Math.max(maxOwner, p.owner());
        }
        int[] cpuOf = new int[maxOwner + 1];
        int maxCpu = 0;
        for (KernelProcess p : processes) {
            cpuOf[p.owner()] = Math.max(0, p.cpu());
            maxCpu = Math.max(maxCpu, p.cpu());
        }
        int cpus = maxCpu + 1;
        return new Simple("locks_held_bound", "each CPU holds at most " + bound + " locks at once", where) {
            public boolean holds(int[] s) {
                for (int c = 0; c < cpus; c++) { // counted per CPU: nothing allocated per state
                    int held = 0;
                    for (Locks.Info l : locks) {
                        int o = s[l.slot()];
                        if (o != 0 && o < cpuOf.length && cpuOf[o] == c) {
                            held++;
                        }
                        if (l.rw()) {
                            for (int r = 1; r < cpuOf.length; r++) {
                                if ((s[l.slot() + 1] & Locks.bit(r)) != 0 && cpuOf[r] == c) {
                                    held++;
                                }
                            }
                        }
                        if (held > bound) {
                            return false;
                        }
                    }
                }
                return true;
            }
        };
    }

    private abstract static class Simple implements StateProperty {
        private final String name;
        private final String text;
        private final SourceRef where;

        Simple(String name, String text) {
            this(name, text, SourceRef.NONE);
        }

        Simple(String name, String text, SourceRef where) {
            this.name = name;
            this.text = text;
            this.where = where;
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return Kind.INVARIANT;
        }

        public SourceRef where() {
            return where;
        }

        public String text() {
            return text;
        }
    }
}
