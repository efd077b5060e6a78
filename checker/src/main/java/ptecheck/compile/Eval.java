package ptecheck.compile;

import java.util.BitSet;
import ptecheck.lang.check.Operator;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StepFailure;

/** The {@link IntExpr} node kinds. Small final classes so the JIT can inline them. */
final class Eval {
    private Eval() {}

    static IntExpr constant(int v) {
        return new Const(v);
    }

    static final class Const implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.constant(this);
        }

        final int v;

        Const(int v) {
            this.v = v;
        }

        public int eval(int[] s) {
            return v;
        }

        public void reads(BitSet out) {}

        public Integer constant() {
            return v;
        }
    }

    static final class Read implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.read(this);
        }

        final int slot;

        Read(int slot) {
            this.slot = slot;
        }

        public int eval(int[] s) {
            return s[slot];
        }

        public void reads(BitSet out) {
            out.set(slot);
        }
    }

    /** Reads leaf {@code offset} of a place whose slot depends on the state (a variable index). */
    static final class DynRead implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.dynRead(this);
        }

        final Place place;
        final int offset;

        DynRead(Place place, int offset) {
            this.place = place;
            this.offset = offset;
        }

        public int eval(int[] s) {
            return s[place.slot(s) + offset];
        }

        public void reads(BitSet out) {
            place.readsForAddress(out);
            place.mayTouch(out, offset, 1);
        }
    }

    static final class Neg implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.neg(this);
        }

        final IntExpr a;

        Neg(IntExpr a) {
            this.a = a;
        }

        public int eval(int[] s) {
            return -a.eval(s);
        }

        public void reads(BitSet out) {
            a.reads(out);
        }
    }

    static final class Not implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.not(this);
        }

        final IntExpr a;

        Not(IntExpr a) {
            this.a = a;
        }

        public int eval(int[] s) {
            return a.eval(s) == 0 ? 1 : 0;
        }

        public void reads(BitSet out) {
            a.reads(out);
        }
    }

    static final class And implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.and(this);
        }

        final IntExpr a;
        final IntExpr b;

        And(IntExpr a, IntExpr b) {
            this.a = a;
            this.b = b;
        }

        public int eval(int[] s) {
            return a.eval(s) != 0 && b.eval(s) != 0 ? 1 : 0;
        }

        public void reads(BitSet out) {
            a.reads(out);
            b.reads(out);
        }
    }

    static final class Or implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.or(this);
        }

        final IntExpr a;
        final IntExpr b;

        Or(IntExpr a, IntExpr b) {
            this.a = a;
            this.b = b;
        }

        public int eval(int[] s) {
            return a.eval(s) != 0 || b.eval(s) != 0 ? 1 : 0;
        }

        public void reads(BitSet out) {
            a.reads(out);
            b.reads(out);
        }
    }

    static final class Binary implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.binary(this);
        }

        final Operator op;
        final IntExpr a;
        final IntExpr b;
        final SourceRef where;

        Binary(Operator op, IntExpr a, IntExpr b, SourceRef where) {
            this.op = op;
            this.a = a;
            this.b = b;
            this.where = where;
        }

        public int eval(int[] s) {
            int x = a.eval(s);
            int y = b.eval(s);
            if (y == 0 && op.canFail()) {
                throw new StepFailure(Violation.DIVISION_BY_ZERO.id(), "division by zero", where);
            }
            return op.apply(x, y);
        }

        public void reads(BitSet out) {
            a.reads(out);
            b.reads(out);
        }
    }

    /** A read that is only allowed when {@code ok} holds (the page is not freed, the optional is present). */
    static final class Guarded implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.guarded(this);
        }

        final IntExpr ok;
        final IntExpr value;
        final String property;
        final String message;
        final SourceRef where;

        Guarded(IntExpr ok, IntExpr value, String property, String message, SourceRef where) {
            this.ok = ok;
            this.value = value;
            this.property = property;
            this.message = message;
            this.where = where;
        }

        public int eval(int[] s) {
            if (ok.eval(s) == 0) {
                throw new StepFailure(property, message, where);
            }
            return value.eval(s);
        }

        public void reads(BitSet out) {
            ok.reads(out);
            value.reads(out);
        }
    }

    /**
     * {@code proc@label}: the process's pc is one of the label's pcs (a label inside an unrolled
     * loop has one per copy). The pcs are known only once the process has been lowered, so they
     * are looked up on first use.
     */
    static final class AtPc implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.atPc(this);
        }

        final int pcSlot;
        final java.util.Map<String, int[]> table;
        final String label;
        int[] pcs;

        AtPc(int pcSlot, java.util.Map<String, int[]> table, String label) {
            this.pcSlot = pcSlot;
            this.table = table;
            this.label = label;
        }

        public int eval(int[] s) {
            int[] p = pcs;
            if (p == null) {
                p = table.getOrDefault(label, new int[0]);
                pcs = p;
            }
            int pc = s[pcSlot];
            for (int x : p) {
                if (x == pc) {
                    return 1;
                }
            }
            return 0;
        }

        public void reads(BitSet out) {
            out.set(pcSlot);
        }
    }

    /** {@code if c then a else b} for one leaf: evaluates only the chosen branch, which may fail. */
    static final class Cond implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.cond(this);
        }

        final IntExpr c;
        final IntExpr a;
        final IntExpr b;

        Cond(IntExpr c, IntExpr a, IntExpr b) {
            this.c = c;
            this.a = a;
            this.b = b;
        }

        public int eval(int[] s) {
            return c.eval(s) != 0 ? a.eval(s) : b.eval(s);
        }

        public void reads(BitSet out) {
            c.reads(out);
            a.reads(out);
            b.reads(out);
        }
    }

    static IntExpr cond(IntExpr c, IntExpr a, IntExpr b) {
        if (c.constant() != null) {
            return c.constant() != 0 ? a : b;
        }
        if (a.constant() != null && a.constant().equals(b.constant())) {
            return a;
        }
        return new Cond(c, a, b);
    }

    static IntExpr and(IntExpr a, IntExpr b) {
        if (a.constant() != null) {
            return a.constant() == 0 ? a : b;
        }
        if (b.constant() != null && b.constant() != 0) {
            return a;
        }
        return new And(a, b);
    }

    static IntExpr or(IntExpr a, IntExpr b) {
        if (a.constant() != null) {
            return a.constant() != 0 ? constant(1) : b;
        }
        if (b.constant() != null && b.constant() == 0) {
            return a;
        }
        return new Or(a, b);
    }

    static IntExpr not(IntExpr a) {
        return a.constant() != null ? constant(a.constant() == 0 ? 1 : 0) : new Not(a);
    }

    /** Folds constants; division by a constant zero is left to fail at run time with a trace. */
    static IntExpr binary(Operator op, IntExpr a, IntExpr b, SourceRef where) {
        IntExpr e = new Binary(op, a, b, where);
        if (a.constant() != null && b.constant() != null && !(op.canFail() && b.constant() == 0)) {
            return constant(e.eval(null));
        }
        return e;
    }
}
