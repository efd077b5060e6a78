package ptecheck.lang.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.diag.Diagnostics;

/**
 * {@code lock l} where every path to it already holds {@code l}: spinlocks do not nest, so the
 * code waits for itself forever. Reported at that second {@code lock}, where the mistake is
 * (rather than at a later {@code unlock} that then looks unbalanced). Only locks named the same
 * way on every path count ({@code l}, {@code ptl[0]}, {@code ptl[T]} with a constant {@code T});
 * an element chosen by a loop variable or a value may or may not be the one held, and the search
 * finds that self-deadlock if it happens. A procedure call drops every lock that the procedure
 * (or one it calls) may release.
 */
final class LockNestingCheck implements CheckPass {
    private Symbols symbols;
    private Diagnostics diags;
    private final Map<String, Set<String>> releases = new HashMap<>();

    @Override
    public String name() {
        return "lock nesting";
    }

    @Override
    public void check(Program program, Diagnostics diags) {
        this.symbols = program.symbols();
        this.diags = diags;
        for (Decl d : symbols.decls()) {
            List<Stmt> body = d instanceof Decl.Kernel k ? k.body() : d instanceof Decl.Interrupt i ? i.body()
                    : d instanceof Decl.Proc p ? p.body() : null;
            List<Decl.Param> params = d instanceof Decl.Kernel k ? k.params() : d instanceof Decl.Interrupt i ? i.params()
                    : d instanceof Decl.Proc p ? p.params() : List.of();
            if (body != null) {
                Set<String> bound = new HashSet<>();
                params.forEach(p -> bound.add(p.name()));
                block(body, new LinkedHashSet<>(), bound);
            }
        }
    }

    /**
     * The locks held on every path after {@code body}, from {@code held} before it; null when no
     * path gets past it. {@code bound} are the names bound in the body's scope (loop variables,
     * parameters are not tracked: a lock indexed by one is not a fixed lock).
     */
    private Set<String> block(List<Stmt> body, Set<String> held, Set<String> bound) {
        Set<String> names = new HashSet<>(bound);
        for (Stmt s : body) {
            if (held == null) {
                return null;
            }
            held = statement(s, held, names);
        }
        return held;
    }

    private Set<String> statement(Stmt s, Set<String> held, Set<String> bound) {
        Flow flow = new Flow(held, bound);
        flow.statement(s);
        return flow.held;
    }

    /**
     * The locks held after one statement. A compound statement this pass gives no meaning of its
     * own runs its sub-blocks one after the other (as an atomic block does).
     */
    private final class Flow extends Stmt.Walker {
        private Set<String> held;
        private final Set<String> bound;

        Flow(Set<String> held, Set<String> bound) {
            this.held = held;
            this.bound = bound;
        }

        @Override
        public void block(List<Stmt> body) {
            held = LockNestingCheck.this.block(body, held, bound);
        }

        @Override
        public void lock(Stmt.Lock l) {
            String key = key(l.lock(), bound);
            if (key != null && held.contains(key)) {
                diags.error(l.pos(), "lock " + key + ", which is already held here: a self-deadlock",
                        "spinlocks do not nest, so this waits for itself forever; no path from the earlier 'lock "
                                + key + "' releases it");
            }
            if (key != null) {
                held.add(key);
            }
        }

        @Override
        public void unlock(Stmt.Unlock u) {
            String key = key(u.lock(), bound);
            if (key != null) {
                held.remove(key);
            } else {
                dropFamily(held, root(u.lock()));
            }
        }

        @Override
        public void localVar(Stmt.LocalVar v) {
            bound.add(v.name());
            held = call(v.init(), held);
        }

        @Override
        public void assign(Stmt.Assign a) {
            held = call(a.value(), held);
        }

        @Override
        public void exprStmt(Stmt.ExprStmt e) {
            held = call(e.expr(), held);
        }

