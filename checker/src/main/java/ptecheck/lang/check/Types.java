package ptecheck.lang.check;

/** Operations on {@link Type}s that do not belong to one variant. */
public final class Types {
    private Types() {}

    /** True for bool, bounded ranges and enums: the types that can index arrays and bind loops. */
    public static boolean finite(Type t) {
        return t instanceof Type.Bool || t instanceof Type.Enum || (t instanceof Type.Int i && i.bounded());
    }

    /** Number of values of a finite type. */
    public static int size(Type t) {
        if (t instanceof Type.Bool) {
            return 2;
        }
        if (t instanceof Type.Enum e) {
            return e.members().size();
        }
        if (t instanceof Type.Int i && i.bounded()) {
            return i.hi() - i.lo() + 1;
        }
        throw new IllegalArgumentException("not finite: " + t.show());
    }

    /** The smallest value of a finite type (its first index). */
    public static int min(Type t) {
        return t instanceof Type.Int i ? i.lo() : 0;
    }

    /** The k-th value (0-based) of a finite type. */
    public static int value(Type t, int k) {
        return min(t) + k;
    }

    /** True when a value of type {@code from} may be stored where {@code to} is expected. */
    public static boolean assignable(Type to, Type from) {
        if (to.equals(from)) {
            return true;
        }
        if (to instanceof Type.Int && from instanceof Type.Int) {
            return true; // ranges are checked on the value, statically for constants and at run time otherwise
        }
        if (to instanceof Type.Optional o) {
            return from instanceof Type.None || from instanceof Type.RecordLiteral && o.inner() instanceof Type.Record
                    || assignable(o.inner(), from);
        }
        if (to instanceof Type.Record && from instanceof Type.RecordLiteral) {
            return true;
        }
        if (to instanceof Type.Array a && from instanceof Type.Array b) {
            return a.index().equals(b.index()) && assignable(a.elem(), b.elem()) && a.elem().leaves() == b.elem().leaves();
        }
        return false;
    }

    /** Renders one value of a scalar type. */
    public static String format(Type t, int v) {
        if (t instanceof Type.Bool) {
            return v != 0 ? "true" : "false";
        }
        if (t instanceof Type.Enum e) {
            return v >= 0 && v < e.members().size() ? e.members().get(v) : "?" + v;
        }
        return Integer.toString(v);
    }

    /** Renders a flattened value starting at {@code s[at]}. */
    public static String format(Type t, int[] s, int at) {
        if (t instanceof Type.Record r) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Type.Field f : r.fields()) {
                String part;
                if (f.type() instanceof Type.Bool) {
                    if (s[at + f.offset()] == 0) {
                        continue;
                    }
                    part = f.name();
                } else {
                    part = f.name() + ": " + format(f.type(), s, at + f.offset());
                }
                sb.append(first ? "" : ", ").append(part);
                first = false;
            }
            return sb.append('}').toString();
        }
        if (t instanceof Type.Optional o) {
            return s[at] == 0 ? "none" : format(o.inner(), s, at + 1);
        }
        if (t instanceof Type.Array a) {
            StringBuilder sb = new StringBuilder("[");
            int n = size(a.index());
            for (int k = 0; k < n; k++) {
                sb.append(k == 0 ? "" : ", ").append(format(a.elem(), s, at + k * a.elem().leaves()));
            }
            return sb.append(']').toString();
        }
        if (t instanceof Type.Lock) {
            return s[at] == 0 ? "free" : "held";
        }
        return format(t, s[at]);
    }
}
