package ptecheck.trace;

import java.util.BitSet;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

/**
 * Finds the steps a violation depends on: a backward dynamic slice over the groups' read and
 * write sets ({@link TransitionSystem#dependencies()}).
 *
 * <p>Start from the slots the violated property reads (the failing group's reads for a failing
 * step; every slot for a deadlock). Going backwards, a step is involved when it changed one of
 * those slots; its reads (guard included, so also the program counter that orders a process's
 * statements) are then added. Written slots are never removed from the set, because the
 * matrices only say what a group may write: the slice may keep a step too many, never one too
 * few. Steps that change nothing (a user read through the TLB) are never involved.
 */
public final class TraceSlicer {
    private TraceSlicer() {}

    /** The 1-based indices of the involved steps of {@code trace}, which {@code ts} produced. */
    public static BitSet involved(Trace trace, TransitionSystem ts) {
        int slots = ts.layout().size();
        BitSet live = start(trace, ts);
        if (live == null) {
            live = new BitSet();
            live.set(0, slots);
        }
        DependencyMatrix deps = ts.dependencies();
        BitSet involved = new BitSet();
        for (int i = trace.steps().size() - 1; i >= 0; i--) {
            Step s = trace.steps().get(i);
            boolean relevant = false;
            for (int slot = live.nextSetBit(0); slot >= 0 && slot < slots; slot = live.nextSetBit(slot + 1)) {
                if (s.before()[slot] != s.after()[slot]) {
                    relevant = true;
                    break;
                }
            }
            if (relevant) {
                involved.set(s.index());
                live.or(deps.reads(s.group()));
            }
        }
        return involved;
    }

    /** What the violation reads in the last state; null when unknown. */
    private static BitSet start(Trace trace, TransitionSystem ts) {
        if (trace.failingStep() != null) {
            return (BitSet) ts.dependencies().reads(trace.failingStep().group()).clone();
        }
        if (trace.kind() == StateProperty.Kind.DEADLOCK) {
            return null;
        }
        for (StateProperty p : ts.properties()) {
            if (p.name().equals(trace.property())) {
                BitSet reads = p.reads();
                return reads == null ? null : (BitSet) reads.clone();
            }
        }
        return null;
    }
}
