package ptecheck.lang.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.diag.Diagnostics;

/**
 * Where statements may stand. An atomic step (after its leading {@code await}s) and a hardware
 * rule are one step, so they cannot wait or loop: no {@code await}, {@code lock}, {@code while},
 * {@code either}, label, waiting primitive, or call of a procedure that has steps of its own.
 * Labels name places in kernel process bodies only, once each. Agents take no locks.
 */
final class StructureCheck implements CheckPass {
    private Symbols symbols;
    private Diagnostics diags;

    @Override
    public String name() {
        return "structure";
    }

    @Override
    public void check(Program program, Diagnostics diags) {
        this.symbols = program.symbols();
        this.diags = diags;
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Kernel k) {
                steps(k.body(), false, new HashMap<>());
            } else if (d instanceof Decl.Interrupt i) {
                steps(i.body(), false, new HashMap<>());
            } else if (d instanceof Decl.Proc p) {
                steps(p.body(), true, null);
            } else if (d instanceof Decl.Agent a) {
                for (Decl.Rule r : a.rules()) {
                    // A rule may start with 'lock L': it fires only while L is free, and holds L for its step.
                    int first = !r.body().isEmpty() && r.body().get(0) instanceof Stmt.Lock ? 1 : 0;
                    oneStep(r.body().subList(first, r.body().size()), true, new HashSet<>());
                }
            }
        }
    }

    /** Statements that are steps of a process: {@code labels} is null in a procedure. */
    private void steps(List<Stmt> body, boolean inProc, Map<String, Pos> labels) {
        new Stmt.Walker() {
            @Override
            public void labeled(Stmt.Labeled l) {
                if (labels == null) {
                    diags.error(l.pos(), "labels are only allowed in kernel process bodies, not in procedures");
                } else if (l.label().equals("end") || labels.containsKey(l.label())) {
                    diags.error(l.pos(), "duplicate label '" + l.label() + "'");
                } else {
                    labels.put(l.label(), l.pos());
                }
                super.labeled(l);
            }

            @Override
            public void atomic(Stmt.Atomic a) {
                // Leading awaits, and at most one lock, are the step's guard: it waits until they hold.
                int first = 0;
                boolean locked = false;
                while (first < a.body().size() && (a.body().get(first) instanceof Stmt.Await
                        || a.body().get(first) instanceof Stmt.Lock && !locked)) {
                    locked |= a.body().get(first) instanceof Stmt.Lock;
                    first++;
                }
                oneStep(a.body().subList(first, a.body().size()), false, new HashSet<>());
            }
        }.block(body);
    }

    /** Statements inside one step (an atomic block after its awaits, or a rule's body). */
    private void oneStep(List<Stmt> body, boolean agent, Set<String> procs) {
        new Stmt.Walker() {
            @Override
            public void unlock(Stmt.Unlock u) {
                if (agent) {
                    diags.error(u.pos(), "a rule cannot unlock",
                            "a rule that starts with 'lock L' holds L for its one step and releases it at the end");
                }
            }

            @Override
            public void await(Stmt.Await s) {
                diags.error(s.pos(), "'await' inside an atomic step must come first");
            }

            @Override
            public void lock(Stmt.Lock s) {
                diags.error(s.pos(), agent ? "'lock' in a rule must be its first statement, and a rule takes one lock"
                                : "'lock' inside an atomic step must come first, with its awaits, and a step takes one lock",
                        agent ? "the rule then fires only while the lock is free, and holds it for its step"
                                : "the step then waits until the lock is free and takes it; take another lock in a step "
                                        + "of its own");
            }

            @Override
            public void whileStmt(Stmt.While s) {
                diags.error(s.pos(), "'while' cannot be used inside an atomic step or a rule",
                        "a bounded 'for' can be used instead");
            }

            @Override
            public void either(Stmt.Either s) {
                diags.error(s.pos(), "'either' cannot be used inside an atomic step or a rule", null);
            }

            @Override
            public void labeled(Stmt.Labeled s) {
                diags.error(s.pos(), "labels cannot be used inside an atomic step or a rule", null);
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
                call(v.init());
            }

            private void call(Expr e) {
                if (e instanceof Expr.Call c) {
                    callInOneStep(c, agent, procs);
                }
            }
        }.block(body);
    }

    private void callInOneStep(Expr.Call c, boolean agent, Set<String> procs) {
        Decl d = symbols.decl(c.name());
        Prelude.Primitive primitive = Prelude.standard().get(c.name());
        if (d == null && primitive != null && primitive.waits()) {
            diags.error(c.pos(), "'" + c.name() + "' waits and cannot be used inside an atomic step or a rule",
                    "call it as a statement of its own");
        } else if (d instanceof Decl.Proc p) {
            for (Stmt s : p.body()) {
                if (s instanceof Stmt.Await || s instanceof Stmt.Lock || s instanceof Stmt.While || s instanceof Stmt.Either) {
                    diags.error(c.pos(), "procedure '" + p.name() + "' has steps of its own and cannot be called inside "
                            + "an atomic step or a rule", "call it as a statement of its own");
                    return;
                }
            }
            if (procs.add(p.name())) {
                oneStep(p.body(), agent, procs);
            }
        }
    }
}
