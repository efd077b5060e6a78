package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.Conjunction;

/** A compiled boolean expression split at its top-level {@code and}s. */
final class ExprConjunction implements Conjunction {
    private final IntExpr[] parts;
    private final BitSet[] reads;

    ExprConjunction(List<IntExpr> parts) {
        this.parts = parts.toArray(new IntExpr[0]);
        this.reads = new BitSet[this.parts.length];
        for (int i = 0; i < this.parts.length; i++) {
            reads[i] = new BitSet();
            this.parts[i].reads(reads[i]);
        }
    }

    /** {@code e} split at its top-level {@code and}s, in evaluation order. */
    static ExprConjunction split(IntExpr e) {
        List<IntExpr> out = new ArrayList<>();
        GuardConjuncts.split(e, out);
        return new ExprConjunction(out);
    }

    @Override
    public int size() {
        return parts.length;
    }

    @Override
    public boolean holds(int part, int[] state) {
        return parts[part].eval(state) != 0;
    }

    @Override
    public BitSet reads(int part) {
        return (BitSet) reads[part].clone();
    }
}
