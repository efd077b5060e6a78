package ptecheck.lang.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.diag.Diagnostics;

/**
 * A model's {@code requires} declarations against what its user declares. A spec that lacks
 * something gets one error at its {@code uses} line naming everything missing, and one per
 * declaration of the wrong kind or shape; {@link Checker} then stops, since the model's own code
 * would only repeat the same errors from inside the model. A model that requires the same thing
 * as a model it uses passes the requirement on to its own user.
 */
final class ModelInterfaceCheck implements CheckPass {
    @Override
    public String name() {
        return "model interfaces";
    }

    @Override
    public void check(Program program, Diagnostics diags) {
        Map<String, SourceUnit> models = new HashMap<>();
        for (SourceUnit u : program.units()) {
            if (u.model()) {
                models.put(u.name(), u);
            }
        }
        Symbols symbols = program.symbols();
        for (SourceUnit user : program.units()) {
            Set<String> passedOn = new HashSet<>();
            for (Decl d : user.decls()) {
                if (d instanceof Decl.Requires r) {
                    passedOn.add(r.name());
                }
            }
            for (Decl d : user.decls()) {
                if (!(d instanceof Decl.Uses uses) || !models.containsKey(uses.name())) {
                    continue;
                }
                SourceUnit model = models.get(uses.name());
                List<String> missing = new ArrayList<>();
                for (Decl md : model.decls()) {
                    if (!(md instanceof Decl.Requires r) || passedOn.contains(r.name())) {
                        continue;
                    }
                    Decl have = symbols.decl(r.name());
                    if (have == null) {
                        missing.add(show(r.wanted()));
                        continue;
                    }
                    String why = mismatch(r.wanted(), have, symbols);
                    if (why != null) {
                        diags.error(uses.pos(), "model '" + model.name() + "' requires " + show(r.wanted()) + ", but "
                                + r.name() + " " + why, "declared at " + have.pos().file() + ":" + have.pos().line());
                    }
                }
                if (!missing.isEmpty()) {
                    diags.error(uses.pos(), "model '" + model.name() + "' requires " + String.join(", ", missing)
                                    + (user.model() ? ", which model '" + user.name() + "' does not declare"
                                            : ", which this spec does not declare"),
                            "the model's interface is the 'requires' lines at the top of " + model.pos().file());
                }
            }
        }
    }

    /** Why {@code have} does not meet the requirement {@code wanted}, or null when it does. */
    private static String mismatch(Decl wanted, Decl have, Symbols symbols) {
        if (wanted instanceof Decl.TypeAlias) {
            return have instanceof Decl.TypeAlias || have instanceof Decl.Record || have instanceof Decl.Enum ? null
                    : "is not a type";
        }
        if (wanted instanceof Decl.Const w) {
            if (!(have instanceof Decl.Const)) {
                return "is not a const";
            }
            ConstValue v = symbols.constValue(have.name());
            Type t = w.type() == null ? null : symbols.resolve(w.type());
            return t == null || v == null || TypeCheck.compatible(t, v.type()) ? null : "is " + v.type().show();
        }
        if (wanted instanceof Decl.Var w) {
            if (!(have instanceof Decl.Var h)) {
                return "is not a variable";
            }
            if (w.freeable() && !h.freeable()) {
                return "is not freeable";
            }
            Type wt = symbols.withDims(w.dims(), symbols.resolve(w.type()));
            Type ht = symbols.withDims(h.dims(), symbols.resolve(h.type()));
            return wt == null || ht == null || TypeCheck.compatible(wt, ht) && TypeCheck.compatible(ht, wt) ? null
                    : "is " + ht.show();
        }
        if (wanted instanceof Decl.Fn w) {
            if (!(have instanceof Decl.Fn h)) {
                return "is not a function";
            }
            if (w.params().size() != h.params().size()) {
                return "takes " + h.params().size() + " argument" + (h.params().size() == 1 ? "" : "s");
            }
            for (int i = 0; i < w.params().size(); i++) {
                Type wp = symbols.resolve(w.params().get(i).type());
                Type hp = symbols.resolve(h.params().get(i).type());
                if (wp != null && hp != null && !TypeCheck.compatible(hp, wp)) {
                    return "takes " + hp.show() + " as argument " + (i + 1);
                }
            }
            Type wr = symbols.resolve(w.result());
            Type hr = symbols.resolve(h.result());
            return wr == null || hr == null || TypeCheck.compatible(wr, hr) ? null : "returns " + hr.show();
        }
        Decl.Lock w = (Decl.Lock) wanted;
        if (!(have instanceof Decl.Lock h)) {
            return "is not a lock";
        }
        if (w.rw() != h.rw()) {
            return "is a " + (h.rw() ? "rwsem" : "spinlock");
        }
        return w.dims().size() == h.dims().size() ? null : "has " + h.dims().size() + " dimension" + (h.dims().size() == 1 ? "" : "s");
    }

    /** A requirement as written. */
    static String show(Decl wanted) {
        if (wanted instanceof Decl.TypeAlias t) {
            return "type " + t.name();
        }
        if (wanted instanceof Decl.Const c) {
            return "const " + c.name() + (c.type() == null ? "" : ": " + show(c.type()));
        }
        if (wanted instanceof Decl.Var v) {
            return (v.freeable() ? "freeable var " : "var ") + v.name() + dims(v.dims()) + ": " + show(v.type());
        }
        if (wanted instanceof Decl.Fn f) {
            return "fn " + f.name() + "(" + String.join(", ", f.params().stream()
                    .map(p -> (p.ref() ? "ref " : "") + p.name() + ": " + show(p.type())).toList()) + "): " + show(f.result());
        }
        Decl.Lock l = (Decl.Lock) wanted;
        return (l.rw() ? "rwsem " : "spinlock ") + l.name() + dims(l.dims());
    }

    private static String dims(List<TypeExpr> dims) {
        StringBuilder sb = new StringBuilder();
        for (TypeExpr t : dims) {
            sb.append('[').append(show(t)).append(']');
        }
        return sb.toString();
    }

    private static String show(TypeExpr t) {
        if (t instanceof TypeExpr.BoolType) {
            return "bool";
        }
        if (t instanceof TypeExpr.NamedType n) {
            return n.name();
        }
        if (t instanceof TypeExpr.OptionalType o) {
            return show(o.inner()) + "?";
        }
        TypeExpr.RangeType r = (TypeExpr.RangeType) t;
        return show(r.lo()) + ".." + show(r.hi());
    }

    private static String show(Expr e) {
        if (e instanceof Expr.IntLit i) {
            return Integer.toString(i.value());
        }
        if (e instanceof Expr.Name n) {
            return n.name();
        }
        if (e instanceof Expr.Unary u) {
            return "-" + show(u.operand());
        }
        if (e instanceof Expr.Binary b) {
            return show(b.left()) + b.op() + show(b.right());
        }
        return "...";
    }
}
