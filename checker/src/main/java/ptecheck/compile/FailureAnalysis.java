package ptecheck.compile;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import ptecheck.ts.StateLayout;

/**
 * Which groups can throw a {@link ptecheck.ts.StepFailure} (the seam's {@code mayFail}).
 * Partial-order reduction must keep every failure reachable, so a group that may fail is
 * treated like one that changes what a property reads; the fewer such groups, the more it can
 * reduce. Conservative: anything not proven safe may fail.
 *
 * <p>A step fails on an assertion, an unlock of a lock not held, a division by zero, an index
 * out of its array's range, a read of an absent optional or a freed page, or a value stored
 * outside its slot's range. The last two are ruled out with interval arithmetic over slot
 * ranges: {@code tlb[c][p] = { pfn: pt[p].pfn, ... }} copies a value of the same type, and
 * {@code count = count + 1} into {@code 0..3} may overflow.
 */
final class FailureAnalysis {
    private final StateLayout layout;

    FailureAnalysis(StateLayout layout) {
        this.layout = layout;
    }

    boolean mayFail(Group g) {
        if (g.guard() == null) {
            return mayFail(g.actions());
        }
        // The actions run where the guard holds: what it tested stays known until overwritten.
        return mayFail(g.guard()) || mayFail(g.actions(), with(Set.of(), g.guard(), true));
    }

    boolean mayFail(Action[] actions) {
        return mayFail(actions, Set.of());
    }

    boolean mayFail(IntExpr e) {
        return mayFail(e, Set.of());
    }

    private boolean mayFail(Action[] actions, Set<Integer> known) {
        Set<Integer> now = new HashSet<>(known);
        for (Action a : actions) {
            if (mayFail(a, now)) {
                return true;
            }
            BitSet written = new BitSet();
            a.writes(written);
            written.stream().forEach(now::remove);
        }
        return false;
    }

    private boolean mayFail(Action a, Set<Integer> known) {
        if (a instanceof Actions.Assign as) {
            if (mayFail(as.target)) {
                return true;
            }
            for (int i = 0; i < as.leaves.length; i++) {
                if (mayFail(as.leaves[i], known)) {
                    return true;
                }
                long[] r = range(as.leaves[i]);
                if (r == null || r[0] < as.mins[i] || r[1] > as.maxs[i]) {
                    return true;
                }
            }
            return false;
        }
        if (a instanceof Actions.If i) {
            return mayFail(i.cond, known) || mayFail(i.then, with(known, i.cond, true))
                    || mayFail(i.otherwise, with(known, i.cond, false));
        }
        if (a instanceof Actions.Check c) {
            Integer k = c.cond.constant();
            boolean safe = k != null && k != 0 || c.cond instanceof Eval.Read r && known.contains(r.slot);
            return !safe;
        }
        if (a instanceof Actions.CallBlock b) {
            return mayFail(b.body, known);
        }
        if (a instanceof Actions.ReadAcquire r) {
            return mayFail(r.lock);
        }
        if (a instanceof Actions.SetPc || a instanceof Actions.Stop || a instanceof Actions.RcuQuiesce
                || a instanceof Actions.RcuSnapshot) {
            return false;
        }
        return true; // Unlock, RwUnlock (not held), and any kind added later until it is analysed
    }

    /**
     * {@code known}: slots known to be non-zero where {@code e} is evaluated, because an
     * enclosing {@code and}, {@code or} or {@code if} tested them first. That is what makes
     * {@code tlb[c][p] != none and tlb[c][p].write} unable to fail.
     */
    private boolean mayFail(IntExpr e, Set<Integer> known) {
        if (e instanceof Eval.Const || e instanceof Eval.Read || e instanceof Eval.AtPc) {
            return false;
        }
        if (e instanceof Eval.DynRead d) {
            return mayFail(d.place);
        }
        if (e instanceof Eval.Neg n) {
            return mayFail(n.a, known);
        }
        if (e instanceof Eval.Not n) {
            return mayFail(n.a, known);
        }
        if (e instanceof Eval.And x) {
            return mayFail(x.a, known) || mayFail(x.b, with(known, x.a, true));
        }
        if (e instanceof Eval.Or x) {
            return mayFail(x.a, known) || mayFail(x.b, with(known, x.a, false));
        }
        if (e instanceof Eval.Binary b) {
            if (mayFail(b.a, known) || mayFail(b.b, known)) {
                return true;
            }
            if (b.op == Eval.Op.DIV || b.op == Eval.Op.MOD) {
                long[] r = range(b.b);
                return r == null || r[0] <= 0 && r[1] >= 0;
            }
            return false;
        }
        if (e instanceof Eval.Guarded g) {
            Integer ok = g.ok.constant();
            boolean safe = ok != null && ok != 0 || g.ok instanceof Eval.Read r && known.contains(r.slot);
            return !safe || mayFail(g.value, known);
        }
        return true;
    }

