package ptecheck.lang.ast;

import java.util.List;

/**
 * Statements. {@code text} is the statement as written, on one line (for compound statements,
 * their head: {@code if pte.present}), shown in counterexample steps.
 */
public sealed interface Stmt {
    Pos pos();

    String text();

    record Labeled(Pos pos, String text, String label, Stmt body) implements Stmt {}

    record LocalVar(Pos pos, String text, String name, TypeExpr type, Expr init) implements Stmt {}

    record Assign(Pos pos, String text, Expr target, Expr value) implements Stmt {}

    /** An expression used as a statement: only a procedure call is allowed. */
    record ExprStmt(Pos pos, String text, Expr expr) implements Stmt {}

    record If(Pos pos, String text, Expr cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {}

    record For(Pos pos, String text, String var, TypeExpr domain, List<Stmt> body) implements Stmt {}

    record While(Pos pos, String text, Expr cond, List<Stmt> body) implements Stmt {}

    record Atomic(Pos pos, String text, List<Stmt> body) implements Stmt {}

    record Await(Pos pos, String text, Expr cond) implements Stmt {}

    record Either(Pos pos, String text, List<List<Stmt>> branches) implements Stmt {}

    record Lock(Pos pos, String text, Expr lock) implements Stmt {}

    record Unlock(Pos pos, String text, Expr lock) implements Stmt {}

    /** {@code name} may be null: the assertion is then reported as {@code assertion}. */
    record Assert(Pos pos, String text, String name, Expr cond) implements Stmt {}

    record Return(Pos pos, String text, Expr value) implements Stmt {}

    record Skip(Pos pos, String text) implements Stmt {}

    /**
     * The one traversal of statements that the check passes share. {@link #statement} dispatches
     * on every kind of statement; by default a compound statement walks its sub-blocks and a
     * simple one does nothing. A pass overrides only the kinds it gives meaning to, so a new
     * statement adds its record and its case here, and changes only the passes that must see it.
     */
    abstract class Walker {

        /** Walks the statements of a block in order. */
        public void block(List<Stmt> body) {
            for (Stmt s : body) {
                statement(s);
            }
        }

        /** Dispatches {@code s} to the method for its kind; an unknown kind is a bug, not a skip. */
        public final void statement(Stmt s) {
            if (s instanceof Labeled l) {
                labeled(l);
            } else if (s instanceof LocalVar v) {
                localVar(v);
            } else if (s instanceof Assign a) {
                assign(a);
            } else if (s instanceof ExprStmt e) {
                exprStmt(e);
            } else if (s instanceof If i) {
                ifStmt(i);
            } else if (s instanceof For f) {
                forStmt(f);
            } else if (s instanceof While w) {
                whileStmt(w);
            } else if (s instanceof Atomic a) {
                atomic(a);
            } else if (s instanceof Await a) {
                await(a);
            } else if (s instanceof Either e) {
                either(e);
            } else if (s instanceof Lock l) {
                lock(l);
            } else if (s instanceof Unlock u) {
                unlock(u);
            } else if (s instanceof Assert a) {
                assertStmt(a);
            } else if (s instanceof Return r) {
                returnStmt(r);
            } else if (s instanceof Skip k) {
                skip(k);
            } else {
                throw new IllegalStateException("Stmt.Walker has no case for " + s.getClass().getSimpleName());
            }
        }

        public void labeled(Labeled s) {
            statement(s.body());
        }

        public void localVar(LocalVar s) {}

        public void assign(Assign s) {}

        public void exprStmt(ExprStmt s) {}

        public void ifStmt(If s) {
            block(s.then());
            block(s.otherwise());
        }

        public void forStmt(For s) {
            block(s.body());
        }

        public void whileStmt(While s) {
            block(s.body());
        }

        public void atomic(Atomic s) {
            block(s.body());
        }

        public void await(Await s) {}

        public void either(Either s) {
            s.branches().forEach(this::block);
        }

        public void lock(Lock s) {}

        public void unlock(Unlock s) {}

        public void assertStmt(Assert s) {}

        public void returnStmt(Return s) {}

        public void skip(Skip s) {}
    }
}
