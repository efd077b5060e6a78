package ptecheck.lang.check;

import java.util.List;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.diag.Diagnostics;

/** A procedure with a result returns one on every path: otherwise its caller's target keeps an old value. */
final class ReturnCheck implements CheckPass {
    @Override
    public String name() {
        return "returns";
    }

    @Override
    public void check(Program program, Diagnostics diags) {
        for (Decl d : program.symbols().decls()) {
            if (d instanceof Decl.Proc p && p.result() != null && !returns(p.body())) {
                diags.error(p.pos(), "procedure '" + p.name() + "' can end without returning a value",
                        "end every path with 'return ...'");
            }
        }
    }

    private static boolean returns(List<Stmt> body) {
        return body.stream().anyMatch(ReturnCheck::returns);
    }

    private static boolean returns(Stmt s) {
        if (s instanceof Stmt.Return) {
            return true;
        }
        if (s instanceof Stmt.If i) {
            return returns(i.then()) && returns(i.otherwise());
        }
        if (s instanceof Stmt.Atomic a) {
            return returns(a.body());
        }
        if (s instanceof Stmt.Either e) {
            return e.branches().stream().allMatch(ReturnCheck::returns);
        }
        if (s instanceof Stmt.Labeled l) {
            return returns(l.body());
        }
        return false;
    }
}