    /** {@code known} plus the slots that {@code cond} having the value {@code holds} proves non-zero. */
    private static Set<Integer> with(Set<Integer> known, IntExpr cond, boolean holds) {
        Set<Integer> out = new HashSet<>(known);
        facts(cond, holds, out);
        return out;
    }

    private static void facts(IntExpr e, boolean holds, Set<Integer> out) {
        if (e instanceof Eval.Not n) {
            facts(n.a, !holds, out);
        } else if (holds && e instanceof Eval.And a) {
            facts(a.a, true, out);
            facts(a.b, true, out);
        } else if (!holds && e instanceof Eval.Or o) {
            facts(o.a, false, out);
            facts(o.b, false, out);
        } else if (holds && e instanceof Eval.Read r) {
            out.add(r.slot);
        } else if (e instanceof Eval.Binary b && b.a instanceof Eval.Read r && b.b.constant() != null
                && b.b.constant() == 0) {
            // x == 0 false, or x != 0 true: x is non-zero
            if (b.op == Eval.Op.EQ && !holds || b.op == Eval.Op.NE && holds) {
                out.add(r.slot);
            }
        }
    }

    private boolean mayFail(Place p) {
        for (Place.Term t : p.terms) {
            if (mayFail(t.index(), Set.of())) {
                return true;
            }
            long[] r = range(t.index());
            if (r == null || r[0] < t.lo() || r[1] > t.lo() + t.count() - 1) {
                return true;
            }
        }
        return false;
    }

    /** Bounds {lo, hi} of the values {@code e} can take, or null when unknown. */
    long[] range(IntExpr e) {
        Integer k = e.constant();
        if (k != null) {
            return new long[] {k, k};
        }
        if (e instanceof Eval.Read r) {
            return new long[] {layout.slot(r.slot).min(), layout.slot(r.slot).max()};
        }
        if (e instanceof Eval.Not || e instanceof Eval.And || e instanceof Eval.Or || e instanceof Eval.AtPc) {
            return new long[] {0, 1};
        }
        if (e instanceof Eval.DynRead d) {
            BitSet slots = new BitSet();
            d.place.mayTouch(slots, d.offset, 1);
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
                lo = Math.min(lo, layout.slot(s).min());
                hi = Math.max(hi, layout.slot(s).max());
            }
            return slots.isEmpty() ? null : new long[] {lo, hi};
        }
        if (e instanceof Eval.Guarded g) {
            return range(g.value);
        }
        if (e instanceof Eval.Neg n) {
            long[] a = range(n.a);
            return a == null ? null : new long[] {-a[1], -a[0]};
        }
        if (e instanceof Eval.Binary b) {
            switch (b.op) {
                case EQ, NE, LT, LE, GT, GE:
                    return new long[] {0, 1};
                case ADD, SUB, MUL: {
                    long[] x = range(b.a);
                    long[] y = range(b.b);
                    if (x == null || y == null) {
                        return null;
                    }
                    if (b.op == Eval.Op.ADD) {
                        return new long[] {x[0] + y[0], x[1] + y[1]};
                    }
                    if (b.op == Eval.Op.SUB) {
                        return new long[] {x[0] - y[1], x[1] - y[0]};
                    }
                    long p1 = x[0] * y[0];
                    long p2 = x[0] * y[1];
                    long p3 = x[1] * y[0];
                    long p4 = x[1] * y[1];
                    return new long[] {Math.min(Math.min(p1, p2), Math.min(p3, p4)),
                        Math.max(Math.max(p1, p2), Math.max(p3, p4))};
                }
                default:
                    return null;
            }
        }
        return null;
    }
}
