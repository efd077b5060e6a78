package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.Variable;

/**
 * Dead-variable reduction (SPIN's): a kernel local is reset to its initial value on the step
 * after which no path of its process reads it before writing it again, so two states that
 * differ only in a value nobody will read are one state.
 *
 * <p>The liveness is the classic backward analysis over the process's control-flow graph, per
 * local (a read of one field keeps the whole record alive, and only a sure write of all of it
 * kills it, so a trace never shows a half-reset value): a local is live at pc when some edge from pc reads it (guard or actions,
 * dynamic addresses included), or when it is live at a successor and the edge does not surely
 * write all of it (only top-level static assignments before anything that may stop the step count as
 * sure writes). The successors of an edge are its target and the pcs a {@code return} inside
 * an atomic step jumps to. Only the process's own steps can read its locals: other processes
 * and rules cannot name them, and the locals that properties read ({@code P.x}) are left alone.
 *
 * <p>Soundness: a reset changes only slots that no continuation of the process reads before
 * overwriting them, and nothing else reads them, so the reset state and the original one have
 * the same future up to those slots: the same verdicts. The resets sit at the end of the step,
 * after its pc is set; a step that a {@code return} stops early resets nothing (no reduction,
 * never a wrong one). Traces show a dead local as {@code dead} (its slots hold the initial value).
 */
final class DeadVariables {
    private DeadVariables() {}

    /** A kernel process as lowered: its edges became the groups from {@code firstGroup} on, in order. */
    record Process(int pcSlot, int pcCount, int endPc, List<Edge> edges, int firstGroup, List<Env.Local> locals) {}

    /** Adds the resets to the process's groups; returns the slots it may reset (for the trace formatters). */
    static BitSet[] apply(Process p, BitSet keep, List<Group> groups, LayoutBuilder layout) {
        BitSet candidates = new BitSet();
        int[] init = new int[layout.size()];
        int[] max = new int[layout.size()];
        for (Env.Local l : p.locals()) {
            int[] mins = LayoutBuilder.mins(l.type());
            int[] maxs = LayoutBuilder.maxs(l.type());
            for (int i = 0; i < mins.length; i++) {
                int slot = l.place().base + i;
                candidates.set(slot);
                init[slot] = mins[i];
                max[slot] = maxs[i] < 0 ? Integer.MAX_VALUE : maxs[i];
            }
        }
        candidates.andNot(keep);
        BitSet[] live = new BitSet[Math.max(p.pcCount(), p.endPc() + 1)];
        for (int i = 0; i < live.length; i++) {
            live[i] = new BitSet();
        }
        int n = p.edges().size();
        BitSet[] gen = new BitSet[n];
        BitSet[] kill = new BitSet[n];
        List<List<Integer>> succ = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Edge e = p.edges().get(i);
            gen[i] = new BitSet();
            if (e.guard() != null) {
                e.guard().reads(gen[i]);
            }
            Actions.reads(e.actions(), gen[i]);
            gen[i].and(candidates);
            kill[i] = sureWrites(e.actions());
            kill[i].and(candidates);
            // A local lives or dies whole: a record with one field nobody reads is still shown whole.
            for (Env.Local l : p.locals()) {
                int from = l.place().base;
                int to = from + l.type().leaves();
                int g = gen[i].nextSetBit(from);
                if (g >= 0 && g < to) {
                    gen[i].set(from, to);
                }
                if (kill[i].get(from, to).cardinality() != to - from) {
                    kill[i].clear(from, to);
                }
            }
            gen[i].and(candidates);
            kill[i].and(candidates);
            List<Integer> targets = new ArrayList<>(List.of(e.to()));
            jumps(e.actions(), targets);
            succ.add(targets);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Edge e = p.edges().get(i);
                BitSet in = new BitSet();
                for (int t : succ.get(i)) {
                    in.or(live[t]);
                }
                in.andNot(kill[i]);
                in.or(gen[i]);
                BitSet before = (BitSet) live[e.from()].clone();
                live[e.from()].or(in);
                changed |= !live[e.from()].equals(before);
            }
        }
        for (int i = 0; i < n; i++) {
            Edge e = p.edges().get(i);
            // Every local dead after the step, not only those live before it or written by it: a
            // step that a return stopped early reset nothing, so a dead local may still hold a value.
            BitSet reset = (BitSet) candidates.clone();
            reset.andNot(live[e.to()]);
            if (reset.isEmpty()) {
                continue;
            }
            Group g = groups.get(p.firstGroup() + i);
            List<Action> actions = new ArrayList<>(List.of(g.actions()));
            for (int s = reset.nextSetBit(0); s >= 0; s = reset.nextSetBit(s + 1)) {
                actions.add(new Actions.Assign(Place.of(s, 1, "dead"), new IntExpr[] {Eval.constant(init[s])},
                        new int[] {init[s]}, new int[] {max[s]}, null));
            }
            groups.set(p.firstGroup() + i, new Group(g.info(), g.cpu(), g.kernel(), g.pcSlot(), g.fromPc(), g.guard(),
                    actions.toArray(new Action[0]), g.owner(), g.suspendedBy()));
        }
        // What is live at each pc, for showing dead locals as such.
        for (BitSet b : live) {
            b.and(candidates);
        }
        BitSet[] out = new BitSet[live.length + 1];
        System.arraycopy(live, 0, out, 0, live.length);
        out[live.length] = candidates;
        return out;
    }

    /**
     * A formatter that shows {@code dead} where none of the variable's slots is live at the
     * process's pc (and the slots are candidates: locals that properties read are always shown).
     */
    static Variable.ValueFormatter showingDead(Variable v, int pcSlot, BitSet[] liveAndCandidates) {
        BitSet candidates = liveAndCandidates[liveAndCandidates.length - 1];
        int from = v.firstSlot();
        int to = from + v.slotCount();
        if (candidates.nextSetBit(from) < 0 || candidates.nextSetBit(from) >= to) {
            return v.formatter();
        }
        boolean[] dead = new boolean[liveAndCandidates.length - 1];
        for (int pc = 0; pc < dead.length; pc++) {
            int next = liveAndCandidates[pc].nextSetBit(from);
            dead[pc] = next < 0 || next >= to;
        }
        Variable.ValueFormatter base = v.formatter();
        return (s, at) -> {
            int pc = s[pcSlot];
            return pc >= 0 && pc < dead.length && dead[pc] ? Variable.DEAD : base.format(s, at);
        };
    }

    /** Slots every run of {@code actions} writes: static assignments before anything that may stop or branch. */
    private static BitSet sureWrites(Action[] actions) {
        BitSet out = new BitSet();
        for (Action a : actions) {
            if (a instanceof Actions.Assign as) {
                if (as.target.isStatic()) {
                    as.writes(out);
                }
            } else if (!(a instanceof Actions.Check)) {
                break; // an If, CallBlock or Stop may end the step or skip what follows
            }
        }
        return out;
    }

    /** The pcs a {@code return} inside the step jumps to. */
    private static void jumps(Action[] actions, List<Integer> out) {
        for (Action a : actions) {
            if (a instanceof Actions.SetPc s) {
                out.add(s.pc);
            } else if (a instanceof Actions.If i) {
                jumps(i.then, out);
                jumps(i.otherwise, out);
            } else if (a instanceof Actions.CallBlock c) {
                jumps(c.body, out);
            }
        }
    }
}
