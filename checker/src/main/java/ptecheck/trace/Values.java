package ptecheck.trace;

import ptecheck.ts.ValueShape;

/** Renders values by their {@link ValueShape}, the way the checker prints them elsewhere. */
final class Values {
    private Values() {}

    /**
     * Records as {@code {present, write, pfn: 0}} (true booleans by name, false ones left out),
     * absent optionals as {@code none}, booleans in records' diffs as {@code 0}/{@code 1}.
     */
    static String format(ValueShape shape, int[] s, int at) {
        if (shape instanceof ValueShape.Record r) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (ValueShape.Field f : r.fields()) {
                String part;
                if (f.shape() instanceof ValueShape.Bool) {
                    if (s[at + f.offset()] == 0) {
                        continue;
                    }
                    part = f.name();
                } else {
                    part = f.name() + ": " + format(f.shape(), s, at + f.offset());
                }
                sb.append(first ? "" : ", ").append(part);
                first = false;
            }
            return sb.append('}').toString();
        }
        if (shape instanceof ValueShape.Optional o) {
            return s[at] == 0 ? "none" : format(o.inner(), s, at + 1);
        }
        if (shape instanceof ValueShape.Array a) {
            StringBuilder sb = new StringBuilder("[");
            for (int k = 0; k < a.indices().size(); k++) {
                sb.append(k == 0 ? "" : ", ").append(format(a.elem(), s, at + k * a.elem().slots()));
            }
            return sb.append(']').toString();
        }
        if (shape instanceof ValueShape.Enum e) {
            int v = s[at];
            return v >= 0 && v < e.names().size() ? e.names().get(v) : "?" + v;
        }
        return Integer.toString(s[at]);
    }
}
