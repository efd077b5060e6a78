package ptecheck.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's per-CPU execution state that specs do not declare: whether a CPU's interrupts
 * are disabled (and by whom), and the IPI handlers that can run on it. Slots are allocated on
 * first use, so specs that use neither pay nothing.
 */
final class Concurrency {
    private final LayoutBuilder layout;
    private final Map<Integer, Integer> irqSlots = new TreeMap<>();
    private final Map<String, List<Handler>> handlers = new LinkedHashMap<>();
    private int owners;

    Concurrency(LayoutBuilder layout) {
        this.layout = layout;
    }

    void setOwnerCount(int owners) {
        this.owners = owners;
    }

    /**
     * The slot telling whether {@code cpu}'s interrupts are off: 0 when enabled, otherwise the
     * owner id of the code that disabled them (so a deadlock report can name it).
     */
    int irqSlot(int cpu) {
        return irqSlots.computeIfAbsent(cpu, c -> {
            int slot = layout.alloc("irqs_off[" + c + "]", new ptecheck.lang.check.Type.Int(0, Math.max(1, owners)), false);
            layout.variables("irqs_off[" + c + "]", slot, new ptecheck.lang.check.Type.Int(0, Math.max(1, owners)),
                    (s, at) -> s[at] == 0 ? "false" : "true");
            layout.coordinate(slot, new SymmetryDetector.Coord("irqs_off", new String[] {SymmetryDetector.CPU_DIM},
                    new int[] {c}, 0));
            return slot;
        });
    }

    boolean hasIrqSlot(int cpu) {
        return irqSlots.containsKey(cpu);
    }

    // ---- RCU: per-owner read-side nesting, per-synchronizer grace-period masks

    private final Map<Integer, Integer> rcuDepth = new TreeMap<>();
    private final Map<Integer, Integer> ownerCpu = new TreeMap<>();
    private final List<Integer> gpSlots = new ArrayList<>();
    private final Map<Integer, Integer> gpSlotOf = new TreeMap<>();

    private Actions.Rcu rcu;

    boolean usesRcu() {
        return !gpSlots.isEmpty();
    }

    Actions.Rcu rcu() {
        if (rcu == null) {
            rcu = new Actions.Rcu(this);
        }
        return rcu;
    }

    void registerOwner(int owner, int cpu) {
        ownerCpu.put(owner, cpu);
    }

    /** The read-side nesting depth of {@code owner} (rcu_read_lock count), allocated on first use. */
    int rcuDepthSlot(int owner, String name) {
        return rcuDepth.computeIfAbsent(owner, o -> {
            int slot = layout.alloc(name + ".rcu_depth", new ptecheck.lang.check.Type.Int(0, 3), false);
            layout.variables(name + ".rcu_depth", slot, new ptecheck.lang.check.Type.Int(0, 3), null);
            return slot;
        });
    }

    /** The mask of readers {@code owner}'s synchronize_rcu() still waits for, allocated on first use. */
    int gpSlot(int owner, String name) {
        return gpSlotOf.computeIfAbsent(owner, o -> {
            ptecheck.lang.check.Type mask = new ptecheck.lang.check.Type.Int(0, (int) Math.min(Integer.MAX_VALUE,
                    (1L << Math.max(1, owners)) - 1));
            int slot = layout.alloc(name + ".gp_waits_for", mask, false);
            gpSlots.add(slot);
            return slot;
        });
    }

    /** An RCU callback queued by call_rcu(): its pending flag and grace-period mask slots. */
    record Callback(String name, int pendingSlot, int gpSlot) {}

    private final Map<String, Callback> callbacks = new LinkedHashMap<>();
    private final List<Group> callbackGroups = new ArrayList<>();

    /** The slots of the callback queued at one call site (with its argument values), allocated on first use. */
    Callback callback(String key, String name) {
        return callbacks.computeIfAbsent(key, k -> {
            int pending = layout.alloc(name + ".queued", new ptecheck.lang.check.Type.Bool(), false);
            layout.variables(name + ".queued", pending, new ptecheck.lang.check.Type.Bool(), null);
            int gp = gpSlot(-1 - callbacks.size(), name);
            return new Callback(name, pending, gp);
        });
    }

    private final java.util.Set<String> callbackKeys = new java.util.HashSet<>();

    /** Adds the callback's group once, however many times its call site is lowered (unrolled loops). */
    void addCallbackGroup(String key, Group g) {
        if (callbackKeys.add(key)) {
            callbackGroups.add(g);
        }
    }

    List<Group> callbackGroups() {
        return callbackGroups;
    }

    /** Frozen views for the actions, read once compilation is over. */
    int[] gpSlots() {
        return gpSlots.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Per owner id: its rcu depth slot or -1. */
    int[] depthSlots(int maxOwner) {
        int[] out = new int[maxOwner + 1];
        java.util.Arrays.fill(out, -1);
        rcuDepth.forEach((o, s) -> out[o] = s);
        return out;
    }

    /** Per owner id: its CPU's interrupt-flag slot or -1. */
    int[] irqSlotsByOwner(int maxOwner) {
        int[] out = new int[maxOwner + 1];
        java.util.Arrays.fill(out, -1);
        ownerCpu.forEach((o, c) -> out[o] = irqSlots.getOrDefault(c, -1));
        return out;
    }

    int owners() {
        return owners;
    }

    /** Per owner id: its pc slot when it is an interrupt handler, or -1. */
    int[] handlerPcsByOwner(int maxOwner) {
        int[] out = new int[maxOwner + 1];
        java.util.Arrays.fill(out, -1);
        for (Handler h : allHandlers()) {
            if (h.owner() <= maxOwner) {
                out[h.owner()] = h.pcSlot();
            }
        }
        return out;
    }

    void addHandler(Handler h) {
        handlers.computeIfAbsent(h.name(), n -> new ArrayList<>()).add(h);
    }

    /** Instances of the named handler, or null when no interrupt has that name. */
    List<Handler> handlers(String name) {
        return handlers.get(name);
    }

    List<Handler> allHandlers() {
        List<Handler> out = new ArrayList<>();
        handlers.values().forEach(out::addAll);
        return out;
    }

    List<Handler> handlersOn(int cpu) {
        List<Handler> out = new ArrayList<>();
        for (Handler h : allHandlers()) {
            if (h.cpu() == cpu) {
                out.add(h);
            }
        }
        return out;
    }
}
