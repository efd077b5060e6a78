package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.lang.check.Operator;
import ptecheck.ts.Guards;

/**
 * The seam's {@link Guards}: each group's enabling condition as the conjunction that
 * {@link Group#enabledIn} evaluates, in the same order. First the program-counter test (so
 * that a statement other than the current one depends only on its process moving), then one
 * "handler idle" test per interrupt handler that suspends it, then the guard split at its
 * top-level {@code and}s. Later conjuncts are only evaluated where the earlier ones hold, which
 * is what makes {@code tlb[c][p] != none and tlb[c][p].write} safe to split.
 */
final class GuardConjuncts implements Guards {
    private final IntExpr[][] conjuncts;
    private final BitSet[][] reads;

    GuardConjuncts(Group[] groups) {
        conjuncts = new IntExpr[groups.length][];
        reads = new BitSet[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            Group gr = groups[g];
            List<IntExpr> list = new ArrayList<>();
            if (gr.pcSlot() >= 0) {
                list.add(Eval.binary(Operator.EQ, new Eval.Read(gr.pcSlot()), Eval.constant(gr.fromPc()), null));
            }
            for (int handlerPc : gr.suspendedBy()) {
                list.add(Eval.binary(Operator.EQ, new Eval.Read(handlerPc), Eval.constant(Handler.IDLE), null));
            }
            if (gr.guard() != null) {
                split(gr.guard(), list);
            }
            conjuncts[g] = list.toArray(new IntExpr[0]);
            reads[g] = new BitSet[conjuncts[g].length];
            for (int i = 0; i < conjuncts[g].length; i++) {
                reads[g][i] = new BitSet();
                conjuncts[g][i].reads(reads[g][i]);
            }
        }
    }

    static void split(IntExpr e, List<IntExpr> out) {
        if (e instanceof Eval.And a) {
            split(a.a, out);
            split(a.b, out);
        } else {
            out.add(e);
        }
    }

    @Override
    public int conjuncts(int group) {
        return conjuncts[group].length;
    }

    @Override
    public boolean holds(int group, int conjunct, int[] state) {
        return conjuncts[group][conjunct].eval(state) != 0;
    }

    @Override
    public BitSet reads(int group, int conjunct) {
        return (BitSet) reads[group][conjunct].clone();
    }
}
