package ptecheck.lang.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.diag.Diagnostics;

/**
 * The global namespace of a spec and its models: every declaration by name, constant values
 * (after {@code -D} overrides) and resolved types. Spec and models share one namespace, so a
 * model may refer to types the spec declares ({@code CPU}, {@code PAGE}) and vice versa.
 */
public final class Symbols {
    /** Position used for errors in {@code -D} options. */
    public static final Pos COMMAND_LINE = new Pos("<command line>", 0, 0);

    private final Map<String, Decl> decls = new LinkedHashMap<>();
    private final Map<String, Type.Enum> enumOfMember = new HashMap<>();
    private final Map<String, Pos> memberPos = new HashMap<>();
    private final Map<String, ConstValue> consts = new HashMap<>();
    private final Map<String, Type> types = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final Map<String, String> overrides;
    private final Diagnostics diags;

    public Symbols(List<SourceUnit> units, Map<String, String> overrides, Diagnostics diags) {
        this.overrides = overrides;
        this.diags = diags;
        List<Decl> extensions = new ArrayList<>();
        for (SourceUnit u : units) {
            for (Decl d : u.decls()) {
                if (d instanceof Decl.Uses || d instanceof Decl.Requires || d instanceof Decl.Expect || d instanceof Decl.Fair) {
                    continue;
                }
                if (d instanceof Decl.Extend || d instanceof Decl.Observer) {
                    extensions.add(d);
                    continue;
                }
                declare(d.name(), d.pos(), d);
                if (d instanceof Decl.Enum e) {
                    Type.Enum t = new Type.Enum(e.name(), List.copyOf(e.members()));
                    types.put(e.name(), t);
                    for (int i = 0; i < e.members().size(); i++) {
                        String m = e.members().get(i);
                        Pos p = e.memberPos().get(i);
                        if (decls.containsKey(m) || enumOfMember.containsKey(m)) {
                            diags.error(p, "duplicate declaration of '" + m + "'", "first declared at " + firstPos(m));
                        } else {
                            enumOfMember.put(m, t);
                            memberPos.put(m, p);
                        }
                    }
                }
            }
        }
        AgentExtensions.apply(decls, extensions, diags);
        for (String name : overrides.keySet()) {
            if (!(decls.get(name) instanceof Decl.Const)) {
                diags.error(COMMAND_LINE, "-D " + name + ": no const named '" + name + "' in this spec",
                        constNames().isEmpty() ? null : "consts: " + String.join(", ", constNames()));
            }
        }
        for (Decl d : decls.values()) {
            if (d instanceof Decl.Const c) {
                constValue(c.name());
            } else if (d instanceof Decl.TypeAlias t) {
                namedType(t.name(), t.pos());
            } else if (d instanceof Decl.Record r) {
                namedType(r.name(), r.pos());
            }
        }
    }

    private List<String> constNames() {
        List<String> names = new ArrayList<>();
        decls.values().forEach(d -> {
            if (d instanceof Decl.Const) {
                names.add(d.name());
            }
        });
        return names;
    }

    private void declare(String name, Pos pos, Decl d) {
        Prelude.Primitive primitive = Prelude.standard().get(name);
        if (primitive != null) {
            // Shadowing would silently replace the kernel's semantics (a proc synchronize_rcu() that waits for nothing).
            diags.error(pos, "'" + name + "' is " + (primitive.function() ? "a builtin function, " : "a kernel primitive, ")
                    + primitive.signature() + ", and cannot be declared",
                    "choose another name. " + primitive.doc());
            return;
        }
        if (decls.containsKey(name) || enumOfMember.containsKey(name)) {
            diags.error(pos, "duplicate declaration of '" + name + "'", "first declared at " + firstPos(name));
            return;
        }
        decls.put(name, d);
    }

    private String firstPos(String name) {
        Decl d = decls.get(name);
        Pos p = d != null ? d.pos() : memberPos.get(name);
        return p == null ? "?" : p.file() + ":" + p.line();
    }

