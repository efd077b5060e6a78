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
            return slot;
        });
    }

    boolean hasIrqSlot(int cpu) {
        return irqSlots.containsKey(cpu);
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
