package ptecheck.compile;

import java.util.BitSet;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * An invariant or at-end property compiled to a boolean expression. {@code scope}, when not
 * null, is when the property can be violated at all (for an at-end property: every kernel
 * process has finished); {@code cond} must hold wherever the scope does not.
 */
record ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond, IntExpr scope)
        implements StateProperty {
    ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond) {
        this(name, kind, where, text, cond, null);
    }

    @Override
    public boolean inScope(int[] state) {
        return scope == null || scope.eval(state) != 0;
    }

    @Override
    public BitSet scopeReads() {
        if (scope == null) {
            return null;
        }
        BitSet out = new BitSet();
        scope.reads(out);
        return out;
    }

    @Override
    public ptecheck.ts.Conjunction scopeConjunction() {
        return scope == null ? null : ExprConjunction.split(scope);
    }

    @Override
    public boolean holds(int[] state) {
        try {
            return cond.eval(state) != 0;
        } catch (ptecheck.ts.StepFailure e) {
            return false; // the property itself reads something that is not there (a none): it does not hold
        }
    }

    @Override
    public BitSet reads() {
        BitSet out = new BitSet();
        cond.reads(out);
        return out;
    }
}
