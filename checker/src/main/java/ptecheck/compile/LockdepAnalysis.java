package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.ts.TransitionAnalysis;

/**
 * Lockdep over the whole explored state space (cf. Documentation/locking/lockdep-design.rst):
 * <ul>
 *   <li>every acquisition of lock B while the same process holds A records the dependency
 *       A -> B with the first transition that showed it; A -> B and B -> A both recorded is a
 *       {@code lock_order_inversion}, reported with both witnesses even when no state of the
 *       model deadlocks. Locks are compared by class (the declared name, so every {@code ptl[t]}
 *       is one class, as lockdep does for split PTE locks), and instances of one class by
 *       instance;</li>
 *   <li>a lock class taken in an interrupt handler and also taken with interrupts enabled
 *       outside one is {@code irq_unsafe_lock} (lockdep's "inconsistent {IN-HARDIRQ-W} ->
 *       {HARDIRQ-ON-W} usage"): the handler may interrupt the holder on its own CPU.</li>
 * </ul>
 * Only the earliest witness of each finding is stored, in dense tables: nothing is allocated
 * per transition once a dependency is known.
 */
final class LockdepAnalysis implements TransitionAnalysis {
    private final Locks.Wait[] acquireOf;
    private final boolean[] rw;
    private final int[] ownerOf;
    private final int[] lockSlots;
    private final int[] slotToLock;
    private final String[] lockName;
    private final int[] classOf;
    private final String[] className;
    private final boolean[] ownerIsHandler;
    private final int[] irqSlotOfOwner;
    private final Witness[][] dependency;
    private final Witness[] inIrq;
    private final Witness[] irqsOn;

    /**
     * @param acquireOf per group, the lock a {@code lock} statement takes (null for other groups)
     * @param ownerOf per group, the owner id of the process or handler that runs it
     * @param lockSlots every lock's slot; {@code lockName}/{@code classOf} describe each
     * @param irqSlotOfOwner per owner id, its CPU's interrupt flag slot, or -1 when interrupts are never disabled there
     */
    LockdepAnalysis(Locks.Wait[] acquireOf, int[] ownerOf, int stateSize, int[] lockSlots, boolean[] rw, String[] lockName,
                    int[] classOf, String[] className, boolean[] ownerIsHandler, int[] irqSlotOfOwner) {
        this.acquireOf = acquireOf;
        this.rw = rw;
        this.ownerOf = ownerOf;
        this.lockSlots = lockSlots;
        this.lockName = lockName;
        this.classOf = classOf;
        this.className = className;
        this.ownerIsHandler = ownerIsHandler;
        this.irqSlotOfOwner = irqSlotOfOwner;
        this.slotToLock = new int[stateSize];
        java.util.Arrays.fill(slotToLock, -1);
        for (int i = 0; i < lockSlots.length; i++) {
            slotToLock[lockSlots[i]] = i;
        }
        this.dependency = new Witness[lockSlots.length][lockSlots.length];
        this.inIrq = new Witness[className.length];
        this.irqsOn = new Witness[className.length];
    }

    /** The compiler declares lock statements may-fail, reading every lock and interrupt flag. */
    @Override
    public boolean preservedByPartialOrder() {
        return true;
    }

    @Override
    public boolean watches(int group) {
        return acquireOf[group] != null;
    }

    @Override
    public void fired(int sourceId, int[] s, int group) {
        int acquired;
        try {
            acquired = slotToLock[acquireOf[group].place().slot(s)];
        } catch (RuntimeException e) {
            return;
        }
        int owner = ownerOf[group];
        for (int held = 0; held < lockSlots.length; held++) {
            if (held != acquired && earlier(sourceId, group, dependency[held][acquired])
                    && Locks.holds(s, lockSlots[held], rw[held], owner)) {
                dependency[held][acquired] = new Witness(sourceId, group,
                        "takes " + lockName[acquired] + " while holding " + lockName[held]);
            }
        }
        int cls = classOf[acquired];
        if (ownerIsHandler[owner]) {
            if (earlier(sourceId, group, inIrq[cls])) {
                inIrq[cls] = new Witness(sourceId, group, "takes " + lockName[acquired] + " in an interrupt handler");
            }
        } else if (earlier(sourceId, group, irqsOn[cls])
                && (irqSlotOfOwner[owner] < 0 || s[irqSlotOfOwner[owner]] == 0)) {
            irqsOn[cls] = new Witness(sourceId, group, "takes " + lockName[acquired] + " with interrupts enabled");
        }
    }

