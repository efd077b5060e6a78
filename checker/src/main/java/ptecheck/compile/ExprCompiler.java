package ptecheck.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.check.ConstValue;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.ts.SourceRef;

/**
 * Type-checks and compiles expressions to per-leaf {@link IntExpr}s. Errors are reported to
 * the diagnostics and yield {@link CExpr#ERROR}, which later checks pass over silently so one
 * mistake gives one message.
 */
final class ExprCompiler {
    private final Symbols symbols;
    private Diagnostics diags;
    private final Map<String, Env.Local> globals;
    private final Map<String, List<ProcessInfo>> processes;
    private int inlineDepth;
    /** Freeable globals: name to the first slot of their per-page "freed" flags. */
    private final Map<String, Integer> freedBase = new HashMap<>();
    private boolean checkFreed = true;
    private boolean readGhosts;

    /** Whether the code being compiled may read ghost variables (properties, assertions, ghost updates). */
    boolean setReadGhosts(boolean on) {
        boolean was = readGhosts;
        readGhosts = on;
        return was;
    }

    /** True when the root variable of an assignment target is a ghost. */
    boolean isGhostTarget(Expr target, Env env) {
        Expr root = target;
        while (root instanceof Expr.Field || root instanceof Expr.Index) {
            root = root instanceof Expr.Field f ? f.target() : ((Expr.Index) root).target();
        }
        return root instanceof Expr.Name n && env.lookup(n.name()) == null
                && symbols.decl(n.name()) instanceof Decl.Var v && v.ghost();
    }

    void setFreeable(String var, int freedFlags) {
        freedBase.put(var, freedFlags);
    }

    /** Property expressions observe freed pages without touching them: no use-after-free there. */
    void setCheckFreed(boolean on) {
        this.checkFreed = on;
    }

    /**
     * For {@code V[i]} where V is freeable: the place of page i's freed flag; otherwise null.
     * Shadowing locals and parameters are not freeable.
     */
    Place freedFlag(Expr.Index ix, Env env, IntExpr index, int lo, int count) {
        if (!(ix.target() instanceof Expr.Name n) || env.lookup(n.name()) != null || !freedBase.containsKey(n.name())) {
            return null;
        }
        Place flags = Place.of(freedBase.get(n.name()), count, n.name() + ".freed");
        return flags.index(index, lo, count, 1, ref(ix.index().pos()), n.name() + ".freed[" + describe(ix.index()) + "]");
    }
    private final java.util.Set<String> inlined = new java.util.HashSet<>();

    /** Records that a procedure or function body was compiled at a call site. */
    void markInlined(String name) {
        inlined.add(name);
    }

    boolean wasInlined(String name) {
        return inlined.contains(name);
    }

    ExprCompiler(Symbols symbols, Map<String, Env.Local> globals, Map<String, List<ProcessInfo>> processes) {
        this.symbols = symbols;
        this.diags = symbols.diagnostics();
        this.globals = globals;
        this.processes = processes;
    }

    Symbols symbols() {
        return symbols;
    }

    Diagnostics diags() {
        return diags;
    }

    static SourceRef ref(Pos p) {
        return new SourceRef(p.file(), p.line(), p.col() + 1);
    }

    /** Compiles {@code e}, converting it to {@code expected} when given (null: no expectation). */
    CExpr compile(Expr e, Env env, Type expected) {
        CExpr c = raw(e, env, expected);
        return expected == null ? c : coerce(c, expected, e.pos());
    }

    /** Compiles without reporting errors: for decisions made before the real compilation reports them. */
    CExpr compileQuietly(Expr e, Env env) {
        Diagnostics saved = diags;
        diags = new Diagnostics();
        try {
            return compile(e, env, null);
        } catch (Unchecked ex) {
            return CExpr.ERROR; // e.g. a local that is not declared yet where the decision is made
        } finally {
            diags = saved;
        }
    }

    /** Compiles a condition. */
    IntExpr bool(Expr e, Env env) {
        CExpr c = compile(e, env, null);
        if (c.failed()) {
            return Eval.constant(1);
        }
        if (!(c.type() instanceof Type.Bool)) {
            throw unchecked(e.pos(), "a condition that is not bool");
        }
        return c.scalar();
    }

