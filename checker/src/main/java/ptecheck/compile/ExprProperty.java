package ptecheck.compile;

import java.util.BitSet;
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
    public BitSet reads() {
        BitSet out = new BitSet();
        cond.reads(out);
        return out;
    }
}
