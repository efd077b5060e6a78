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
}
