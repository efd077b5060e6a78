package ptecheck.compile;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import ptecheck.lang.check.Operator;
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
        return a.accept(new Action.Visitor<Boolean>() {
            @Override
            public Boolean assign(Actions.Assign as) {
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

            @Override
            public Boolean branch(Actions.If i) {
                return mayFail(i.cond, known) || mayFail(i.then, with(known, i.cond, true))
                        || mayFail(i.otherwise, with(known, i.cond, false));
            }

            @Override
            public Boolean check(Actions.Check c) {
                Integer k = c.cond.constant();
                boolean safe = k != null && k != 0 || c.cond instanceof Eval.Read r && known.contains(r.slot);
                return !safe;
            }

            @Override
            public Boolean unlock(Actions.Unlock u) {
                return true; // of a lock this process does not hold
            }

            @Override
            public Boolean setPc(Actions.SetPc p) {
                return false;
            }

            @Override
            public Boolean stop(Actions.Stop s) {
                return false;
            }

            @Override
            public Boolean callBlock(Actions.CallBlock b) {
                return mayFail(b.body, known);
            }

            @Override
            public Boolean readAcquire(Actions.ReadAcquire r) {
                return mayFail(r.lock);
            }

            @Override
            public Boolean rwUnlock(Actions.RwUnlock r) {
                return true; // a hold this process does not have
            }

            @Override
            public Boolean rcuQuiesce(Actions.RcuQuiesce q) {
                return false;
            }

            @Override
            public Boolean rcuSnapshot(Actions.RcuSnapshot q) {
                return false;
            }

            @Override
            public Boolean fence(Actions.Fence f) {
                return false;
            }

            @Override
            public Boolean store(WeakMemory.Store st) {
                return true; // into a buffer that may be full (MemoryModel.overflow)
            }

            @Override
            public Boolean drain(WeakMemory.Drain d) {
                return false; // values were range-checked when they were buffered
            }

            @Override
            public Boolean armStore(ArmMemory.Store st) {
                return true; // into a buffer that may be full (MemoryModel.overflow)
            }

            @Override
            public Boolean armOp(ArmMemory.Op o) {
                return o.issues(); // into a buffer that may be full, at an address that may be out of range
            }
        });
    }

    /**
     * {@code known}: slots known to be non-zero where {@code e} is evaluated, because an
     * enclosing {@code and}, {@code or} or {@code if} tested them first. That is what makes
     * {@code tlb[c][p] != none and tlb[c][p].write} unable to fail.
     */
    private boolean mayFail(IntExpr e, Set<Integer> known) {
        return e.accept(new IntExpr.Visitor<Boolean>() {
            @Override
            public Boolean constant(Eval.Const c) {
                return false;
            }

            @Override
            public Boolean read(Eval.Read r) {
                return false;
            }

            @Override
            public Boolean dynRead(Eval.DynRead d) {
                return mayFail(d.place);
            }

            @Override
            public Boolean neg(Eval.Neg n) {
                return mayFail(n.a, known);
            }

            @Override
            public Boolean not(Eval.Not n) {
                return mayFail(n.a, known);
            }

            @Override
            public Boolean and(Eval.And x) {
                return mayFail(x.a, known) || mayFail(x.b, with(known, x.a, true));
            }

            @Override
            public Boolean or(Eval.Or x) {
                return mayFail(x.a, known) || mayFail(x.b, with(known, x.a, false));
            }

            @Override
            public Boolean binary(Eval.Binary b) {
                if (mayFail(b.a, known) || mayFail(b.b, known)) {
                    return true;
                }
                if (b.op.canFail()) {
                    long[] r = range(b.b);
                    return r == null || r[0] <= 0 && r[1] >= 0;
                }
                return false;
            }

            @Override
            public Boolean guarded(Eval.Guarded g) {
                Integer ok = g.ok.constant();
                boolean safe = ok != null && ok != 0 || g.ok instanceof Eval.Read r && known.contains(r.slot);
                return !safe || mayFail(g.value, known);
            }

            @Override
            public Boolean atPc(Eval.AtPc a) {
                return false;
            }

            @Override
            public Boolean cond(Eval.Cond c) {
                return mayFail(c.c, known) || mayFail(c.a, with(known, c.c, true)) || mayFail(c.b, with(known, c.c, false));
            }

            @Override
            public Boolean load(WeakMemory.Load l) {
                return mayFail(l.place);
            }

            @Override
            public Boolean armLoad(ArmMemory.Load l) {
                return mayFail(l.place);
            }

            @Override
            public Boolean settled(ArmMemory.Settled s) {
                return mayFail(s.inner, known);
            }

            @Override
            public Boolean ready(ArmMemory.Ready r) {
                return false;
            }
        });
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
            if (b.op == Operator.EQ && !holds || b.op == Operator.NE && holds) {
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
        return e.accept(new IntExpr.Visitor<long[]>() {
            @Override
            public long[] constant(Eval.Const c) {
                return new long[] {c.v, c.v};
            }

            @Override
            public long[] read(Eval.Read r) {
                return new long[] {layout.slot(r.slot).min(), layout.slot(r.slot).max()};
            }

            @Override
            public long[] dynRead(Eval.DynRead d) {
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

            @Override
            public long[] neg(Eval.Neg n) {
                long[] a = range(n.a);
                return a == null ? null : new long[] {-a[1], -a[0]};
            }

            @Override
            public long[] not(Eval.Not n) {
                return new long[] {0, 1};
            }

            @Override
            public long[] and(Eval.And x) {
                return new long[] {0, 1};
            }

            @Override
            public long[] or(Eval.Or x) {
                return new long[] {0, 1};
            }

            @Override
            public long[] binary(Eval.Binary b) {
                return b.op.range(range(b.a), range(b.b));
            }

            @Override
            public long[] guarded(Eval.Guarded g) {
                return range(g.value);
            }

            @Override
            public long[] atPc(Eval.AtPc a) {
                return new long[] {0, 1};
            }

            @Override
            public long[] cond(Eval.Cond c) {
                long[] a = range(c.a);
                long[] b = range(c.b);
                return a == null || b == null ? null : new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
            }

            @Override
            public long[] load(WeakMemory.Load l) {
                // A buffered value was range-checked against the slot it is for.
                return dynRead(new Eval.DynRead(l.place, l.offset));
            }

            @Override
            public long[] armLoad(ArmMemory.Load l) {
                return dynRead(new Eval.DynRead(l.place, l.offset));
            }

            @Override
            public long[] settled(ArmMemory.Settled s) {
                return range(s.inner);
            }

            @Override
            public long[] ready(ArmMemory.Ready r) {
                return new long[] {0, 1};
            }
        });
    }
}