    /** Converts a compiled value to type {@code to}, or reports a mismatch. */
    CExpr coerce(CExpr c, Type to, Pos pos) {
        if (c.failed() || to == null) {
            return c;
        }
        Type from = c.type();
        if (to instanceof Type.Optional o && !(from instanceof Type.Optional)) {
            if (from instanceof Type.None) {
                return CExpr.value(to, consts(LayoutBuilder.mins(to)));
            }
            CExpr inner = coerce(c, o.inner(), pos);
            if (inner.failed()) {
                return inner;
            }
            IntExpr[] leaves = new IntExpr[to.leaves()];
            leaves[0] = Eval.constant(1);
            System.arraycopy(inner.leaves(), 0, leaves, 1, inner.leaves().length);
            return CExpr.value(to, leaves);
        }
        if (to instanceof Type.Int ti && from instanceof Type.Int) {
            Integer k = c.constant();
            if (k != null && ti.bounded() && (k < ti.lo() || k > ti.hi())) {
                diags.error(pos, "value " + k + " is out of range " + ti.show());
                return CExpr.ERROR;
            }
            return new CExpr(to, c.leaves(), c.place(), c.writeChecks());
        }
        if (to.equals(from)) {
            return c;
        }
        if (to instanceof Type.Array && from instanceof Type.Array && Types.assignable(to, from)) {
            return new CExpr(to, c.leaves(), c.place(), c.writeChecks());
        }
        diags.error(pos, "type mismatch: expected " + to.show() + ", found " + from.show());
        return CExpr.ERROR;
    }

    private static IntExpr[] consts(int[] values) {
        IntExpr[] out = new IntExpr[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Eval.constant(values[i]);
        }
        return out;
    }