    public Decl decl(String name) {
        return decls.get(name);
    }

    public Iterable<Decl> decls() {
        return decls.values();
    }

    public Type.Enum enumOfMember(String name) {
        return enumOfMember.get(name);
    }

    public Diagnostics diagnostics() {
        return diags;
    }

    /** The value of a global constant (after overrides), or null when it is in error. */
    public ConstValue constValue(String name) {
        if (consts.containsKey(name)) {
            return consts.get(name);
        }
        Decl.Const c = (Decl.Const) decls.get(name);
        if (!resolving.add(name)) {
            diags.error(c.pos(), "const '" + name + "' is defined in terms of itself");
            consts.put(name, null);
            return null;
        }
        ConstValue v = null;
        Type declared = c.type() == null ? null : resolve(c.type());
        String override = overrides.get(name);
        if (override != null) {
            Type t = declared != null ? declared : inferredType(c.value());
            v = parseOverride(name, override, t);
        }
        if (v == null && override == null) {
            v = eval(c.value(), Map.of());
            if (v != null && declared != null) {
                if (!Types.assignable(declared, v.type())) {
                    diags.error(c.value().pos(), "type mismatch: const '" + name + "' is " + declared.show()
                            + " but its value is " + v.type().show());
                    v = null;
                } else {
                    v = checkRange(declared, v, c.value().pos(), "const '" + name + "'");
                }
            }
        }
        resolving.remove(name);
        consts.put(name, v);
        return v;
    }

    private Type inferredType(Expr e) {
        ConstValue v = eval(e, Map.of());
        return v == null ? Type.Int.ANY : v.type();
    }

    private ConstValue parseOverride(String name, String text, Type t) {
        String hint;
        if (t instanceof Type.Bool) {
            if (text.equals("true") || text.equals("false")) {
                return new ConstValue(t, text.equals("true") ? 1 : 0);
            }
            hint = "use true or false";
        } else if (t instanceof Type.Enum e) {
            int i = e.members().indexOf(text);
            if (i >= 0) {
                return new ConstValue(t, i);
            }
            hint = "one of: " + String.join(", ", e.members());
        } else if (t instanceof Type.Int range) {
            try {
                int v = Integer.parseInt(text.trim());
                if (range.bounded() && (v < range.lo() || v > range.hi())) {
                    diags.error(COMMAND_LINE, "-D " + name + "=" + text + ": value out of range " + range.show());
                    return null;
                }
                return new ConstValue(t, v);
            } catch (NumberFormatException e) {
                hint = "an integer";
            }
        } else {
            hint = null;
        }
        diags.error(COMMAND_LINE, "-D " + name + "=" + text + ": bad value for a const of type "
                + (t == null ? "?" : t.show()), hint);
        return null;
    }

    /** Checks a constant value against a declared range. */
    public ConstValue checkRange(Type declared, ConstValue v, Pos pos, String what) {
        if (declared instanceof Type.Int r && r.bounded() && (v.value() < r.lo() || v.value() > r.hi())) {
            diags.error(pos, "value " + v.value() + " is out of range " + r.show() + " of " + what);
            return null;
        }
        return new ConstValue(declared instanceof Type.Int r && !r.bounded() ? v.type() : declared, v.value());
    }

    private Type namedType(String name, Pos usePos) {
        if (types.containsKey(name)) {
            return types.get(name);
        }
        Decl d = decls.get(name);
        if (!resolving.add("type " + name)) {
            diags.error(usePos, "type '" + name + "' is defined in terms of itself");
            return null;
        }
        Type t = null;
        if (d instanceof Decl.TypeAlias a) {
            t = resolve(a.type());
        } else if (d instanceof Decl.Record r) {
            List<Type.Field> fields = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int offset = 0;
            for (Decl.FieldDecl f : r.fields()) {
                if (!seen.add(f.name())) {
                    diags.error(f.pos(), "duplicate field '" + f.name() + "' in record " + r.name());
                    continue;
                }
                Type ft = withDims(f.dims(), resolve(f.type()));
                if (ft == null) {
                    continue;
                }
                if (!storable(ft)) {
                    diags.error(f.type().pos(), "field '" + f.name() + "' needs a finite type", "use a range like 0..3");
                    continue;
                }
                fields.add(new Type.Field(f.name(), ft, offset));
                offset += ft.leaves();
            }
            t = new Type.Record(r.name(), List.copyOf(fields), offset);
        }
        resolving.remove("type " + name);
        types.put(name, t);
        return t;
    }

