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
        java.util.BitSet reads = pcs(processes);
        for (Locks.Info l : locks) {
            reads.set(l.slot(), l.slot() + (l.rw() ? 2 : 1));
        }
        return new Simple(Violation.LOCK_HELD_AT_EXIT.id(), "no process finishes while holding a lock", reads) {
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
        java.util.BitSet reads = pcs(processes);
        irqSlots.values().forEach(reads::set);
        return new Simple(Violation.IRQS_OFF_AT_EXIT.id(), "no process finishes with interrupts disabled", reads) {
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
        java.util.BitSet reads = pcs(processes);
        for (int d : depthByOwner) {
            if (d >= 0) {
                reads.set(d);
            }
        }
        return new Simple(Violation.RCU_READ_LOCK_HELD_AT_EXIT.id(),
                "no process finishes inside an RCU read-side section", reads) {
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
        java.util.BitSet reads = new java.util.BitSet();
        for (Locks.Info l : locks) {
            reads.set(l.slot(), l.slot() + (l.rw() ? 2 : 1));
        }
        return new Simple(Violation.LOCKS_HELD_BOUND.id(), "each CPU holds at most " + bound + " locks at once",
                where, reads) {
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

    private static java.util.BitSet pcs(List<KernelProcess> processes) {
        java.util.BitSet out = new java.util.BitSet();
        for (KernelProcess p : processes) {
            out.set(p.pcSlot());
        }
        return out;
    }

    private abstract static class Simple implements StateProperty, RenamingInvariant {
        private final String name;
        private final String text;
        private final SourceRef where;
        private final java.util.BitSet reads;

        Simple(String name, String text, java.util.BitSet reads) {
            this(name, text, SourceRef.NONE, reads);
        }

        Simple(String name, String text, SourceRef where, java.util.BitSet reads) {
            this.name = name;
            this.text = text;
            this.where = where;
            this.reads = reads;
        }

        @Override
        public java.util.BitSet reads() {
            return (java.util.BitSet) reads.clone();
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
