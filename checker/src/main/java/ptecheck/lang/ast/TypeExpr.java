package ptecheck.lang.ast;

/** Types as written. */
public sealed interface TypeExpr {
    Pos pos();

    record BoolType(Pos pos) implements TypeExpr {}

    record NamedType(Pos pos, String name) implements TypeExpr {}

    record RangeType(Pos pos, Expr lo, Expr hi) implements TypeExpr {}

    record OptionalType(Pos pos, TypeExpr inner) implements TypeExpr {}
}
