package ptecheck.trace;

import java.util.ArrayList;
import java.util.List;
import ptecheck.ts.ValueShape;
import ptecheck.ts.Variable;

/**
 * Short descriptions of what a step did, field by field where the variable's
 * {@linkplain ValueShape shape} is known: {@code pt[0].dirty 0->1}, {@code tlb[1][0] <- {pfn: 0, write}},
 * {@code tlb[1][0] <- none}. For race diagrams, where a whole before/after pair is too long.
 */
public final class Effects {
    private Effects() {}

    /** The effects of going from {@code before} to {@code after}, in layout order. */
    public static List<String> of(List<Variable> variables, int[] before, int[] after) {
        return of(variables, before, after, null);
    }

    /**
     * The same, a whole new value showing its false fields that matter: those the violated
     * property reads ({@code reads}, or null) and all of an entry that became present.
     */
    public static List<String> of(List<Variable> variables, int[] before, int[] after, java.util.BitSet reads) {
        java.util.BitSet explicit = Values.explicit(variables, before, after, reads);
        List<String> out = new ArrayList<>();
        for (Variable v : variables) {
            if (!v.differs(before, after)) {
                continue;
            }
            if (v.shape() == null || v.shape() instanceof ValueShape.Opaque) {
                String b = v.format(before);
                String a = v.format(after);
                out.add(b.contains(" ") || a.contains(" ") ? v.name() + " <- " + a : v.name() + " " + b + "->" + a);
            } else {
                diff(v.name(), v.shape(), before, after, v.firstSlot(), explicit, out);
            }
        }
        return out;
    }

    private static void diff(String path, ValueShape shape, int[] b, int[] a, int at, java.util.BitSet explicit,
                             List<String> out) {
        if (!differs(b, a, at, shape.slots())) {
            return;
        }
        if (shape instanceof ValueShape.Record r) {
            for (ValueShape.Field f : r.fields()) {
                diff(path + "." + f.name(), f.shape(), b, a, at + f.offset(), explicit, out);
            }
        } else if (shape instanceof ValueShape.Optional o) {
            if (b[at] != 0 && a[at] != 0) {
                diff(path, o.inner(), b, a, at + 1, explicit, out);
            } else {
                out.add(path + " <- " + Values.show(new Variable(path, at, shape.slots(), null, shape), a, explicit));
            }
        } else if (shape instanceof ValueShape.Array arr) {
            int stride = arr.elem().slots();
            for (int k = 0; k < arr.indices().size(); k++) {
                diff(path + "[" + arr.indices().get(k) + "]", arr.elem(), b, a, at + k * stride, explicit, out);
            }
        } else {
            out.add(path + " " + Values.format(shape, b, at) + "->" + Values.format(shape, a, at));
        }
    }

    private static boolean differs(int[] b, int[] a, int at, int n) {
        for (int i = at; i < at + n; i++) {
            if (a[i] != b[i]) {
                return true;
            }
        }
        return false;
    }
}