    /** True for types a variable can hold: everything finite all the way down. */
    public static boolean storable(Type t) {
        if (t instanceof Type.Record r) {
            return r.fields().stream().allMatch(f -> storable(f.type()));
        }
        if (t instanceof Type.Optional o) {
            return storable(o.inner());
        }
        if (t instanceof Type.Array a) {
            return storable(a.elem());
        }
        return Types.finite(t) || t instanceof Type.Lock;
    }

    /** Wraps {@code elem} in arrays for declarator dimensions {@code x[A][B]: T} (indexed x[a][b]). */
    public Type withDims(List<TypeExpr> dims, Type elem) {
        if (elem == null) {
            return null;
        }
        Type t = elem;
        for (int i = dims.size() - 1; i >= 0; i--) {
            Type idx = resolve(dims.get(i));
            if (idx == null) {
                return null;
            }
            if (!Types.finite(idx)) {
                diags.error(dims.get(i).pos(), "array index type must be finite (bool, a range or an enum), not "
                        + idx.show());
                return null;
            }
            t = new Type.Array(idx, t);
        }
        return t;
    }

    /** Resolves a type expression, or returns null after reporting an error. */
    public Type resolve(TypeExpr te) {
        if (te instanceof TypeExpr.BoolType) {
            return new Type.Bool();
        }
        if (te instanceof TypeExpr.OptionalType o) {
            Type inner = resolve(o.inner());
            return inner == null ? null : new Type.Optional(inner);
        }
        if (te instanceof TypeExpr.RangeType r) {
            ConstValue lo = eval(r.lo(), Map.of());
            ConstValue hi = eval(r.hi(), Map.of());
            if (lo == null || hi == null) {
                return null;
            }
            if (!(lo.type() instanceof Type.Int) || !(hi.type() instanceof Type.Int)) {
                diags.error(r.pos(), "range bounds must be integers");
                return null;
            }
            if (lo.value() > hi.value()) {
                diags.error(r.pos(), "empty range " + lo.value() + ".." + hi.value(), overrides.isEmpty() ? null
                        : "with " + String.join(" ", overrides.entrySet().stream().map(o -> "-D " + o.getKey() + "=" + o.getValue()).toList()));
                return null;
            }
            return new Type.Int(lo.value(), hi.value());
        }
        TypeExpr.NamedType n = (TypeExpr.NamedType) te;
        Decl d = decls.get(n.name());
        if (d instanceof Decl.TypeAlias || d instanceof Decl.Record || d instanceof Decl.Enum) {
            return namedType(n.name(), n.pos());
        }
        if (d == null) {
            diags.error(n.pos(), "unknown type '" + n.name() + "'", typeHint(n.name()));
        } else {
            diags.error(n.pos(), "'" + n.name() + "' is not a type");
        }
        return null;
    }

    private String typeHint(String name) {
        if (name.equals("int")) {
            return "integers are ranges: write lo..hi";
        }
        String close = closest(name);
        return close == null ? null : "did you mean '" + close + "'?";
    }