    @Override
    public List<String> shows(int[] s, int group) {
        if (acquireOf[group] == null) {
            return List.of();
        }
        int acquired;
        try {
            acquired = slotToLock[acquireOf[group].place().slot(s)];
        } catch (RuntimeException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int owner = ownerOf[group];
        for (int held = 0; held < lockSlots.length; held++) {
            if (held != acquired && Locks.holds(s, lockSlots[held], rw[held], owner)) {
                out.add("takes " + lockName[acquired] + " while holding " + lockName[held]);
            }
        }
        if (ownerIsHandler[owner]) {
            out.add("takes " + lockName[acquired] + " in an interrupt handler");
        } else if (irqSlotOfOwner[owner] < 0 || s[irqSlotOfOwner[owner]] == 0) {
            out.add("takes " + lockName[acquired] + " with interrupts enabled");
        }
        return out;
    }

    @Override
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        int n = lockSlots.length;
        // Between classes: any instance pair in each direction.
        for (int a = 0; a < className.length; a++) {
            for (int b = a + 1; b < className.length; b++) {
                Witness ab = classEdge(a, b);
                Witness ba = classEdge(b, a);
                if (ab != null && ba != null) {
                    out.add(new Finding(Violation.LOCK_ORDER_INVERSION.id(),
                            "lock order inversion: " + className[a] + " then "
                            + className[b] + " in one execution, " + className[b] + " then " + className[a]
                            + " in another: the two can deadlock", List.of(ab, ba)));
                }
            }
        }
        // Within a class: two instances taken in both orders.
        for (int x = 0; x < n; x++) {
            for (int y = x + 1; y < n; y++) {
                if (classOf[x] == classOf[y] && dependency[x][y] != null && dependency[y][x] != null) {
                    out.add(new Finding(Violation.LOCK_ORDER_INVERSION.id(),
                            "lock order inversion: " + lockName[x] + " then "
                            + lockName[y] + " in one execution, " + lockName[y] + " then " + lockName[x]
                            + " in another: the two can deadlock", List.of(dependency[x][y], dependency[y][x])));
                }
            }
        }
        for (int c = 0; c < className.length; c++) {
            if (inIrq[c] != null && irqsOn[c] != null) {
                out.add(new Finding(Violation.IRQ_UNSAFE_LOCK.id(), "inconsistent lock usage: " + className[c]
                        + " is taken in an interrupt handler and, elsewhere, with interrupts enabled: the handler "
                        + "can interrupt the holder on its CPU and spin forever", List.of(inIrq[c], irqsOn[c])));
            }
        }
        return out;
    }

    @Override
    public boolean checkpointable() {
        return true;
    }

    /** The earliest witnesses, table by table; a witness's label follows from where it is. */
    @Override
    public void save(java.io.DataOutput out) throws java.io.IOException {
        for (Witness[] row : dependency) {
            for (Witness w : row) {
                save(out, w);
            }
        }
        for (int c = 0; c < className.length; c++) {
            save(out, inIrq[c]);
            save(out, irqsOn[c]);
        }
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
        for (Witness[] row : dependency) {
            for (int i = 0; i < row.length; i++) {
                row[i] = restoreWitness(in);
            }
        }
        for (int c = 0; c < className.length; c++) {
            inIrq[c] = restoreWitness(in);
            irqsOn[c] = restoreWitness(in);
        }
    }

    private static void save(java.io.DataOutput out, Witness w) throws java.io.IOException {
        out.writeBoolean(w != null);
        if (w != null) {
            out.writeInt(w.sourceId());
            out.writeInt(w.group());
            out.writeUTF(w.label());
        }
    }

    private Witness restoreWitness(java.io.DataInput in) throws java.io.IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int source = in.readInt();
        int group = in.readInt();
        String label = in.readUTF();
        if (source < 0 || group < 0 || group >= acquireOf.length) {
            throw new java.io.IOException("lockdep witness " + source + ", group " + group);
        }
        return new Witness(source, group, label);
    }

    /**
     * Keeps the witness with the smallest (state id, group): breadth-first ids make it a
     * shortest one, and the choice does not depend on the order parallel workers report in.
     */
    private static boolean earlier(int sourceId, int group, Witness w) {
        return w == null || sourceId < w.sourceId() || sourceId == w.sourceId() && group < w.group();
    }

    private Witness classEdge(int from, int to) {
        for (int x = 0; x < lockSlots.length; x++) {
            if (classOf[x] != from) {
                continue;
            }
            for (int y = 0; y < lockSlots.length; y++) {
                if (classOf[y] == to && dependency[x][y] != null) {
                    return dependency[x][y];
                }
            }
        }
        return null;
    }
}
