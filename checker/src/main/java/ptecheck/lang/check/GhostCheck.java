package ptecheck.lang.check;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.diag.Diagnostics;

/**
 * Ghost variables observe the protocol without changing it: the protocol may write them but may
 * read them only where that cannot change what it does. Allowed: properties, {@code assert}, the
 * value (and indices) of an assignment to a ghost, and a rule whose every assignment targets a
 * ghost. Anywhere else (a condition, a value stored in a non-ghost, a local's initial value, an
 * argument) a read is an error, reported where the ghost is named, also inside a function that
 * protocol code calls.
 */
final class GhostCheck implements CheckPass {
    private Symbols symbols;
    private Diagnostics diags;
    private final Set<String> fnsSeen = new HashSet<>();

    @Override
    public String name() {
        return "ghosts";
    }

    @Override
    public void check(Program program, Diagnostics diags) {
        this.symbols = program.symbols();
        this.diags = diags;
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Kernel k) {
                body(k.body(), bound(k.params(), k.body()));
            } else if (d instanceof Decl.Interrupt i) {
                body(i.body(), bound(i.params(), i.body()));
            } else if (d instanceof Decl.Proc p) {
                body(p.body(), bound(p.params(), p.body()));
            } else if (d instanceof Decl.Agent a) {
                for (Decl.Rule r : a.rules()) {
                    Set<String> names = bound(a.params(), r.body());
                    r.binders().forEach(b -> names.add(b.name()));
                    if (writesOnlyGhosts(r.body(), names)) {
                        continue;
                    }
                    if (r.guard() != null) {
                        read(r.guard(), names);
                    }
                    body(r.body(), names);
                }
            }
        }
    }

    /** Names a body binds (parameters, locals, loop variables): they hide globals of the same name. */
    private static Set<String> bound(List<Decl.Param> params, List<Stmt> body) {
        Set<String> out = new HashSet<>();
        params.forEach(p -> out.add(p.name()));
        locals(body, out);
        return out;
    }

    private static void locals(List<Stmt> body, Set<String> out) {
        new Stmt.Walker() {
            @Override
            public void localVar(Stmt.LocalVar v) {
                out.add(v.name());
            }

            @Override
            public void forStmt(Stmt.For f) {
                out.add(f.var());
                super.forStmt(f);
            }
        }.block(body);
    }

    private boolean ghostTarget(Expr target, Set<String> bound) {
        Expr root = target;
        while (root instanceof Expr.Field || root instanceof Expr.Index) {
            root = root instanceof Expr.Field f ? f.target() : ((Expr.Index) root).target();
        }
        return root instanceof Expr.Name n && !bound.contains(n.name())
                && symbols.decl(n.name()) instanceof Decl.Var v && v.ghost();
    }

    private boolean writesOnlyGhosts(List<Stmt> body, Set<String> bound) {
        for (Stmt s : body) {
            boolean ok = s instanceof Stmt.Assign a ? ghostTarget(a.target(), bound)
                    : s instanceof Stmt.If i ? writesOnlyGhosts(i.then(), bound) && writesOnlyGhosts(i.otherwise(), bound)
                    : s instanceof Stmt.For f ? writesOnlyGhosts(f.body(), bound)
                    : s instanceof Stmt.Atomic a ? writesOnlyGhosts(a.body(), bound) // an observer (on A.r)
                    : s instanceof Stmt.Skip || s instanceof Stmt.Assert;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void body(List<Stmt> body, Set<String> bound) {
        new Reads(bound).block(body);
    }

    /** Reports the ghost reads of protocol statements; sub-blocks are walked by {@link Stmt.Walker}. */
    private final class Reads extends Stmt.Walker {
        private final Set<String> bound;

        Reads(Set<String> bound) {
            this.bound = bound;
        }

        @Override
        public void localVar(Stmt.LocalVar v) {
            if (v.init() != null) {
                read(v.init(), bound);
            }
        }

        @Override
        public void assign(Stmt.Assign a) {
            if (!ghostTarget(a.target(), bound)) {
                read(a.target(), bound);
                read(a.value(), bound);
            }
        }

        @Override
        public void exprStmt(Stmt.ExprStmt e) {
            read(e.expr(), bound);
        }

        @Override
        public void ifStmt(Stmt.If i) {
            read(i.cond(), bound);
            super.ifStmt(i);
        }

        @Override
        public void whileStmt(Stmt.While w) {
            read(w.cond(), bound);
            super.whileStmt(w);
        }

        @Override
        public void await(Stmt.Await a) {
            read(a.cond(), bound);
        }

        @Override
        public void lock(Stmt.Lock l) {
            read(l.lock(), bound);
        }

        @Override
        public void unlock(Stmt.Unlock u) {
            read(u.lock(), bound);
        }

        @Override
        public void returnStmt(Stmt.Return r) {
            if (r.value() != null) {
                read(r.value(), bound);
            }
        }
    }

    private void read(Expr e, Set<String> bound) {
        if (e instanceof Expr.Name n) {
            if (!bound.contains(n.name()) && symbols.decl(n.name()) instanceof Decl.Var v && v.ghost()) {
                diags.error(n.pos(), "ghost variable '" + n.name() + "' is read by the protocol",
                        "ghost state is written by the protocol and read only by properties, assertions and "
                                + "values assigned to ghosts; it must not change what the protocol does");
            }
        } else if (e instanceof Expr.Field f) {
            read(f.target(), bound);
        } else if (e instanceof Expr.Index i) {
            read(i.target(), bound);
            read(i.index(), bound);
        } else if (e instanceof Expr.With w) {
            read(w.target(), bound);
            w.inits().forEach(fi -> read(fi.value(), bound));
        } else if (e instanceof Expr.RecordLit r) {
            r.inits().forEach(fi -> read(fi.value(), bound));
        } else if (e instanceof Expr.ArrayLit a) {
            a.elements().forEach(x -> read(x, bound));
        } else if (e instanceof Expr.Unary u) {
            read(u.operand(), bound);
        } else if (e instanceof Expr.Binary b) {
            read(b.left(), bound);
            read(b.right(), bound);
        } else if (e instanceof Expr.Cond c) {
            read(c.cond(), bound);
            read(c.then(), bound);
            read(c.otherwise(), bound);
        } else if (e instanceof Expr.Quant q) {
            Set<String> inner = new HashSet<>(bound);
            inner.add(q.var());
            read(q.body(), inner);
        } else if (e instanceof Expr.Call c) {
            Prelude.Primitive sig = Prelude.standard().get(c.name());
            for (int i = 0; i < c.args().size(); i++) {
                boolean written = sig != null && i < sig.params().size() && sig.params().get(i).kind().equals("target");
                if (!written || !ghostTarget(c.args().get(i), bound)) {
                    read(c.args().get(i), bound); // a primitive's target is written, like an assignment's
                }
            }
            if (symbols.decl(c.name()) instanceof Decl.Fn fn && fnsSeen.add(fn.name())) {
                Set<String> params = new HashSet<>();
                fn.params().forEach(p -> params.add(p.name()));
                read(fn.body(), params);
            }
        } else if (e instanceof Expr.AtLabel a && a.index() != null) {
            read(a.index(), bound);
        } else if (e instanceof Expr.Passed a && a.index() != null) {
            read(a.index(), bound);
        }
    }
}
