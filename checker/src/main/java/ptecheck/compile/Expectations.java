package ptecheck.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.check.ConstValue;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.lang.diag.Diagnostics;

/**
 * A spec's {@code expect} clauses: which one applies to a configuration, and which
 * configurations {@code ptecheck test} must run (every combination of the values of the consts
 * that the {@code when} conditions mention).
 */
public final class Expectations {
    private Expectations() {}

    /** The first clause whose condition holds (unconditional and {@code otherwise} clauses always do). */
    static Decl.Expect select(SourceUnit spec, Symbols symbols) {
        for (Decl d : spec.decls()) {
            if (d instanceof Decl.Expect e) {
                if (e.when() == null) {
                    return e;
                }
                ConstValue v = symbols.eval(e.when(), Map.of());
                if (v != null && v.type() instanceof Type.Bool && v.value() != 0) {
                    return e;
                }
                if (v != null && !(v.type() instanceof Type.Bool)) {
                    symbols.diagnostics().error(e.when().pos(), "type mismatch: expected bool, found " + v.type().show());
                }
            }
        }
        return null;
    }

    /**
     * The configurations to test, as {@code -D} overrides layered on {@code base}: for each const
     * a {@code when} condition mentions, all values of its type when finite (bool, enum,
     * range), otherwise its default and every value it is compared with. A bool or enum const
     * that selects code (an {@code if} of the spec tests it) but that no {@code when} names is
     * varied too, so that {@code test} never checks one path and reports the spec as passed.
     */
    public static List<Map<String, String>> configurations(List<SourceUnit> units, SourceUnit spec, Map<String, String> base) {
        Symbols symbols = new Symbols(units, base, new Diagnostics());
        Map<String, Set<String>> values = new LinkedHashMap<>();
        for (Decl d : spec.decls()) {
            if (d instanceof Decl.Expect e && e.when() != null) {
                collect(e.when(), symbols, base, values);
            }
        }
        for (String name : selectors(spec)) {
            if (base.containsKey(name) || values.containsKey(name) || !(symbols.decl(name) instanceof Decl.Const)) {
                continue;
            }
            ConstValue v = symbols.constValue(name);
            if (v != null && (v.type() instanceof Type.Bool || v.type() instanceof Type.Enum)) {
                Set<String> set = values.computeIfAbsent(name, k -> new LinkedHashSet<>());
                for (int k = 0; k < Types.size(v.type()); k++) {
                    set.add(Types.format(v.type(), Types.value(v.type(), k)));
                }
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>(base));
        for (var entry : values.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> m : out) {
                for (String v : entry.getValue()) {
                    Map<String, String> c = new LinkedHashMap<>(m);
                    c.put(entry.getKey(), v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    /** The names that the conditions of the spec's own {@code if} statements mention, in order. */
    static Set<String> selectors(SourceUnit spec) {
        Set<String> names = new LinkedHashSet<>();
        for (Decl d : spec.decls()) {
            if (d instanceof Decl.Kernel k) {
                ifNames(k.body(), names);
            } else if (d instanceof Decl.Proc p) {
                ifNames(p.body(), names);
            } else if (d instanceof Decl.Interrupt i) {
                ifNames(i.body(), names);
            } else if (d instanceof Decl.Agent a) {
                for (Decl.Rule r : a.rules()) {
                    ifNames(r.body(), names);
                }
            } else if (d instanceof Decl.Extend x) {
                for (Decl.Rule r : x.rules()) {
                    ifNames(r.body(), names);
                }
            } else if (d instanceof Decl.Observer o) {
                ifNames(o.body(), names);
            }
        }
        return names;
    }

    private static void ifNames(List<Stmt> body, Set<String> names) {
        for (Stmt s : body) {
            if (s instanceof Stmt.If i) {
                names(i.cond(), names);
                ifNames(i.then(), names);
                ifNames(i.otherwise() == null ? List.of() : i.otherwise(), names);
            } else if (s instanceof Stmt.Labeled l) {
                ifNames(List.of(l.body()), names);
            } else if (s instanceof Stmt.For f) {
                ifNames(f.body(), names);
            } else if (s instanceof Stmt.While w) {
                ifNames(w.body(), names);
            } else if (s instanceof Stmt.Atomic a) {
                ifNames(a.body(), names);
            } else if (s instanceof Stmt.Either e) {
                e.branches().forEach(b -> ifNames(b, names));
            }
        }
    }

    private static void names(Expr e, Set<String> names) {
        if (e instanceof Expr.Name n) {
            names.add(n.name());
        } else if (e instanceof Expr.Binary b) {
            names(b.left(), names);
            names(b.right(), names);
        } else if (e instanceof Expr.Unary u) {
            names(u.operand(), names);
        } else if (e instanceof Expr.Cond c) {
            names(c.cond(), names);
            names(c.then(), names);
            names(c.otherwise(), names);
        }
    }

    private static void collect(Expr e, Symbols symbols, Map<String, String> base, Map<String, Set<String>> values) {
        if (e instanceof Expr.Name n && symbols.decl(n.name()) instanceof Decl.Const c && !base.containsKey(n.name())) {
            ConstValue v = symbols.constValue(n.name());
            if (v == null) {
                return;
            }
            Set<String> set = values.computeIfAbsent(n.name(), k -> new LinkedHashSet<>());
            Type t = v.type();
            if (Types.finite(t) && Types.size(t) <= 64) {
                for (int k = 0; k < Types.size(t); k++) {
                    set.add(Types.format(t, Types.value(t, k)));
                }
            } else {
                set.add(v.show());
            }
        } else if (e instanceof Expr.Binary b) {
            collect(b.left(), symbols, base, values);
            collect(b.right(), symbols, base, values);
            // CONST op literal (or literal op CONST): the literal, and for an inequality both of its sides
            Expr.Name n = b.left() instanceof Expr.Name x ? x : b.right() instanceof Expr.Name y ? y : null;
            Expr.IntLit i = b.right() instanceof Expr.IntLit x ? x : b.left() instanceof Expr.IntLit y ? y : null;
            if (n != null && i != null && values.containsKey(n.name())) {
                ConstValue v = symbols.constValue(n.name());
                if (v != null && !Types.finite(v.type())) {
                    Set<String> set = values.get(n.name());
                    set.add(Integer.toString(i.value()));
                    if (!b.op().equals("==") && !b.op().equals("!=")) {
                        set.add(Integer.toString(i.value() - 1));
                        set.add(Integer.toString(i.value() + 1));
                    }
                }
            }
        } else if (e instanceof Expr.Unary u) {
            collect(u.operand(), symbols, base, values);
        } else if (e instanceof Expr.Cond c) {
            collect(c.cond(), symbols, base, values);
            collect(c.then(), symbols, base, values);
            collect(c.otherwise(), symbols, base, values);
        }
    }
}
