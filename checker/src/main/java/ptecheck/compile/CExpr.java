package ptecheck.compile;

import java.util.List;
import ptecheck.lang.check.Type;

/**
 * A compiled expression: its type, one {@link IntExpr} per leaf, and, when it denotes
 * storage, its {@link Place} (plus what a write there must check: the optional it goes through is
 * present, the page it is in is not freed).
 * {@code type == null} marks an expression already reported as an error.
 */
record CExpr(Type type, IntExpr[] leaves, Place place, List<WriteCheck> writeChecks) {
    /** A condition a write through this place needs: otherwise the step fails as {@code property}. */
    record WriteCheck(IntExpr ok, String property, String message) {}

    static final CExpr ERROR = new CExpr(null, new IntExpr[0], null, List.of());

    static CExpr value(Type type, IntExpr... leaves) {
        return new CExpr(type, leaves, null, List.of());
    }

    boolean failed() {
        return type == null;
    }

    /** The scalar value (leaf 0). */
    IntExpr scalar() {
        return leaves[0];
    }

    Integer constant() {
        return leaves.length == 1 ? leaves[0].constant() : null;
    }
}
