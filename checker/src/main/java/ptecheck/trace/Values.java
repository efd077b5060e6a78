package ptecheck.trace;

import java.util.BitSet;
import java.util.List;
import ptecheck.ts.ValueShape;
import ptecheck.ts.Variable;

/** Renders values by their {@link ValueShape}, the way the checker prints them elsewhere. */
final class Values {
    private Values() {}

    /**
     * Records as {@code {present, write, pfn: 0}} (true booleans by name, false ones left out),
     * absent optionals as {@code none}, booleans in records' diffs as {@code 0}/{@code 1}.
     */
    static String format(ValueShape shape, int[] s, int at) {
        return format(shape, s, at, null);
    }

    /**
     * {@code v} in {@code state}, a false boolean field written {@code write: false} when its slot
     * is in {@code explicit} (it matters: it changed or the property reads it) and left out
     * otherwise. A variable of unknown structure is its formatter's text.
     */
    static String show(Variable v, int[] state, BitSet explicit) {
        if (v.isDead(state)) {
            return Variable.DEAD;
        }
        if (!(v.shape() instanceof ValueShape.Record || v.shape() instanceof ValueShape.Optional
                || v.shape() instanceof ValueShape.Array) || explicit == null) {
            return v.format(state);
        }
        return format(v.shape(), state, v.firstSlot(), explicit);
    }

    /**
     * The slots whose false booleans a step's values show: those it changed, those {@code reads}
     * names (null: none), and every slot of an optional that became present (all its fields are new).
     */
    static BitSet explicit(List<Variable> variables, int[] before, int[] after, BitSet reads) {
        BitSet out = reads == null ? new BitSet() : (BitSet) reads.clone();
        if (before == null) {
            return out;
        }
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                out.set(i);
            }
        }
        for (Variable v : variables) {
            if (v.shape() != null) {
                appeared(v.shape(), before, after, v.firstSlot(), out);
            }
        }
        return out;
    }

    private static void appeared(ValueShape shape, int[] b, int[] a, int at, BitSet out) {
        if (shape instanceof ValueShape.Optional o) {
            if (b[at] == 0 && a[at] != 0) {
                out.set(at + 1, at + 1 + o.inner().slots());
            } else {
                appeared(o.inner(), b, a, at + 1, out);
            }
        } else if (shape instanceof ValueShape.Record r) {
            for (ValueShape.Field f : r.fields()) {
                appeared(f.shape(), b, a, at + f.offset(), out);
            }
        } else if (shape instanceof ValueShape.Array arr) {
            for (int k = 0; k < arr.indices().size(); k++) {
                appeared(arr.elem(), b, a, at + k * arr.elem().slots(), out);
            }
        }
    }

    private static String format(ValueShape shape, int[] s, int at, BitSet explicit) {
        if (shape instanceof ValueShape.Record r) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (ValueShape.Field f : r.fields()) {
                String part;
                if (f.shape() instanceof ValueShape.Bool) {
                    if (s[at + f.offset()] != 0) {
                        part = f.name();
                    } else if (explicit != null && explicit.get(at + f.offset())) {
                        part = f.name() + ": false";
                    } else {
                        continue;
                    }
                } else {
                    part = f.name() + ": " + format(f.shape(), s, at + f.offset(), explicit);
                }
                sb.append(first ? "" : ", ").append(part);
                first = false;
            }
            return sb.append('}').toString();
        }
        if (shape instanceof ValueShape.Optional o) {
            return s[at] == 0 ? "none" : format(o.inner(), s, at + 1, explicit);
        }
        if (shape instanceof ValueShape.Array a) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < a.indices().size(); k++) {
                sb.append(k == 0 ? "" : ", ").append(format(a.elem(), s, at + k * a.elem().slots(), explicit));
            }
            return sb.append(']').toString();
        }
        if (shape instanceof ValueShape.Bool && explicit != null) {
            return s[at] != 0 ? "true" : "false";
        }
        if (shape instanceof ValueShape.Enum e) {
            int v = s[at];
            return v >= 0 && v < e.names().size() ? e.names().get(v) : "?" + v;
        }
        return Integer.toString(s[at]);
    }
}
