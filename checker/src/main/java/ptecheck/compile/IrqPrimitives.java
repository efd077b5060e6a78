package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Type;
import ptecheck.ts.SourceRef;

/**
 * Lowerings of local_irq_disable/enable/save/restore: the calling CPU's interrupt flag holds
 * the owner that disabled interrupts, or 0. Enabling them ends an irq-off section, which is
 * a read-side section of sched-RCU.
 */
final class IrqPrimitives {
    private IrqPrimitives() {}

    static final class Disable implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            return List.of(c.lowering().irqAssign(Eval.constant(c.lowering().owner()), c.where()));
        }
    }

    static final class Enable implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            StmtLowering lo = c.lowering();
            return List.of(lo.irqAssign(Eval.constant(0), c.where()), new Actions.RcuQuiesce(lo.conc().rcu(), lo.owner()));
        }
    }

    /** flags = "were interrupts disabled?"; then disable them. */
    static final class Save implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            StmtLowering lo = c.lowering();
            SourceRef where = c.where();
            IntExpr wasOff = Eval.binary(Operator.NE, new Eval.Read(lo.conc().irqSlot(lo.cpu())), Eval.constant(0), where);
            List<Action> out = new ArrayList<>(lo.store(c.target(), CExpr.value(new Type.Bool(), wasOff), c.pos()));
            out.add(lo.irqAssign(Eval.constant(lo.owner()), where));
            return out;
        }
    }

    static final class Restore implements Primitive.OneStep {
        @Override
        public List<Action> actions(PrimitiveCall c) {
            StmtLowering lo = c.lowering();
            IntExpr flags = c.ec().bool(c.arg(0), c.env());
            IntExpr v = Eval.binary(Operator.MUL, flags, Eval.constant(lo.owner()), c.where());
            return List.of(lo.irqAssign(v, c.where()), new Actions.RcuQuiesce(lo.conc().rcu(), lo.owner()));
        }
    }
}
