package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.check.Operator;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;

/** Lowerings of the RCU primitives: read-side sections, synchronize_rcu() and call_rcu(). */
final class RcuPrimitives {
    private RcuPrimitives() {}

    /** rcu_read_lock() / rcu_read_unlock(): the caller's nesting depth, at most 3. */
    private abstract static class Section implements Primitive.OneStep {
        private final boolean lock;

        Section(boolean lock) {
            this.lock = lock;
        }

        @Override
        public List<Action> actions(PrimitiveCall c) {
            StmtLowering lo = c.lowering();
            SourceRef where = c.where();
            int depth = lo.conc().rcuDepthSlot(lo.owner(), lo.actor());
            Place d = Place.of(depth, 1, lo.actor() + ".rcu_depth");
            List<Action> out = new ArrayList<>();
            if (!lock) {
                out.add(new Actions.Check(Eval.binary(Operator.GT, new Eval.Read(depth), Eval.constant(0), where),
                        Violation.RCU_UNLOCK_UNBALANCED.id(), "rcu_read_unlock() outside a read-side section", where));
            }
            out.add(new Actions.Assign(d, new IntExpr[] {Eval.binary(lock ? Operator.ADD : Operator.SUB,
                    new Eval.Read(depth), Eval.constant(1), where)}, new int[] {0}, new int[] {3}, where));
            if (!lock) {
                out.add(new Actions.RcuQuiesce(lo.conc().rcu(), lo.owner()));
            }
            return out;
        }
    }

    static final class ReadLock extends Section {
        ReadLock() {
            super(true);
        }
    }

    static final class ReadUnlock extends Section {
        ReadUnlock() {
            super(false);
        }
    }

    /**
     * {@code synchronize_rcu()}: two steps. The first records every process now inside a
     * read-side section ({@code rcu_read_lock}, or interrupts disabled: sched-RCU, which is what
     * lockless page-table walkers rely on); the second waits until each of them has left its
     * section. Sections that start later do not hold the grace period up.
     */
    static final class Synchronize implements Primitive.Waiting {
        @Override
        public void steps(PrimitiveCall c, int from, int to) {
            StmtLowering lo = c.lowering();
            int gp = lo.conc().gpSlot(lo.owner(), lo.actor());
            int mid = lo.newPc();
            c.step(from, null, new Action[] {new Actions.RcuSnapshot(lo.conc().rcu(), gp)}, mid, ": start grace period");
            IntExpr done = Eval.binary(Operator.EQ, new Eval.Read(gp), Eval.constant(0), c.where());
            lo.addEdge(new Edge(mid, done, new Action[0], to, c.site().pos(), c.site().text() + ": wait for readers",
                    lo.context(c.frame()), null, null, gp));
        }
    }

    /**
     * {@code call_rcu(PROC, args...)}: queues the callback with a snapshot of the readers now
     * in a section; the callback runs, in one step of its own (softirq context), once they
     * have all left. The arguments are fixed when the callback is queued.
     */
    static final class CallRcu implements Primitive.OneStep {
        @Override
        public boolean accepts(PrimitiveCall c) {
            if (c.args().isEmpty() || !(c.arg(0) instanceof Expr.Name cb)
                    || !(c.ec().symbols().decl(cb.name()) instanceof Decl.Proc)) {
                c.diags().error(c.pos(),
                        "'call_rcu' needs a procedure to call after the grace period: call_rcu(PROC, args...)");
                return false;
            }
            return true;
        }

        @Override
        public List<Action> actions(PrimitiveCall c) {
            StmtLowering lo = c.lowering();
            ExprCompiler ec = c.ec();
            Expr.Name cb = (Expr.Name) c.arg(0);
            Decl.Proc proc = (Decl.Proc) ec.symbols().decl(cb.name());
            SourceRef where = c.where();
            // The arguments are fixed when the callback is queued: they must be known now.
            List<Expr> args = c.args().subList(1, c.args().size());
            StringBuilder key = new StringBuilder(cb.name());
            for (Expr a : args) {
                CExpr v = ec.compile(a, c.env(), null);
                if (v.failed()) {
                    return null;
                }
                if (v.leaves().length != 1 || v.constant() == null) {
                    c.diags().error(a.pos(), "arguments of call_rcu must be constants (a loop variable, a const)",
                            "the callback runs later, when the caller's locals may have changed");
                    return null;
                }
                key.append(',').append(v.constant());
            }
            Expr.Call call = new Expr.Call(c.pos(), cb.name(), args);
            Env callee = ec.bindArgs(call, proc.params(), c.env(), false);
            if (callee == null) {
                return null;
            }
            Concurrency conc = lo.conc();
            String name = "rcu_callback[" + key + "]";
            Concurrency.Callback slots = conc.callback(key.toString(), name);
            IntExpr queued = new Eval.Read(slots.pendingSlot());
            List<Action> out = new ArrayList<>();
            out.add(new Actions.Check(Eval.not(queued), Violation.CALL_RCU_PENDING.id(),
                    "call_rcu(" + key + ") while the same callback is still queued", where));
            out.add(new Actions.RcuSnapshot(conc.rcu(), slots.gpSlot()));
            out.add(new Actions.Assign(Place.of(slots.pendingSlot(), 1, name), new IntExpr[] {Eval.constant(1)},
                    new int[] {0}, new int[] {1}, where));
            // The callback itself: runs once the grace period is over, in one step (softirq context).
            StmtLowering body = new StmtLowering(ec, lo.layout(), name, 0, -1).onCpu(lo.cpu(), conc);
            StmtLowering.Frame frame = new StmtLowering.Frame(proc.name(), null, null, -1, null, null);
            List<Action> run = new ArrayList<>(List.of(body.actions(proc.body(), callee, frame)));
            run.add(new Actions.Assign(Place.of(slots.pendingSlot(), 1, name), new IntExpr[] {Eval.constant(0)},
                    new int[] {0}, new int[] {1}, where));
            IntExpr ready = Eval.and(queued, Eval.binary(Operator.EQ, new Eval.Read(slots.gpSlot()), Eval.constant(0),
                    where));
            GroupInfo info = new GroupInfo(name, "after grace period", ExprCompiler.ref(proc.pos()),
                    "RCU callback " + cb.name() + "(" + key.substring(cb.name().length()).replaceFirst("^,", "") + ")");
            conc.addCallbackGroup(key.toString(), new Group(info, lo.cpu(), false, -1, -1, ready, run.toArray(new Action[0]), 0));
            return out;
        }
    }
}
