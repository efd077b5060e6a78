package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Type;

/**
 * The kernel's accessors of shared memory: marked loads and stores, acquire and release, and
 * atomic read-modify-writes. Under sequential consistency each is the plain access or atomic
 * step it names; the {@link Actions.Fence} marks in front of them give their ordering to a weak
 * memory model ({@link WeakMemory}, {@link ArmMemory}).
 */
final class MemoryPrimitives {
    private MemoryPrimitives() {}

    /** The memory argument, the first: a place. Null after an error. */
    private static CExpr memory(PrimitiveCall c) {
        CExpr m = c.ec().compile(c.arg(0), c.env(), null);
        return m.failed() || m.place() == null ? null : m;
    }

    private static CExpr value(PrimitiveCall c, int i, Type t) {
        CExpr v = c.ec().compile(c.arg(i), c.env(), t);
        return v.failed() ? null : v;
    }

    private static List<Action> marked(Actions.Fence.Kind kind, List<Action> access) {
        if (access == null) {
            return null;
        }
        List<Action> out = new ArrayList<>(List.of(new Actions.Fence(kind)));
        out.addAll(access);
        return out;
    }

    private static List<Action> load(PrimitiveCall c) {
        CExpr m = memory(c);
        return m == null ? null : c.lowering().store(c.target(), m, c.pos());
    }

    private static List<Action> store(PrimitiveCall c) {
        CExpr m = memory(c);
        CExpr v = m == null ? null : value(c, 1, m.type());
        return v == null ? null : c.lowering().store(m, v, c.pos());
    }

    /** READ_ONCE(x): one load of x. */
    static final class ReadOnce implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            return load(c);
        }
    }

    /** WRITE_ONCE(x, v): one store to x. */
    static final class WriteOnce implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            return store(c);
        }
    }

    /** smp_load_acquire(x): a load that later loads and stores cannot pass. */
    static final class LoadAcquire implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            return marked(Actions.Fence.Kind.ACQUIRE, load(c));
        }
    }

    /** smp_store_release(x, v): a store that cannot pass earlier loads and stores. */
    static final class StoreRelease implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            return marked(Actions.Fence.Kind.RELEASE, store(c));
        }
    }

    /**
     * How a read-modify-write is ordered: fully (xchg(), and the _release forms, which ptecheck
     * orders fully too), or not before it (_relaxed, and _acquire: later accesses are issued
     * after it anyway).
     */
    private static Actions.Fence order(boolean relaxed) {
        return new Actions.Fence(relaxed ? Actions.Fence.Kind.RELAXED_RMW : Actions.Fence.Kind.LOCKED);
    }

    /**
     * __tlbi(x): x becomes its type's least value (none), marked as TLB maintenance: at once under
     * sc and tso (an assignment of hardware state is serializing there), issued and completed
     * later under arm64 ({@link ArmMemory}).
     */
    static final class Tlbi implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            // x is written, not read: a ghost may be its target, as of an assignment
            boolean was = c.ec().setReadGhosts(c.ec().isGhostTarget(c.arg(0), c.env()));
            CExpr m;
            try {
                m = memory(c);
            } finally {
                c.ec().setReadGhosts(was);
            }
            if (m == null) {
                return null;
            }
            int[] least = LayoutBuilder.mins(m.type());
            IntExpr[] none = new IntExpr[least.length];
            for (int i = 0; i < none.length; i++) {
                none[i] = Eval.constant(least[i]);
            }
            return marked(Actions.Fence.Kind.TLBI, c.lowering().store(m, CExpr.value(m.type(), none), c.pos()));
        }
    }

    /** xchg(x, v), xchg_release(x, v): stores v, returns the old value, atomically. */
    static class Xchg implements Primitive.OneStep {
        boolean relaxed() {
            return false;
        }

        @Override
        public List<Action> actions(PrimitiveCall c) {
            CExpr m = memory(c);
            CExpr v = m == null ? null : value(c, 1, m.type());
            if (v == null) {
                return null;
            }
            // the old value goes to the result, then the new one to memory
            List<Action> out = new ArrayList<>(List.of(order(relaxed())));
            out.addAll(c.lowering().store(c.target(), CExpr.value(m.type(), m.leaves()), c.pos()));
            out.addAll(c.lowering().store(m, v, c.pos()));
            return out;
        }
    }

    /** xchg_relaxed(x, v), xchg_acquire(x, v). */
    static final class XchgRelaxed extends Xchg {
        @Override
        boolean relaxed() {
            return true;
        }
    }

    /** cmpxchg(x, old, new), cmpxchg_release(): stores new if x holds old; returns what x held, atomically. */
    static class Cmpxchg implements Primitive.OneStep {
        boolean relaxed() {
            return false;
        }

        @Override
        public List<Action> actions(PrimitiveCall c) {
            CExpr m = memory(c);
            CExpr expected = m == null ? null : value(c, 1, m.type());
            CExpr v = expected == null ? null : value(c, 2, m.type());
            if (v == null) {
                return null;
            }
            IntExpr same = Eval.constant(1);
            for (int i = 0; i < m.leaves().length; i++) {
                same = Eval.and(same, Eval.binary(Operator.EQ, m.leaves()[i], expected.leaves()[i], c.where()));
            }
            // Equal: the store, then the result is old (what x held). Else the result is what x holds.
            List<Action> hit = new ArrayList<>(c.lowering().store(m, v, c.pos()));
            hit.addAll(c.lowering().store(c.target(), expected, c.pos()));
            List<Action> miss = c.lowering().store(c.target(), CExpr.value(m.type(), m.leaves()), c.pos());
            return List.of(order(relaxed()), new Actions.If(same, hit.toArray(new Action[0]), miss.toArray(new Action[0])));
        }
    }

    /** cmpxchg_relaxed(), cmpxchg_acquire(). */
    static final class CmpxchgRelaxed extends Cmpxchg {
        @Override
        boolean relaxed() {
            return true;
        }
    }

    /** atomic_add(x, v) (no result) and atomic_add_return(x, v) (the new value): an atomic increment. */
    static final class AtomicAdd implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            CExpr m = memory(c);
            if (m != null && !(m.type() instanceof Type.Int)) {
                c.diags().error(c.arg(0).pos(), "'" + c.name() + "' adds to an integer; " + ExprCompiler.describe(c.arg(0))
                        + " is " + m.type().show());
                return null;
            }
            CExpr v = m == null ? null : value(c, 1, null);
            if (v == null) {
                return null;
            }
            IntExpr sum = Eval.binary(Operator.ADD, m.scalar(), v.scalar(), c.where());
            // atomic_add() is unordered; atomic_add_return() fully ordered
            List<Action> out = new ArrayList<>(List.of(order(c.target() == null)));
            out.addAll(c.lowering().store(m, CExpr.value(m.type(), sum), c.pos()));
            if (c.target() != null) {
                out.addAll(c.lowering().store(c.target(), CExpr.value(m.type(), m.leaves()), c.pos()));
            }
            return out;
        }
    }
}
