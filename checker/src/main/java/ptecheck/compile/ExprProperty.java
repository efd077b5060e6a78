package ptecheck.compile;

import java.util.BitSet;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/** An invariant or at-end property compiled to a boolean expression. */
record ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond) implements StateProperty {
    @Override
    public boolean holds(int[] state) {
        return cond.eval(state) != 0;
    }

    @Override
    public BitSet reads() {
        BitSet out = new BitSet();
        cond.reads(out);
        return out;
    }
}