        @Override
        public void ifStmt(Stmt.If i) {
            held = meet(LockNestingCheck.this.block(i.then(), new LinkedHashSet<>(held), bound),
                    LockNestingCheck.this.block(i.otherwise(), new LinkedHashSet<>(held), bound));
        }

        @Override
        public void either(Stmt.Either e) {
            Set<String> out = null;
            boolean first = true;
            for (List<Stmt> branch : e.branches()) {
                Set<String> after = LockNestingCheck.this.block(branch, new LinkedHashSet<>(held), bound);
                out = first ? after : meet(out, after);
                first = false;
            }
            held = out;
        }

        @Override
        public void forStmt(Stmt.For f) {
            Set<String> inner = new HashSet<>(bound);
            inner.add(f.var());
            held = meet(held, LockNestingCheck.this.block(f.body(), new LinkedHashSet<>(held), inner));
        }

        @Override
        public void whileStmt(Stmt.While w) {
            held = meet(held, LockNestingCheck.this.block(w.body(), new LinkedHashSet<>(held), bound));
        }

        @Override
        public void returnStmt(Stmt.Return r) {
            held = null;
        }
    }

    /** The locks held on every path through either of two points; null stands for "no path". */
    private static Set<String> meet(Set<String> a, Set<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Set<String> out = new LinkedHashSet<>(a);
        out.retainAll(b);
        return out;
    }

    private Set<String> call(Expr e, Set<String> held) {
        if (e instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc p) {
            for (String family : releases(p, new HashSet<>())) {
                dropFamily(held, family);
            }
        }
        return held;
    }

    private static void dropFamily(Set<String> held, String family) {
        held.removeIf(k -> k.equals(family) || k.startsWith(family + "["));
    }

    /** Root names of the locks a procedure, or one it calls, may release. */
    private Set<String> releases(Decl.Proc p, Set<String> visiting) {
        Set<String> known = releases.get(p.name());
        if (known != null) {
            return known;
        }
        Set<String> out = new HashSet<>();
        if (visiting.add(p.name())) {
            collect(p.body(), out, visiting);
        }
        releases.put(p.name(), out);
        return out;
    }

    private void collect(List<Stmt> body, Set<String> out, Set<String> visiting) {
        new Stmt.Walker() {
            @Override
            public void unlock(Stmt.Unlock u) {
                out.add(root(u.lock()));
            }

            @Override
            public void exprStmt(Stmt.ExprStmt e) {
                call(e.expr());
            }

            @Override
            public void assign(Stmt.Assign a) {
                call(a.value());
            }

            @Override
            public void localVar(Stmt.LocalVar v) {
                if (v.init() != null) {
                    call(v.init());
                }
            }

            private void call(Expr e) {
                if (e instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc p) {
                    out.addAll(releases(p, visiting));
                }
            }
        }.block(body);
    }

    private static String root(Expr e) {
        while (e instanceof Expr.Index i) {
            e = i.target();
        }
        return e instanceof Expr.Name n ? n.name() : "";
    }

    /** The lock's name when it is the same lock on every path ({@code l}, {@code ptl[0]}), else null. */
    private String key(Expr e, Set<String> bound) {
        if (e instanceof Expr.Name n) {
            return bound.contains(n.name()) || !(symbols.decl(n.name()) instanceof Decl.Lock) ? null : n.name();
        }
        if (e instanceof Expr.Index i) {
            String target = key(i.target(), bound);
            String index = constant(i.index(), bound);
            return target == null || index == null ? null : target + "[" + index + "]";
        }
        return null;
    }

    private String constant(Expr e, Set<String> bound) {
        if (e instanceof Expr.IntLit i) {
            return Integer.toString(i.value());
        }
        if (e instanceof Expr.Name n && !bound.contains(n.name())
                && (symbols.enumOfMember(n.name()) != null || symbols.decl(n.name()) instanceof Decl.Const)) {
            return n.name();
        }
        return null;
    }
}
