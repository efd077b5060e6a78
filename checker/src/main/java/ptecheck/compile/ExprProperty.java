package ptecheck.compile;

import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/** An invariant or at-end property compiled to a boolean expression. */
record ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond) implements StateProperty {
    @Override
    public boolean holds(int[] state) {
        try {
            return cond.eval(state) != 0;
        } catch (ptecheck.ts.StepFailure e) {
            return false; // the property itself reads something that is not there (a none): it does not hold
        }
    }

    @Override
    public java.util.BitSet reads() {
        java.util.BitSet b = new java.util.BitSet();
        cond.reads(b);
        return b;
    }
}
