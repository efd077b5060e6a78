package ptecheck.compile;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.ts.SourceRef;

/** Lowerings of free_page() and alloc_page() on a page {@code V[i]} of a freeable variable. */
final class PagePrimitives {
    private PagePrimitives() {}

    private abstract static class PageOp implements Primitive.OneStep {
        private final boolean free;

        PageOp(boolean free) {
            this.free = free;
        }

        @Override
        public List<Action> actions(PrimitiveCall c) {
            ExprCompiler ec = c.ec();
            if (!(c.arg(0) instanceof Expr.Index ix)) {
                c.diags().error(c.arg(0).pos(), "'" + c.name() + "' takes a page of a freeable variable: V[i]",
                        "declare it 'freeable var V[PAGE]...'");
                return null;
            }
            CExpr page = ec.compile(ix, c.env(), null);
            CExpr idx = ec.compile(ix.index(), c.env(), null);
            if (page.failed() || idx.failed() || !(ec.compile(ix.target(), c.env(), null).type() instanceof Type.Array a)) {
                return null;
            }
            Place flag = ec.freedFlag(ix, c.env(), idx.scalar(), Types.min(a.index()), Types.size(a.index()));
            if (flag == null) {
                c.diags().error(ix.target().pos(), ExprCompiler.describe(ix.target()) + " is not freeable",
                        "declare it 'freeable var " + ExprCompiler.describe(ix.target()) + "[...]: ...'");
                return null;
            }
            SourceRef where = c.where();
            IntExpr freed = flag.isStatic() ? new Eval.Read(flag.base) : new Eval.DynRead(flag, 0);
            List<Action> out = new ArrayList<>();
            out.add(new Actions.Check(free ? Eval.not(freed) : freed,
                    free ? Violation.DOUBLE_FREE.id() : Violation.PAGE_IN_USE.id(),
                    page.place().name + (free ? " is freed twice" : " is allocated while in use"), where));
            out.add(new Actions.Assign(flag, new IntExpr[] {Eval.constant(free ? 1 : 0)}, new int[] {0}, new int[] {1},
                    where));
            if (!free) {
                // a reused page starts from zero, like a freshly allocated page table
                int[] zero = LayoutBuilder.mins(page.type());
                IntExpr[] leaves = new IntExpr[zero.length];
                for (int i = 0; i < zero.length; i++) {
                    leaves[i] = Eval.constant(zero[i]);
                }
                out.add(new Actions.Assign(page.place(), leaves, zero, LayoutBuilder.maxs(page.type()), where));
            }
            return out;
        }
    }

    static final class FreePage extends PageOp {
        FreePage() {
            super(true);
        }
    }

    static final class AllocPage extends PageOp {
        AllocPage() {
            super(false);
        }
    }
}
