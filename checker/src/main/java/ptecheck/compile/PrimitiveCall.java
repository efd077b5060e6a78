package ptecheck.compile;

import java.util.List;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.check.Prelude;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.ts.SourceRef;

/**
 * One call of a kernel primitive being lowered: the call, where its result goes (null for
 * none), the scope it is in, and the lowering of the actor that makes it.
 *
 * @param site the statement the call is, when it is a statement of its own; else null
 */
record PrimitiveCall(StmtLowering lowering, Prelude.Primitive declaration, Expr.Call call, CExpr target, Env env,
                     StmtLowering.Frame frame, Stmt site) {
    String name() {
        return call.name();
    }

    List<Expr> args() {
        return call.args();
    }

    Expr arg(int i) {
        return call.args().get(i);
    }

    Pos pos() {
        return call.pos();
    }

    SourceRef where() {
        return ExprCompiler.ref(call.pos());
    }

    ExprCompiler ec() {
        return lowering.ec();
    }

    Diagnostics diags() {
        return lowering.ec().diags();
    }

    /** Adds a step of the calling process, labelled with the statement's text and {@code suffix}. */
    void step(int from, IntExpr guard, Action[] actions, int to, String suffix) {
        lowering.addEdge(new Edge(from, guard, actions, to, site.pos(), site.text() + suffix, lowering.context(frame)));
    }
}
