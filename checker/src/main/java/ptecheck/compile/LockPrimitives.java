package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Type;
import ptecheck.ts.SourceRef;

/** Lowerings of the spinlock and rwsem primitives: trylock, down_read/write, up_read/write. */
final class LockPrimitives {
    private LockPrimitives() {}

    /** spin_trylock(): takes the lock if it is free, in one atomic step, and says so. */
    static final class Trylock implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            StmtLowering lo = c.lowering();
            Place lock = lo.lockPlace(c.arg(0), c.env());
            if (lock == null) {
                return null;
            }
            SourceRef where = c.where();
            IntExpr held = lock.isStatic() ? new Eval.Read(lock.base) : new Eval.DynRead(lock, 0);
            Action take = new Actions.Assign(lock, new IntExpr[] {Eval.constant(lo.owner())}, new int[] {0},
                    new int[] {Integer.MAX_VALUE}, where);
            List<Action> yes = new ArrayList<>(List.of(take));
            yes.addAll(lo.store(c.target(), CExpr.value(new Type.Bool(), Eval.constant(1)), c.pos()));
            List<Action> no = lo.store(c.target(), CExpr.value(new Type.Bool(), Eval.constant(0)), c.pos());
            List<Action> out = List.of(new Actions.If(Eval.binary(Operator.EQ, held, Eval.constant(0), where),
                    yes.toArray(new Action[0]), no.toArray(new Action[0])));
            lock.mayTouch(lo.mayHeld(), 0, 1);
            return out;
        }
    }

    /** down_read() / down_write(): one step, enabled while the rwsem can be taken. */
    private abstract static class Down implements Primitive.Waiting {
        private final boolean read;

        Down(boolean read) {
            this.read = read;
        }

        @Override
        public void steps(PrimitiveCall c, int from, int to) {
            c.lowering().acquire(c.arg(0), read, true, from, to, c.site().pos(), c.site().text(), c.env(), c.frame());
        }
    }

    static final class DownRead extends Down {
        DownRead() {
            super(true);
        }
    }

    static final class DownWrite extends Down {
        DownWrite() {
            super(false);
        }
    }

    /** up_read() / up_write(): releases the hold of the given kind. */
    private abstract static class Up implements Primitive.OneStep {
        private final Actions.RwUnlock.Mode mode;

        Up(Actions.RwUnlock.Mode mode) {
            this.mode = mode;
        }

        @Override
        public List<Action> actions(PrimitiveCall c) {
            Action a = c.lowering().release(c.arg(0), mode, c.pos(), c.env());
            return a == null ? null : List.of(a);
        }
    }

    static final class UpRead extends Up {
        UpRead() {
            super(Actions.RwUnlock.Mode.READ);
        }
    }

    static final class UpWrite extends Up {
        UpWrite() {
            super(Actions.RwUnlock.Mode.WRITE);
        }
    }
}
