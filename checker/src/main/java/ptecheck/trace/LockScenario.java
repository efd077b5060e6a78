package ptecheck.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptecheck.ts.Variable;

/**
 * A lockdep finding told the way lockdep tells it: the "Possible unsafe locking scenario"
 * table of {@code print_circular_lock_scenario()} (two CPUs taking two locks in opposite
 * orders) and of {@code print_usage_bug_scenario()} (a lock taken with interrupts enabled and
 * again by an interrupt on the same CPU), both in the kernel's kernel/locking/lockdep.c. The
 * column positions (CPU0 at column 7, CPU1 at 31) are lockdep's; a lock taken for reading is
 * {@code rlock(...)}, as there. The lock names are ptecheck's instances ({@code ptl[0]}), and
 * one more line says which witness each CPU replays.
 *
 * <p>The witnesses are read from their texts, which {@code compile.LockdepAnalysis} writes:
 * {@code takes B while holding A}, {@code takes A in an interrupt handler}, {@code takes A with
 * interrupts enabled}.
 */
public final class LockScenario {
    private static final Pattern ORDER = Pattern.compile("takes (.+) while holding (.+)");
    private static final Pattern IN_IRQ = Pattern.compile("takes (.+) in an interrupt handler");
    private static final Pattern IRQS_ON = Pattern.compile("takes (.+) with interrupts enabled");
    private static final String CPU1 = " ".repeat(31);

    private LockScenario() {}

    /** The table for the two witnesses of a lockdep finding; empty when they are not one. */
    public static List<String> lines(List<Trace> witnesses) {
        if (witnesses.size() != 2) {
            return List.of();
        }
        Trace w1 = witnesses.get(0);
        Trace w2 = witnesses.get(1);
        Matcher a = ORDER.matcher(w1.text());
        Matcher b = ORDER.matcher(w2.text());
        List<String> out = new ArrayList<>();
        if (a.matches() && b.matches()) {
            String held = a.group(2);
            String taken = a.group(1);
            out.add(" Possible unsafe locking scenario:");
            out.add("");
            out.add("       CPU0                    CPU1");
            out.add("       ----                    ----");
            out.add("  " + lock(w1, held, false) + ";");
            out.add(CPU1 + lock(w2, b.group(2), false) + ";");
            out.add(CPU1 + lock(w2, b.group(1), true) + ";");
            out.add("  " + lock(w1, taken, true) + ";");
            out.add("");
            out.add(" *** DEADLOCK ***");
            out.add("");
            out.add(" CPU0 is witness 1 (" + actor(w1) + "), CPU1 is witness 2 (" + actor(w2) + ").");
            return out;
        }
        Matcher irq = IN_IRQ.matcher(w1.text());
        Matcher on = IRQS_ON.matcher(w2.text());
        if (irq.matches() && on.matches()) {
            out.add(" Possible unsafe locking scenario:");
            out.add("");
            out.add("       CPU0");
            out.add("       ----");
            out.add("  " + lock(w2, on.group(1), true) + ";");
            out.add("  <Interrupt>");
            out.add("    " + lock(w1, irq.group(1), true) + ";");
            out.add("");
            out.add(" *** DEADLOCK ***");
            out.add("");
            out.add(" The holder is witness 2 (" + actor(w2) + "), the interrupt witness 1 (" + actor(w1) + ").");
        }
        return out;
    }

    /**
     * {@code lock(ptl[0])}, or {@code rlock(mmap_lock)} when the witness holds it for reading:
     * the lock's state after the witness's last step (the acquisition), or before it for the
     * lock already held ({@code acquired} false).
     */
    private static String lock(Trace w, String name, boolean acquired) {
        List<Step> steps = w.steps();
        int[] state = acquired || steps.isEmpty() ? w.last() : steps.get(steps.size() - 1).before();
        for (Variable v : w.variables()) {
            if (v.name().equals(name)) {
                return (v.format(state).startsWith("held for reading") ? "rlock(" : "lock(") + name + ")";
            }
        }
        return "lock(" + name + ")";
    }

    private static String actor(Trace w) {
        return w.steps().isEmpty() ? "?" : w.steps().get(w.steps().size() - 1).info().actor();
    }
}