    /** A declared name close to {@code name} (edit distance at most 2), for "did you mean" hints. */
    public String closest(String name) {
        String best = null;
        int bestD = 3;
        List<String> names = new ArrayList<>(decls.keySet());
        names.addAll(enumOfMember.keySet());
        for (String n : names) {
            int dist = distance(name, n);
            if (dist < bestD) {
                bestD = dist;
                best = n;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /**
     * Evaluates a compile-time constant expression (integers, booleans, enum members, consts,
     * and the constant names in {@code locals}). Reports an error and returns null otherwise.
     */
    public ConstValue eval(Expr e, Map<String, ConstValue> locals) {
        if (e instanceof Expr.IntLit i) {
            return new ConstValue(Type.Int.ANY, i.value());
        }
        if (e instanceof Expr.BoolLit b) {
            return new ConstValue(new Type.Bool(), b.value() ? 1 : 0);
        }
        if (e instanceof Expr.Name n) {
            if (locals.containsKey(n.name())) {
                return locals.get(n.name());
            }
            Type.Enum en = enumOfMember.get(n.name());
            if (en != null) {
                return new ConstValue(en, en.members().indexOf(n.name()));
            }
            Decl d = decls.get(n.name());
            if (d instanceof Decl.Const) {
                return constValue(n.name());
            }
            if (d == null) {
                String close = closest(n.name());
                diags.error(n.pos(), "unknown name '" + n.name() + "'", close == null ? null : "did you mean '" + close + "'?");
            } else {
                diags.error(n.pos(), "'" + n.name() + "' is not a constant", "only consts and literals may appear here");
            }
            return null;
        }
        if (e instanceof Expr.Unary u) {
            ConstValue v = eval(u.operand(), locals);
            if (v == null) {
                return null;
            }
            if (u.op().equals("-") && v.type() instanceof Type.Int) {
                return new ConstValue(Type.Int.ANY, -v.value());
            }
            if (u.op().equals("not") && v.type() instanceof Type.Bool) {
                return new ConstValue(v.type(), 1 - v.value());
            }
            diags.error(u.pos(), "type mismatch: '" + u.op() + "' does not apply to " + v.type().show());
            return null;
        }
        if (e instanceof Expr.Cond c) {
            ConstValue cond = eval(c.cond(), locals);
            ConstValue a = eval(c.then(), locals);
            ConstValue b = eval(c.otherwise(), locals);
            if (cond == null || a == null || b == null) {
                return null;
            }
            if (!(cond.type() instanceof Type.Bool)) {
                diags.error(c.cond().pos(), "type mismatch: expected bool, found " + cond.type().show());
                return null;
            }
            boolean ints = a.type() instanceof Type.Int && b.type() instanceof Type.Int;
            if (!ints && !a.type().equals(b.type())) {
                diags.error(c.otherwise().pos(), "type mismatch: expected " + a.type().show() + ", found " + b.type().show(),
                        "both branches of 'if ... then ... else' have the same type");
                return null;
            }
            ConstValue chosen = cond.value() != 0 ? a : b;
            return ints ? new ConstValue(Type.Int.ANY, chosen.value()) : chosen;
        }
        if (e instanceof Expr.Binary b) {
            ConstValue l = eval(b.left(), locals);
            ConstValue r = eval(b.right(), locals);
            if (l == null || r == null) {
                return null;
            }
            return binary(b, l, r);
        }
        diags.error(e.pos(), "expected a constant expression");
        return null;
    }

    private ConstValue binary(Expr.Binary b, ConstValue l, ConstValue r) {
        boolean ints = l.type() instanceof Type.Int && r.type() instanceof Type.Int;
        boolean bools = l.type() instanceof Type.Bool && r.type() instanceof Type.Bool;
        Operator op = Operator.of(b.op());
        boolean applies = op != null && (op.arithmetic() || op.ordering() ? ints
                : op.equality() ? ints || l.type().equals(r.type()) : bools);
        if (applies) {
            if (op.canFail() && r.value() == 0) {
                diags.error(b.pos(), "division by zero");
                return null;
            }
            int v = op.apply(l.value(), r.value());
            return new ConstValue(op.arithmetic() ? Type.Int.ANY : new Type.Bool(), v);
        }
        diags.error(b.pos(), "type mismatch: '" + b.op() + "' does not apply to " + l.type().show() + " and "
                + r.type().show());
        return null;
    }
}
