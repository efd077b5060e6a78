package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * Deadlock as lockdep and the NMI watchdog see it: processes that wait for each other forever.
 * In a state, a process waits for
 * <ul>
 *   <li>the holder of the lock its {@code lock} statement wants;</li>
 *   <li>for each CPU that has not yet acknowledged its IPI: the handler if it is running, else
 *       whoever disabled that CPU's interrupts, else the other handler occupying that CPU.</li>
 * </ul>
 * A process is stuck for good when its waits lead into a cycle, or to a lock held by a process
 * that has finished. Checked on every state, so the deadlock is reported even while hardware
 * agents can still move (and the state as a whole has successors).
 */
final class WaitForGraph implements StateProperty, RenamingInvariant {
    final List<KernelProcess> processes;
    private final KernelProcess[] byOwner;
    private final Map<Integer, Integer> irqSlots;
    private final List<Handler> handlers;

    private final BitSet lockSlots;

    WaitForGraph(List<KernelProcess> processes, Map<Integer, Integer> irqSlots, List<Handler> handlers, BitSet lockSlots) {
        this.lockSlots = lockSlots;
        this.processes = processes;
        this.pcSlots = processes.stream().mapToInt(KernelProcess::pcSlot).toArray();
        int max = 0;
        for (KernelProcess p : processes) {
            max = Math.max(max, p.owner());
        }
        this.byOwner = new KernelProcess[max + 1];
        for (KernelProcess p : processes) {
            byOwner[p.owner()] = p;
        }
        this.irqSlots = irqSlots;
        this.handlers = handlers;
    }

    public String name() {
        return Violation.DEADLOCK.id();
    }

    public Kind kind() {
        return Kind.DEADLOCK;
    }

    public SourceRef where() {
        return SourceRef.NONE;
    }

    public String text() {
        return "processes wait for each other forever (for locks, IPI acknowledgements, grace periods, or "
                + "an interrupt handler to return)";
    }

    /**
     * Waits depend on program counters, locks (and the slots that pick a lock out of a
     * family), interrupt flags, handlers' pcs and pending flags, and grace-period masks.
     */
    @Override
    public BitSet reads() {
        BitSet out = new BitSet();
        for (KernelProcess p : processes) {
            out.set(p.pcSlot());
            for (Locks.Wait w : p.lockWaits().values()) {
                w.place().readsForAddress(out);
                w.place().mayTouch(out, 0, w.rw() ? 2 : 1);
            }
            p.gpWaits().values().forEach(out::set);
        }
        for (Handler h : handlers) {
            out.set(h.pcSlot());
            out.set(h.pendingSlot());
        }
        irqSlots.values().forEach(out::set);
        lockSlots.stream().forEach(out::set);
        return out;
    }

    /**
     * A cycle needs a process (or handler) standing at a statement that waits: a lock, an IPI
     * acknowledgement or a grace period. Elsewhere the property holds whatever else the state is.
     */
    @Override
    public boolean inScope(int[] s) {
        boolean[][] at = waitingAt();
        for (int i = 0; i < at.length; i++) {
            int pc = s[pcSlots[i]];
            if (pc < at[i].length && at[i][pc]) {
                return true;
            }
        }
        return false;
    }

    private final int[] pcSlots;
    /** Per process, by pc: does it wait there? Built on first use, once every process is lowered. */
    private volatile boolean[][] waitingAt;

