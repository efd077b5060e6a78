package ptecheck.compile;

import java.util.BitSet;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StepFailure;

/** The {@link IntExpr} node kinds. Small final classes so the JIT can inline them. */
final class Eval {
    private Eval() {}

    static IntExpr constant(int v) {
        return new Const(v);
    }

    static final class Const implements IntExpr {
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

    enum Op { ADD, SUB, MUL, DIV, MOD, EQ, NE, LT, LE, GT, GE }

    static final class Binary implements IntExpr {
        final Op op;
        final IntExpr a;
        final IntExpr b;
        final SourceRef where;

        Binary(Op op, IntExpr a, IntExpr b, SourceRef where) {
            this.op = op;
            this.a = a;
            this.b = b;
            this.where = where;
        }

        public int eval(int[] s) {
            int x = a.eval(s);
            int y = b.eval(s);
            switch (op) {
                case ADD: return x + y;
                case SUB: return x - y;
                case MUL: return x * y;
                case DIV:
                case MOD:
                    if (y == 0) {
                        throw new StepFailure("division_by_zero", "division by zero", where);
                    }
                    return op == Op.DIV ? x / y : x % y;
                case EQ: return x == y ? 1 : 0;
                case NE: return x != y ? 1 : 0;
                case LT: return x < y ? 1 : 0;
                case LE: return x <= y ? 1 : 0;
                case GT: return x > y ? 1 : 0;
                default: return x >= y ? 1 : 0;
            }
        }

        public void reads(BitSet out) {
            a.reads(out);
            b.reads(out);
        }
    }

    /** A read that is only allowed when {@code ok} holds (the page is not freed, the optional is present). */
    static final class Guarded implements IntExpr {
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
    static IntExpr binary(Op op, IntExpr a, IntExpr b, SourceRef where) {
        IntExpr e = new Binary(op, a, b, where);
        if (a.constant() != null && b.constant() != null && !((op == Op.DIV || op == Op.MOD) && b.constant() == 0)) {
            return constant(e.eval(null));
        }
        return e;
    }
}
