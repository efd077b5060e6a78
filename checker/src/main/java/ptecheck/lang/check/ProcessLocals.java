package ptecheck.lang.check;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.ast.Stmt;

/**
 * The locals of a kernel process that a property may read as {@code P.x}: those its own body
 * declares outside atomic blocks (whose locals are temporaries, not state), not those of the
 * procedures it calls. The check passes and the compiler find them the same way.
 */
public final class ProcessLocals {
    private ProcessLocals() {}

    /** The locals {@code body} declares under {@code name} (null: all of them), in order. */
    public static List<Stmt.LocalVar> named(List<Stmt> body, String name) {
        List<Stmt.LocalVar> out = new ArrayList<>();
        new Stmt.Walker() {
            @Override
            public void localVar(Stmt.LocalVar v) {
                if (name == null || v.name().equals(name)) {
                    out.add(v);
                }
            }

            @Override
            public void atomic(Stmt.Atomic a) {
                // its locals are temporaries
            }
        }.block(body);
        return out;
    }
}
