package ptecheck.compile;

import java.util.BitSet;

/**
 * The one traversal a weak memory model needs over an expression: every read of a memory slot,
 * static or at a computed place (whose index expressions are rewritten first), becomes the
 * model's own load; the rest of the expression is rebuilt around it. {@link WeakMemory} and
 * {@link ArmMemory} differ only in the load they make.
 */
final class LoadRewriter implements IntExpr.Visitor<IntExpr> {
    /** Makes the model's load of leaf {@code offset} of {@code place}. */
    interface Loads {
        IntExpr load(Place place, int offset);
    }

    private final BitSet memory;
    private final Loads loads;

    LoadRewriter(BitSet memory, Loads loads) {
        this.memory = memory;
        this.loads = loads;
    }

    IntExpr rewrite(IntExpr e) {
        return e.accept(this);
    }

    /** {@code p} with the loads in its index expressions rewritten. */
    Place place(Place p) {
        if (p.isStatic()) {
            return p;
        }
        Place.Term[] terms = new Place.Term[p.terms.length];
        for (int i = 0; i < terms.length; i++) {
            Place.Term t = p.terms[i];
            terms[i] = new Place.Term(rewrite(t.index()), t.lo(), t.count(), t.stride(), t.where(), t.what());
        }
        return new Place(p.base, p.width, terms, p.name);
    }

    @Override
    public IntExpr constant(Eval.Const k) {
        return k;
    }

    @Override
    public IntExpr read(Eval.Read r) {
        return memory.get(r.slot) ? loads.load(Place.of(r.slot, 1, "slot" + r.slot), 0) : r;
    }

    @Override
    public IntExpr dynRead(Eval.DynRead d) {
        Place p = place(d.place);
        BitSet t = new BitSet();
        d.place.mayTouch(t, d.offset, 1);
        return t.intersects(memory) ? loads.load(p, d.offset) : new Eval.DynRead(p, d.offset);
    }

    @Override
    public IntExpr neg(Eval.Neg n) {
        return new Eval.Neg(rewrite(n.a));
    }

    @Override
    public IntExpr not(Eval.Not n) {
        return new Eval.Not(rewrite(n.a));
    }

    @Override
    public IntExpr and(Eval.And x) {
        return new Eval.And(rewrite(x.a), rewrite(x.b));
    }

    @Override
    public IntExpr or(Eval.Or x) {
        return new Eval.Or(rewrite(x.a), rewrite(x.b));
    }

    @Override
    public IntExpr binary(Eval.Binary b) {
        return new Eval.Binary(b.op, rewrite(b.a), rewrite(b.b), b.where);
    }

    @Override
    public IntExpr guarded(Eval.Guarded g) {
        return new Eval.Guarded(rewrite(g.ok), rewrite(g.value), g.property, g.message, g.where);
    }

    @Override
    public IntExpr atPc(Eval.AtPc a) {
        return a;
    }

    @Override
    public IntExpr cond(Eval.Cond k) {
        return new Eval.Cond(rewrite(k.c), rewrite(k.a), rewrite(k.b));
    }

    // Already a model's node: rewritten once.

    @Override
    public IntExpr load(WeakMemory.Load l) {
        return l;
    }

    @Override
    public IntExpr armLoad(ArmMemory.Load l) {
        return l;
    }

    @Override
    public IntExpr settled(ArmMemory.Settled s) {
        return s;
    }

    @Override
    public IntExpr ready(ArmMemory.Ready r) {
        return r;
    }
}