    private boolean[][] waitingAt() {
        boolean[][] at = waitingAt;
        if (at == null) {
            at = new boolean[processes.size()][];
            for (int i = 0; i < at.length; i++) {
                KernelProcess p = processes.get(i);
                java.util.Set<Integer> pcs = new java.util.HashSet<>(p.lockWaits().keySet());
                pcs.addAll(p.ipiWaits().keySet());
                pcs.addAll(p.gpWaits().keySet());
                at[i] = new boolean[pcs.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
                for (int pc : pcs) {
                    at[i][pc] = true;
                }
            }
            waitingAt = at;
        }
        return at;
    }

    @Override
    public BitSet scopeReads() {
        BitSet out = new BitSet();
        for (KernelProcess p : processes) {
            out.set(p.pcSlot());
        }
        return out;
    }

    /** Why {@code p} cannot move, as the owners it waits for; empty when it is not waiting. */
    List<Integer> waitsFor(KernelProcess p, int[] s) {
        int pc = s[p.pcSlot()];
        List<Integer> out = new ArrayList<>();
        Handler running = interruptedBy(p, s);
        if (running != null) {
            out.add(running.owner()); // kernel code resumes only when the handler on its CPU returns
            return out;
        }
        Locks.Wait lock = p.lockWaits().get(pc);
        if (lock != null) {
            Locks.blockers(s, safeSlot(lock.place(), s), lock.rw(), lock.read(), out);
        }
        List<Handler> targets = p.ipiWaits().get(pc);
        if (targets != null) {
            for (Handler h : targets) {
                if (s[h.pendingSlot()] != 0) {
                    int blocker = blockerOf(h, s);
                    if (blocker != 0) {
                        out.add(blocker);
                    }
                }
            }
        }
        Integer gp = p.gpWaits().get(pc);
        if (gp != null) {
            for (int o = 1, m = s[gp]; m != 0; o++, m >>>= 1) {
                if ((m & 1) != 0) {
                    out.add(o); // a reader the grace period waits for
                }
            }
        }
        return out;
    }

    /** The handler running on {@code p}'s CPU, which suspends it; null when none (or p is a handler). */
    Handler interruptedBy(KernelProcess p, int[] s) {
        if (p.handler() || s[p.pcSlot()] == p.endPc()) {
            return null;
        }
        for (Handler h : handlers) {
            if (h.cpu() == p.cpu() && s[h.pcSlot()] != Handler.IDLE) {
                return h;
            }
        }
        return null;
    }

    /** Who keeps a pending handler from completing: itself while it runs, else the code keeping it out. */
    int blockerOf(Handler h, int[] s) {
        if (s[h.pcSlot()] != Handler.IDLE) {
            return h.owner();
        }
        Integer irq = irqSlots.get(h.cpu());
        if (irq != null && s[irq] != 0) {
            return s[irq];
        }
        for (Handler other : handlers) {
            if (other.cpu() == h.cpu() && s[other.pcSlot()] != Handler.IDLE) {
                return other.owner();
            }
        }
        return 0;
    }

    private static int safeSlot(Place p, int[] s) {
        try {
            return p.slot(s);
        } catch (RuntimeException e) {
            return p.base;
        }
    }

    private boolean finished(KernelProcess p, int[] s) {
        return s[p.pcSlot()] == p.endPc();
    }

    public boolean holds(int[] s) {
        if (!inScope(s)) {
            return true; // the common case, checked on every state without allocating
        }
        if (byOwner.length <= Long.SIZE) {
            // Owners as bits of a long: no allocation in a state where a process waits, which on
            // apply_pt_clean is most of them (lists and arrays here were 7% of a search).
            for (KernelProcess p : processes) {
                if (stuck(p, s, 0L)) {
                    return false;
                }
            }
            return true;
        }
        return holdsByLists(s);
    }

    /** {@link #holds} for a state in scope, by lists of waits: for more than 64 owners. */
    boolean holdsByLists(int[] s) {
        for (KernelProcess p : processes) {
            if (stuck(p, s, new boolean[byOwner.length])) {
                return false;
            }
        }
        return true;
    }

    /** {@link #stuck(KernelProcess, int[], boolean[])} with the owners on the path as bits. */
    private boolean stuck(KernelProcess p, int[] s, long onPath) {
        long self = 1L << p.owner();
        if ((onPath & self) != 0) {
            return true;
        }
        long waits = waitMask(p, s);
        if (waits == 0) {
            return false;
        }
        for (long m = waits; m != 0; m &= m - 1) {
            KernelProcess q = byOwner[Long.numberOfTrailingZeros(m)];
            if (q == null) {
                continue;
            }
            if (q != p && finished(q, s)) {
                return true; // a lock (or disabled interrupts) left behind by a finished process
            }
            if (stuck(q, s, onPath | self)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #waitsFor} as a set of owners, bit {@code o} for owner {@code o}; only owners that
     * have a process ({@code < byOwner.length <= 64}) are kept, as {@link #stuck} skips the rest.
     */
    long waitMask(KernelProcess p, int[] s) {
        Handler running = interruptedBy(p, s);
        if (running != null) {
            return bit(running.owner());
        }
        int pc = s[p.pcSlot()];
        long out = 0;
        Locks.Wait lock = p.lockWaits().get(pc);
        if (lock != null) {
            int slot = safeSlot(lock.place(), s);
            out |= bit(s[slot]);
            if (lock.rw() && !lock.read()) {
                out |= bits(s[slot + 1], 1);
            }
        }
        List<Handler> targets = p.ipiWaits().get(pc);
        if (targets != null) {
            for (Handler h : targets) {
                if (s[h.pendingSlot()] != 0) {
                    out |= bit(blockerOf(h, s));
                }
            }
        }
        Integer gp = p.gpWaits().get(pc);
        if (gp != null) {
            out |= bits(s[gp], 1);
        }
        return out;
    }

    /** Owner {@code o} as a bit; none for 0 (nobody) or an owner without a process. */
    private long bit(int o) {
        return o > 0 && o < byOwner.length ? 1L << o : 0;
    }

    /** The owners {@code first, first + 1, ...} whose bits are set in {@code mask}. */
    private long bits(int mask, int first) {
        long out = 0;
        for (int o = first; mask != 0; o++, mask >>>= 1) {
            if ((mask & 1) != 0) {
                out |= bit(o);
            }
        }
        return out;
    }

    /** True when {@code p} waits, directly or through others, on a cycle or on a finished holder. */
    private boolean stuck(KernelProcess p, int[] s, boolean[] onPath) {
        if (onPath[p.owner()]) {
            return true;
        }
        List<Integer> waits = waitsFor(p, s);
        if (waits.isEmpty()) {
            return false;
        }
        onPath[p.owner()] = true;
        try {
            for (int o : waits) {
                KernelProcess q = o < byOwner.length ? byOwner[o] : null;
                if (q == null) {
                    continue;
                }
                if (q != p && finished(q, s)) {
                    return true; // a lock (or disabled interrupts) left behind by a finished process
                }
                if (stuck(q, s, onPath)) {
                    return true;
                }
            }
            return false;
        } finally {
            onPath[p.owner()] = false;
        }
    }

    /** One line on what {@code p} waits for, for reports; null when it is not waiting on anyone. */
    String explain(KernelProcess p, int[] s) {
        int pc = s[p.pcSlot()];
        Handler running = interruptedBy(p, s);
        if (running != null) {
            return "interrupted: " + running.instance() + " runs on cpu " + p.cpu() + " and must return first";
        }
        Locks.Wait lock = p.lockWaits().get(pc);
        if (lock != null) {
            List<Integer> holders = new ArrayList<>();
            Locks.blockers(s, safeSlot(lock.place(), s), lock.rw(), lock.read(), holders);
            List<String> names = new ArrayList<>();
            for (int h : holders) {
                names.add(h == p.owner() ? "itself" : name(h));
            }
            return "waits for " + lock.place().name + (lock.rw() ? (lock.read() ? " (read)" : " (write)") : "")
                    + ", held by " + (names.isEmpty() ? "nobody" : String.join(", ", names));
        }
        List<Handler> targets = p.ipiWaits().get(pc);
        if (targets != null) {
            List<String> parts = new ArrayList<>();
            for (Handler h : targets) {
                if (s[h.pendingSlot()] == 0) {
                    continue;
                }
                String why;
                if (s[h.pcSlot()] != Handler.IDLE) {
                    why = "its handler is running";
                } else {
                    Integer irq = irqSlots.get(h.cpu());
                    if (irq != null && s[irq] != 0) {
                        why = "cpu " + h.cpu() + " has interrupts disabled (by " + name(s[irq]) + ")";
                    } else {
                        why = "cpu " + h.cpu() + " is busy with another handler";
                    }
                }
                parts.add("cpu " + h.cpu() + " to run " + h.name() + ", but " + why);
            }
            return parts.isEmpty() ? null : "waits for " + String.join("; and for ", parts);
        }
        Integer gp = p.gpWaits().get(pc);
        if (gp != null && s[gp] != 0) {
            List<String> readers = new ArrayList<>();
            for (int o = 1, m = s[gp]; m != 0; o++, m >>>= 1) {
                if ((m & 1) != 0) {
                    readers.add(o == p.owner() ? "itself" : name(o));
                }
            }
            return "waits for the RCU grace period: readers still inside their section: " + String.join(", ", readers);
        }
        return null;
    }

    String name(int owner) {
        KernelProcess p = owner < byOwner.length ? byOwner[owner] : null;
        return p == null ? "#" + owner : p.name();
    }
}
