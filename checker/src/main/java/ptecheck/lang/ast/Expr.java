package ptecheck.lang.ast;

import java.util.List;

/** Expressions. Binary operators are normalised ({@code &&} to {@code and}, {@code !} to {@code not}). */
public sealed interface Expr {
    Pos pos();

    /** How a diagnostic names an expression ({@code pt[p].dirty}); anything else is "value". */
    static String describe(Expr e) {
        if (e instanceof Expr.Name n) {
            return n.name();
        }
        if (e instanceof Expr.Field f) {
            return describe(f.target()) + "." + f.field();
        }
        if (e instanceof Expr.Index i) {
            return describe(i.target()) + "[" + describe(i.index()) + "]";
        }
        if (e instanceof Expr.IntLit i) {
            return Integer.toString(i.value());
        }
        return "value";
    }

    record IntLit(Pos pos, int value) implements Expr {}

    record BoolLit(Pos pos, boolean value) implements Expr {}

    record NoneLit(Pos pos) implements Expr {}

    record Name(Pos pos, String name) implements Expr {}

    /** A call: of a pure {@code fn} inside expressions, or of a {@code proc} as a statement. */
    record Call(Pos pos, String name, List<Expr> args) implements Expr {}

    /** {@code proc@label} or {@code proc[i]@label}: the process is at that label ({@code end}: finished). */
    record AtLabel(Pos pos, String process, Expr index, String label) implements Expr {}

    /** {@code after proc@label}: the process has run the statement at that label at least once. */
    record Passed(Pos pos, String process, Expr index, String label) implements Expr {}

    record Field(Pos pos, Expr target, String field) implements Expr {}

    record Index(Pos pos, Expr target, Expr index) implements Expr {}

    /** {@code e with { f: v, ... }}: a record with some fields replaced. */
    record With(Pos pos, Expr target, List<FieldInit> inits) implements Expr {}

    record Unary(Pos pos, String op, Expr operand) implements Expr {}

    record Binary(Pos pos, String op, Expr left, Expr right) implements Expr {}

    /** {@code if cond then a else b}: only the chosen branch is evaluated. */
    record Cond(Pos pos, Expr cond, Expr then, Expr otherwise) implements Expr {}

    record Quant(Pos pos, boolean forall, String var, TypeExpr domain, Expr body) implements Expr {}

    /** {@code { f: v, ... }}: its record type comes from where it is used. Omitted fields are zero. */
    record RecordLit(Pos pos, List<FieldInit> inits) implements Expr {}

    /** {@code [a, b, ...]}: an array value, one element per index value in order. */
    record ArrayLit(Pos pos, List<Expr> elements) implements Expr {}

    record FieldInit(Pos pos, String name, Expr value) {}
}
