package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Type;
import ptecheck.ts.SourceRef;

/**
 * {@code smp_call_function(h)} / {@code smp_call_function_single(h, cpu)}: send the IPI to
 * every other CPU (or to one), then wait until each target has run handler {@code h}. Two
 * steps, as in the kernel (smp_call_function_many: queue and send, then csd_lock_wait). A
 * target runs the handler only while its interrupts are enabled, so the wait can deadlock
 * against a CPU that spins with interrupts off.
 */
final class IpiPrimitives {
    private IpiPrimitives() {}

    private abstract static class Send implements Primitive.Waiting {
        private final boolean single;

        Send(boolean single) {
            this.single = single;
        }

        @Override
        public void steps(PrimitiveCall c, int from, int to) {
            StmtLowering lo = c.lowering();
            Concurrency conc = lo.conc();
            if (!(c.arg(0) instanceof Expr.Name n) || conc.handlers(n.name()) == null) {
                c.diags().error(c.arg(0).pos(), "'" + c.name() + "' needs the name of an interrupt handler",
                        "declare one with 'interrupt NAME(c: CPU) on cpu c { ... }'");
                return;
            }
            Integer targetCpu = null;
            if (single) {
                CExpr t = c.ec().compile(c.arg(1), c.env(), null);
                if (t.failed()) {
                    return;
                }
                targetCpu = t.constant();
                if (targetCpu == null || !(t.type() instanceof Type.Int)) {
                    c.diags().error(c.arg(1).pos(), "the target CPU must be a constant");
                    return;
                }
            }
            List<Handler> targets = new ArrayList<>();
            for (Handler h : conc.handlers(n.name())) {
                if (single ? h.cpu() == targetCpu : h.cpu() != lo.cpu()) {
                    targets.add(h);
                }
            }
            if (single && targets.isEmpty()) {
                c.diags().error(c.arg(1).pos(), "interrupt '" + n.name() + "' has no instance on cpu " + targetCpu);
                return;
            }
            SourceRef where = c.where();
            List<Action> send = new ArrayList<>();
            IntExpr allDone = Eval.constant(1);
            for (Handler h : targets) {
                send.add(new Actions.Assign(Place.of(h.pendingSlot(), 1, h.instance() + ".pending"),
                        new IntExpr[] {Eval.constant(1)}, new int[] {0}, new int[] {1}, where));
                allDone = Eval.and(allDone, Eval.binary(Operator.EQ, new Eval.Read(h.pendingSlot()),
                        Eval.constant(0), where));
            }
            int mid = lo.newPc();
            c.step(from, null, send.toArray(new Action[0]), mid, ": send IPIs");
            lo.addEdge(new Edge(mid, allDone, new Action[0], to, c.site().pos(), c.site().text() + ": wait for acks",
                    lo.context(c.frame()), null, List.copyOf(targets)));
        }
    }

    static final class CallFunction extends Send {
        CallFunction() {
            super(false);
        }
    }

    static final class CallFunctionSingle extends Send {
        CallFunctionSingle() {
            super(true);
        }
    }
}
