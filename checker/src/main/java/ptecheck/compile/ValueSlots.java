package ptecheck.compile;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;

/**
 * Which slots hold a value of a named range type starting at 0 ({@code var owner: CPU}, a
 * {@code CPU?} or a record field of type {@code CPU}), by the type's name, from declared types.
 * {@link SymmetryDetector} renames such values with the indices they name; a variable whose
 * type is not written as the name (an inferred local, {@code 0..CPUS-1}) holds plain numbers.
 */
final class ValueSlots {
    private final Symbols symbols;
    private final Map<String, BitSet> byType = new HashMap<>();

    ValueSlots(Symbols symbols) {
        this.symbols = symbols;
    }

    /** Records the value slots of a variable {@code x[dims]: te} allocated at {@code base}. */
    void declare(TypeExpr te, List<TypeExpr> dims, int base) {
        Type elem = te == null ? null : symbols.resolve(te);
        if (elem == null) {
            return;
        }
        long cells = 1;
        for (TypeExpr d : dims) {
            Type t = symbols.resolve(d);
            if (t == null) {
                return;
            }
            cells *= Types.size(t);
        }
        for (long cell = 0; cell < cells; cell++) {
            leaf(te, elem, base + (int) cell * elem.leaves(), 0);
        }
    }

    private void leaf(TypeExpr te, Type t, int at, int depth) {
        if (depth > 8) {
            return; // records nest only as deep as declared; this bounds a malformed chain
        }
        if (te instanceof TypeExpr.OptionalType o && t instanceof Type.Optional opt) {
            leaf(o.inner(), opt.inner(), at + 1, depth + 1);
        } else if (te instanceof TypeExpr.NamedType n && t instanceof Type.Int i && i.bounded() && i.lo() == 0) {
            byType.computeIfAbsent(n.name(), k -> new BitSet()).set(at);
        } else if (te instanceof TypeExpr.NamedType n && t instanceof Type.Record r
                && symbols.decl(n.name()) instanceof Decl.Record rd) {
            for (Decl.FieldDecl fd : rd.fields()) {
                Type.Field f = r.field(fd.name());
                Type elem = f == null ? null : symbols.resolve(fd.type());
                if (elem == null) {
                    continue;
                }
                long cells = f.type().leaves() / Math.max(1, elem.leaves());
                for (long cell = 0; cell < cells; cell++) {
                    leaf(fd.type(), elem, at + f.offset() + (int) cell * elem.leaves(), depth + 1);
                }
            }
        }
    }

    /** The value slots of {@code type}, or an empty set. */
    BitSet of(String type) {
        return (BitSet) byType.getOrDefault(type, new BitSet()).clone();
    }
}