    private CExpr raw(Expr e, Env env, Type expected) {
        if (e instanceof Expr.IntLit i) {
            return CExpr.value(Type.Int.ANY, Eval.constant(i.value()));
        }
        if (e instanceof Expr.BoolLit b) {
            return CExpr.value(new Type.Bool(), Eval.constant(b.value() ? 1 : 0));
        }
        if (e instanceof Expr.NoneLit) {
            if (expected instanceof Type.Optional) {
                return CExpr.value(expected, consts(LayoutBuilder.mins(expected)));
            }
            return CExpr.value(new Type.None());
        }
        if (e instanceof Expr.Name n) {
            return name(n, env, expected);
        }
        if (e instanceof Expr.Field f) {
            return field(f, env);
        }
        if (e instanceof Expr.Index ix) {
            return index(ix, env);
        }
        if (e instanceof Expr.With w) {
            return with(w, env, expected);
        }
        if (e instanceof Expr.RecordLit r) {
            return recordLit(r, env, expected);
        }
        if (e instanceof Expr.ArrayLit a) {
            return arrayLit(a, env, expected);
        }
        if (e instanceof Expr.Unary u) {
            CExpr a = compile(u.operand(), env, null);
            if (a.failed()) {
                return a;
            }
            if (u.op().equals("-") && a.type() instanceof Type.Int) {
                IntExpr x = a.scalar();
                return CExpr.value(Type.Int.ANY, x.constant() != null ? Eval.constant(-x.constant()) : new Eval.Neg(x));
            }
            if (u.op().equals("not") && a.type() instanceof Type.Bool) {
                return CExpr.value(a.type(), Eval.not(a.scalar()));
            }
            throw unchecked(u.pos(), "'" + u.op() + "' on " + a.type().show());
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, env);
        }
        if (e instanceof Expr.Cond c) {
            return conditional(c, env, expected);
        }
        if (e instanceof Expr.Quant q) {
            Type dom = symbols.resolve(q.domain());
            if (dom == null) {
                return CExpr.ERROR;
            }
            if (!Types.finite(dom)) {
                throw unchecked(q.domain().pos(), "an infinite quantifier domain");
            }
            IntExpr acc = Eval.constant(q.forall() ? 1 : 0);
            for (int k = 0; k < Types.size(dom); k++) {
                Env inner = env.child().bind(q.var(), new Env.Value(new ConstValue(dom, Types.value(dom, k))));
                IntExpr body = bool(q.body(), inner);
                acc = q.forall() ? Eval.and(acc, body) : Eval.or(acc, body);
            }
            return CExpr.value(new Type.Bool(), acc);
        }
        if (e instanceof Expr.Call c) {
            return call(c, env, expected);
        }
        if (e instanceof Expr.AtLabel a) {
            return atLabel(a, env);
        }
        if (e instanceof Expr.Passed a) {
            return passed(a, env);
        }
        throw new IllegalStateException("unhandled expression " + e);
    }

    private CExpr name(Expr.Name n, Env env, Type expected) {
        Env.Binding b = env.lookup(n.name());
        if (b instanceof Env.Value v) {
            return CExpr.value(v.value().type(), Eval.constant(v.value().value()));
        }
        if (b instanceof Env.Local l) {
            return read(l.place(), l.type(), List.of());
        }
        if (b instanceof Env.Alias a) {
            CExpr c = compile(a.expr(), a.env(), a.type());
            return c;
        }
        if (b instanceof Env.Poisoned) {
            return CExpr.ERROR;
        }
        Type.Enum en = symbols.enumOfMember(n.name());
        if (en != null) {
            return CExpr.value(en, Eval.constant(en.members().indexOf(n.name())));
        }
        Env.Local g = globals.get(n.name());
        if (g != null) {
            if (!readGhosts && symbols.decl(n.name()) instanceof Decl.Var v && v.ghost()) {
                diags.error(n.pos(), "ghost variable '" + n.name() + "' is read by the protocol",
                        "ghost state is written by the protocol and read only by properties, assertions and "
                                + "values assigned to ghosts; it must not change what the protocol does");
            }
            return read(g.place(), g.type(), List.of());
        }
        Decl d = symbols.decl(n.name());
        if (d instanceof Decl.Const) {
            ConstValue v = symbols.constValue(n.name());
            return v == null ? CExpr.ERROR : CExpr.value(v.type(), Eval.constant(v.value()));
        }
        throw unchecked(n.pos(), d == null ? "unknown name '" + n.name() + "'" : "'" + n.name() + "' as a value");
    }

    /**
     * An error the check passes ({@code lang.check}) report before anything is lowered: lowering
     * one is a bug in a pass, not in the spec.
     */
    static Unchecked unchecked(Pos pos, String what) {
        return new Unchecked(pos + ": " + what + " got past the check passes");
    }

    /** See {@link #unchecked}. */
    static final class Unchecked extends IllegalStateException {
        Unchecked(String message) {
            super(message);
        }
    }

    /** Reads a stored value leaf by leaf. */
    static CExpr read(Place p, Type t, List<CExpr.WriteCheck> checks) {
        IntExpr[] leaves = new IntExpr[t.leaves()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = p.isStatic() ? new Eval.Read(p.base + i) : new Eval.DynRead(p, i);
        }
        return new CExpr(t, leaves, p, checks);
    }

    private CExpr field(Expr.Field f, Env env) {
        CExpr local = processLocal(f, env);
        if (local != null) {
            return local;
        }
        CExpr target = compile(f.target(), env, null);
        if (target.failed()) {
            return target;
        }
        Type t = target.type();
        boolean optional = false;
        if (t instanceof Type.Optional o) {
            optional = true;
            t = o.inner();
        }
        Type.Field fd = t instanceof Type.Record r ? r.field(f.field()) : null;
        if (fd == null) {
            throw unchecked(f.pos(), "field '" + f.field() + "' of " + target.type().show());
        }
        int skip = optional ? 1 : 0;
        IntExpr[] leaves = Arrays.copyOfRange(target.leaves(), skip + fd.offset(), skip + fd.offset() + fd.type().leaves());
        List<CExpr.WriteCheck> checks = target.writeChecks();
        if (optional) {
            IntExpr present = target.leaves()[0];
            String what = describe(f.target());
            SourceRef where = ref(f.pos());
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = new Eval.Guarded(present, leaves[i], Violation.NONE_DEREFERENCE.id(), what + " is none", where);
            }
            checks = new ArrayList<>(checks);
            checks.add(new CExpr.WriteCheck(present, Violation.NONE_DEREFERENCE.id(), describe(f.target()) + " is none"));
        }
        Place place = target.place() == null ? null
                : target.place().offset(skip + fd.offset(), fd.type().leaves(), target.place().name + "." + f.field());
        return new CExpr(fd.type(), leaves, place, checks);
    }

    /** How a diagnostic names an expression (see {@link Expr#describe}). */
    static String describe(Expr e) {
        return Expr.describe(e);
    }

    private CExpr index(Expr.Index ix, Env env) {
        CExpr target = compile(ix.target(), env, null);
        if (target.failed()) {
            return target;
        }
        if (!(target.type() instanceof Type.Array a)) {
            diags.error(ix.pos(), describe(ix.target()) + " is " + target.type().show() + ", not an array");
            return CExpr.ERROR;
        }
        if (target.place() == null) {
            diags.error(ix.pos(), "only variables can be indexed");
            return CExpr.ERROR;
        }
        CExpr idx = compile(ix.index(), env, null);
        if (idx.failed()) {
            return idx;
        }
        boolean ok = a.index() instanceof Type.Int ? idx.type() instanceof Type.Int : a.index().equals(idx.type());
        if (!ok) {
            diags.error(ix.index().pos(), "type mismatch: index of " + describe(ix.target()) + " is " + a.index().show()
                    + ", found " + idx.type().show());
            return CExpr.ERROR;
        }
        int lo = Types.min(a.index());
        int count = Types.size(a.index());
        Integer k = idx.constant();
        if (k != null && (k < lo || k >= lo + count)) {
            diags.error(ix.index().pos(), "index " + k + " is out of range " + a.index().show() + " of "
                    + describe(ix.target()));
            return CExpr.ERROR;
        }
        String name = target.place().name + "[" + (k != null ? Types.format(a.index(), k) : describe(ix.index())) + "]";
        Place p = target.place().index(idx.scalar(), lo, count, a.elem().leaves(), ref(ix.index().pos()), name);
        Place freed = freedFlag(ix, env, idx.scalar(), lo, count);
        List<CExpr.WriteCheck> checks = new ArrayList<>(target.writeChecks());
        if (freed != null) {
            IntExpr flag = freed.isStatic() ? new Eval.Read(freed.base) : new Eval.DynRead(freed, 0);
            checks.add(new CExpr.WriteCheck(Eval.not(flag), Violation.USE_AFTER_FREE.id(),
                    name + " is used after it was freed"));
        }
        CExpr element = read(p, a.elem(), checks);
        // The element is read from its place, so the checks on the way there apply again.
        IntExpr[] leaves = element.leaves();
        for (CExpr.WriteCheck c : checks) {
            if (!checkFreed && c.property().equals(Violation.USE_AFTER_FREE.id())) {
                continue; // properties may look at freed pages
            }
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = new Eval.Guarded(c.ok(), leaves[i], c.property(), c.message(), ref(ix.pos()));
            }
        }
        return element;
    }

    private CExpr with(Expr.With w, Env env, Type expected) {
        CExpr target = compile(w.target(), env, expected instanceof Type.Optional o ? o.inner() : expected);
        if (target.failed()) {
            return target;
        }
        if (!(target.type() instanceof Type.Record r)) {
            throw unchecked(w.pos(), "'with' on " + target.type().show());
        }
        IntExpr[] leaves = target.leaves().clone();
        return fields(r, leaves, w.inits(), env) ? CExpr.value(r, leaves) : CExpr.ERROR;
    }

    private CExpr recordLit(Expr.RecordLit lit, Env env, Type expected) {
        Type t = expected instanceof Type.Optional o ? o.inner() : expected;
        if (!(t instanceof Type.Record r)) {
            diags.error(lit.pos(), expected == null ? "cannot tell the record type of this literal"
                            : "type mismatch: expected " + expected.show() + ", found a record literal",
                    expected == null ? "use it where a record is expected, e.g. 'var x: pte = { ... }'" : null);
            return CExpr.ERROR;
        }
        IntExpr[] leaves = consts(LayoutBuilder.mins(r));
        return fields(r, leaves, lit.inits(), env) ? CExpr.value(r, leaves) : CExpr.ERROR;
    }

    /** {@code [a, b, ...]}: the check passes saw an array expected; its size is this configuration's. */
    private CExpr arrayLit(Expr.ArrayLit lit, Env env, Type expected) {
        Type.Array a = (Type.Array) expected;
        int n = Types.size(a.index());
        if (lit.elements().size() != n) {
            diags.error(lit.pos(), "array literal has " + lit.elements().size() + " element"
                    + (lit.elements().size() == 1 ? "" : "s") + ", but " + a.show() + " has " + n);
            return CExpr.ERROR;
        }
        int w = a.elem().leaves();
        IntExpr[] leaves = new IntExpr[n * w];
        for (int k = 0; k < n; k++) {
            CExpr v = compile(lit.elements().get(k), env, a.elem());
            if (v.failed()) {
                return v;
            }
            System.arraycopy(v.leaves(), 0, leaves, k * w, w);
        }
        return CExpr.value(a, leaves);
    }

    private boolean fields(Type.Record r, IntExpr[] leaves, List<Expr.FieldInit> inits, Env env) {
        boolean ok = true;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Expr.FieldInit fi : inits) {
            Type.Field fd = r.field(fi.name());
            if (fd == null || !seen.add(fi.name())) {
                throw unchecked(fi.pos(), "field '" + fi.name() + "' of a literal of " + r.name());
            }
            CExpr v = compile(fi.value(), env, fd.type());
            if (v.failed()) {
                ok = false;
                continue;
            }
            System.arraycopy(v.leaves(), 0, leaves, fd.offset(), fd.type().leaves());
        }
        return ok;
    }

    /**
     * {@code if c then a else b}, leaf by leaf; a constant condition keeps only its branch. Each
     * branch is converted to the other's type (or the expected one), as the check passes typed it.
     */
    private CExpr conditional(Expr.Cond c, Env env, Type expected) {
        IntExpr cond = bool(c.cond(), env);
        if (cond.constant() != null) {
            return compile(cond.constant() != 0 ? c.then() : c.otherwise(), env, expected);
        }
        boolean swap = expected == null && untyped(c.then()) && !untyped(c.otherwise());
        Expr first = swap ? c.otherwise() : c.then();
        Expr second = swap ? c.then() : c.otherwise();
        CExpr a = compile(first, env, expected);
        if (a.failed()) {
            return a;
        }
        Type t = expected != null ? expected : a.type();
        if (second instanceof Expr.NoneLit && !(t instanceof Type.Optional)) {
            t = new Type.Optional(t); // a value or none
            a = coerce(a, t, first.pos());
        }
        CExpr b = compile(second, env, expected != null ? expected : t instanceof Type.Int ? null : t);
        if (b.failed()) {
            return b;
        }
        if (t instanceof Type.Int) {
            t = expected != null ? expected : Type.Int.ANY;
        } else if (!(t instanceof Type.Optional) && b.type() instanceof Type.Optional) {
            t = b.type(); // a plain value and an optional: both as the optional
            a = coerce(a, t, first.pos());
        }
        if (a.failed() || a.leaves().length != b.leaves().length) {
            throw unchecked(c.pos(), "branches of different types");
        }
        IntExpr[] yes = swap ? b.leaves() : a.leaves();
        IntExpr[] no = swap ? a.leaves() : b.leaves();
        IntExpr[] leaves = new IntExpr[yes.length];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Eval.cond(cond, yes[i], no[i]);
        }
        return CExpr.value(t, leaves);
    }

    private static boolean untyped(Expr e) {
        return e instanceof Expr.NoneLit || e instanceof Expr.RecordLit || e instanceof Expr.ArrayLit;
    }

    private CExpr binary(Expr.Binary b, Env env) {
        String op = b.op();
        SourceRef where = ref(b.pos());
        switch (op) {
            case "and", "or", "implies" -> {
                IntExpr l = bool(b.left(), env);
                IntExpr r = bool(b.right(), env);
                IntExpr v = switch (op) {
                    case "and" -> Eval.and(l, r);
                    case "or" -> Eval.or(l, r);
                    default -> Eval.or(Eval.not(l), r);
                };
                return CExpr.value(new Type.Bool(), v);
            }
            case "==", "!=" -> {
                CExpr l;
                CExpr r;
                if (b.left() instanceof Expr.RecordLit || b.left() instanceof Expr.NoneLit || b.left() instanceof Expr.ArrayLit) {
                    // the literal takes its type from the other side
                    r = compile(b.right(), env, null);
                    l = r.failed() ? CExpr.ERROR : compile(b.left(), env, r.type());
                } else {
                    l = compile(b.left(), env, null);
                    r = l.failed() ? CExpr.ERROR : compile(b.right(), env, l.type());
                    if (!l.failed() && !r.failed() && l.type() instanceof Type.Int) {
                        // ranges of different bounds compare as integers
                        r = new CExpr(l.type(), r.leaves(), r.place(), r.writeChecks());
                    }
                }
                if (l.failed() || r.failed()) {
                    return CExpr.ERROR;
                }
                IntExpr eq = Eval.constant(1);
                if (b.left() instanceof Expr.NoneLit || b.right() instanceof Expr.NoneLit) {
                    // An absent optional has every leaf at its minimum, so its present flag
                    // decides; a one-leaf test also tells FailureAnalysis that a following
                    // field read of the optional is safe (x != none and x.write).
                    IntExpr flag = (b.left() instanceof Expr.NoneLit ? r : l).leaves()[0];
                    eq = Eval.binary(Operator.EQ, flag, Eval.constant(0), where);
                    return CExpr.value(new Type.Bool(), op.equals("==") ? eq : Eval.not(eq));
                }
                for (int i = 0; i < l.leaves().length; i++) {
                    eq = Eval.and(eq, Eval.binary(Operator.EQ, l.leaves()[i], r.leaves()[i], where));
                }
                return CExpr.value(new Type.Bool(), op.equals("==") ? eq : Eval.not(eq));
            }
            default -> {
                CExpr l = compile(b.left(), env, null);
                CExpr r = compile(b.right(), env, null);
                if (l.failed() || r.failed()) {
                    return CExpr.ERROR;
                }
                if (!(l.type() instanceof Type.Int) || !(r.type() instanceof Type.Int)) {
                    diags.error(b.pos(), "type mismatch: '" + op + "' needs integers, found " + l.type().show() + " and "
                            + r.type().show());
                    return CExpr.ERROR;
                }
                Operator o = Operator.of(op);
                boolean cmp = o.boolResult();
                return CExpr.value(cmp ? new Type.Bool() : Type.Int.ANY, Eval.binary(o, l.scalar(), r.scalar(), where));
            }
        }
    }

    private CExpr call(Expr.Call c, Env env, Type expected) {
        Decl d = symbols.decl(c.name());
        if (d == null && c.name().equals("held")) {
            return held(c, env);
        }
        if (d == null && c.name().equals(IN_KERNEL)) {
            return inKernel(c, env);
        }
        if (d == null && c.name().equals("smp_processor_id")) {
            if (!c.args().isEmpty() || currentCpu < 0) {
                diags.error(c.pos(), c.args().isEmpty() ? "'smp_processor_id()' needs code bound to a CPU ('on cpu N')"
                        : "'smp_processor_id' takes no arguments");
                return CExpr.ERROR;
            }
            return CExpr.value(Type.Int.ANY, Eval.constant(currentCpu));
        }
        if (!(d instanceof Decl.Fn fn)) {
            throw unchecked(c.pos(), "a call of '" + c.name() + "' in an expression");
        }
        markInlined(fn.name());
        Env callee = bindArgs(c, fn.params(), env, false);
        if (callee == null) {
            return CExpr.ERROR;
        }
        Type result = symbols.resolve(fn.result());
        if (result == null) {
            return CExpr.ERROR;
        }
        if (++inlineDepth > 64) {
            inlineDepth--;
            diags.error(c.pos(), "function '" + c.name() + "' calls itself", "functions are inlined and cannot recurse");
            return CExpr.ERROR;
        }
        CExpr body = compile(fn.body(), callee, result);
        inlineDepth--;
        return body.failed() ? body : CExpr.value(result, body.leaves());
    }

    /**
     * Binds a call's arguments to the callee's parameters by name. Arguments must match the
     * parameter types; {@code ref} arguments must be storage; and a value argument must not read
     * shared state, because it is re-evaluated where the callee uses it (call by name), possibly
     * in a later step.
     */
    Env bindArgs(Expr.Call c, List<Decl.Param> params, Env env, boolean procedure) {
        if (c.args().size() != params.size()) {
            throw unchecked(c.pos(), "a call of '" + c.name() + "' with " + c.args().size() + " arguments");
        }
        Env callee = Env.root();
        boolean ok = true;
        for (int i = 0; i < params.size(); i++) {
            Decl.Param p = params.get(i);
            Expr arg = c.args().get(i);
            Type pt = symbols.resolve(p.type());
            if (pt == null) {
                ok = false;
                continue;
            }
            CExpr a = compile(arg, env, pt);
            if (a.failed()) {
                ok = false;
                continue;
            }
            if (p.ref() && a.place() == null) {
                diags.error(arg.pos(), "argument for 'ref " + p.name() + "' must be a variable or an element of one");
                ok = false;
                continue;
            }
            if (procedure && !p.ref()) {
                String shared = sharedRead(a);
                if (shared != null) {
                    diags.error(arg.pos(), "value argument for '" + p.name() + "' reads shared state (" + shared + ")",
                            "read it into a local first ('var v = ...'), or make the parameter 'ref'");
                    ok = false;
                    continue;
                }
            }
            if (callee.definesHere(p.name())) {
                diags.error(p.pos(), "duplicate parameter '" + p.name() + "'");
                ok = false;
            }
            callee.bind(p.name(), new Env.Alias(arg, env, pt, p.ref()));
        }
        return ok ? callee : null;
    }

    private LayoutBuilder layout;

    void setLayout(LayoutBuilder layout) {
        this.layout = layout;
    }

    private String sharedRead(CExpr a) {
        BitSet reads = new BitSet();
        for (IntExpr e : a.leaves()) {
            e.reads(reads);
        }
        for (int s = reads.nextSetBit(0); s >= 0; s = reads.nextSetBit(s + 1)) {
            if (layout.isShared(s)) {
                return layout.build().slot(s).name();
            }
        }
        return null;
    }

    /** Builtin {@code held(L)}: L has a writer (an owner), or for an rwsem readers. */
    private CExpr held(Expr.Call c, Env env) {
        CExpr l = compile(c.args().get(0), env, null);
        if (l.failed()) {
            return l;
        }
        if (!(l.type() instanceof Type.Lock)) {
            throw unchecked(c.pos(), "held() of " + l.type().show());
        }
        IntExpr any = Eval.constant(0);
        for (IntExpr leaf : l.leaves()) { // the owner, and for an rwsem the set of readers
            any = Eval.or(any, Eval.binary(Operator.NE, leaf, Eval.constant(0), ref(c.pos())));
        }
        return CExpr.value(new Type.Bool(), any);
    }

    /** Builtin {@code in_kernel(c)}: some kernel process bound to CPU c has not finished. */
    static final String IN_KERNEL = "in_kernel";

    private List<int[]> kernelCpus = List.of();
    private int currentCpu = -1;

    /** The CPU of the code being compiled, for {@code smp_processor_id()}; -1 outside CPU-bound code. */
    void setCurrentCpu(int cpu) {
        this.currentCpu = cpu;
    }

    /** Each kernel process instance as {pcSlot, cpu, endPc}; set before agents are lowered. */
    void setKernelCpus(List<int[]> cpus) {
        this.kernelCpus = cpus;
    }

    private CExpr inKernel(Expr.Call c, Env env) {
        if (c.args().size() != 1) {
            diags.error(c.pos(), "'in_kernel' takes 1 argument (a CPU), found " + c.args().size());
            return CExpr.ERROR;
        }
        CExpr cpu = compile(c.args().get(0), env, null);
        if (cpu.failed()) {
            return cpu;
        }
        if (!(cpu.type() instanceof Type.Int)) {
            diags.error(c.args().get(0).pos(), "type mismatch: 'in_kernel' needs a CPU number, found " + cpu.type().show());
            return CExpr.ERROR;
        }
        IntExpr any = Eval.constant(0);
        for (int[] k : kernelCpus) {
            IntExpr onCpu = Eval.binary(Operator.EQ, cpu.scalar(), Eval.constant(k[1]), ref(c.pos()));
            IntExpr running = Eval.binary(Operator.NE, new Eval.Read(k[0]), Eval.constant(k[2]), ref(c.pos()));
            any = Eval.or(any, Eval.and(onCpu, running));
        }
        return CExpr.value(new Type.Bool(), any);
    }

    private CExpr atLabel(Expr.AtLabel a, Env env) {
        ProcessInfo p = instance(a.process(), a.index(), a.pos(), "@" + a.label(), env);
        if (p == null) {
            return CExpr.ERROR;
        }
        p.labelHolder(a.label(), a.pos());
        return CExpr.value(new Type.Bool(), new Eval.AtPc(p.pcSlot(), p.extraPcs(), a.label()));
    }

    /** The instance that {@code P} or {@code P[i]} names; null after an error. */
    private ProcessInfo instance(String process, Expr index, Pos pos, String rest, Env env) {
        List<ProcessInfo> list = processes.get(process);
        if (list == null) {
            throw unchecked(pos, "unknown kernel process '" + process + "'");
        }
        if (index == null) {
            if (list.size() != 1) {
                diags.error(pos, "'" + process + "' has " + list.size() + " instances", "write " + process + "[i]" + rest);
                return null;
            }
            return list.get(0);
        }
        CExpr i = compile(index, env, null);
        if (i.failed()) {
            return null;
        }
        Integer k = i.constant();
        if (k == null) {
            diags.error(index.pos(), "process index must be a constant");
            return null;
        }
        ProcessInfo p = list.stream().filter(x -> x.index() == k).findFirst().orElse(null);
        if (p == null) {
            diags.error(index.pos(), "no instance " + k + " of '" + process + "'");
        }
        return p;
    }

    /**
     * {@code after P@L}: a flag of P's, set by every step that leaves a pc of L (the compiler
     * adds that to those steps once the process is lowered, {@link #passedFlags}).
     */
    private CExpr passed(Expr.Passed a, Env env) {
        ProcessInfo p = instance(a.process(), a.index(), a.pos(), "@" + a.label(), env);
        if (p == null) {
            return CExpr.ERROR;
        }
        p.labelHolder(a.label(), a.pos()); // so that a missing label is reported
        Integer slot = p.passed().get(a.label());
        if (slot == null) {
            String name = a.process() + (a.index() == null ? "" : "[" + p.index() + "]") + ".passed_" + a.label();
            slot = layout.alloc(name, new Type.Bool(), false);
            layout.variables(name, slot, new Type.Bool(), null);
            p.passed().put(a.label(), slot);
        }
        return CExpr.value(new Type.Bool(), new Eval.Read(slot));
    }

    /** {@code P.x} in a property: the local x of kernel process P; null when e is not that. */
    private CExpr processLocal(Expr.Field f, Env env) {
        Expr root = f.target() instanceof Expr.Index ix ? ix.target() : f.target();
        if (!(root instanceof Expr.Name n) || env.lookup(n.name()) != null || !processes.containsKey(n.name())) {
            return null;
        }
        ProcessInfo p = instance(n.name(), f.target() instanceof Expr.Index ix ? ix.index() : null, f.pos(),
                "." + f.field(), env);
        if (p == null) {
            return CExpr.ERROR;
        }
        Env.Local l = p.locals().get(f.field());
        if (l == null) {
            throw unchecked(f.pos(), "the local '" + f.field() + "' of '" + n.name() + "'");
        }
        p.observed().add(f.field()); // never dead (DeadVariables)
        return read(l.place(), l.type(), List.of());
    }

    /** A kernel process instance, as {@code proc@label} sees it. */
    record ProcessInfo(String name, int index, int pcSlot, Map<String, int[]> holders, Map<String, Pos> uses,
                       Map<String, int[]> extraPcs, Map<String, Env.Local> locals, Map<String, Integer> passed,
                       java.util.Set<String> observed) {
        ProcessInfo(String name, int index, int pcSlot) {
            this(name, index, pcSlot, new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                    new java.util.LinkedHashMap<>(), new java.util.HashSet<>());
        }

        int[] labelHolder(String label, Pos pos) {
            uses.putIfAbsent(label, pos);
            return holders.computeIfAbsent(label, l -> new int[] {-1});
        }
    }
}
