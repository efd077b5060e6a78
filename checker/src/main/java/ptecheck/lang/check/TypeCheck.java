package ptecheck.lang.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.diag.Diagnostics;

/**
 * Names and types of every declaration, expression and statement, in every branch whatever the
 * constants: {@code if IMPL == b { x = true }} is an error in every configuration. Types are
 * compared by shape (bool, integer, enum, record, optional, array over an index kind, lock), which
 * does not depend on constant values; whether a value fits a range, or two arrays have the same
 * size, depends on a configuration and is checked when it is lowered.
 *
 * <p>Calls of kernel primitives ({@code trylock}, {@code call_rcu}...) are checked when they are
 * lowered; their arguments are not all values (a lock, a procedure, an interrupt handler).
 */
final class TypeCheck implements CheckPass {
    /** A kernel primitive called as a statement (declared in the prelude; not a builtin function). */
    private static boolean isPrimitive(String name) {
        Prelude.Primitive p = Prelude.standard().get(name);
        return p != null && !p.function();
    }

    private Symbols symbols;
    private Diagnostics diags;
    private final Map<String, Type> globalTypes = new HashMap<>();
    /** The type of each local declared, for properties that read a kernel process's locals. */
    private final Map<Stmt.LocalVar, Type> localTypes = new java.util.IdentityHashMap<>();
    private boolean inProperty;

    @Override
    public String name() {
        return "types";
    }

    /** What a name in a body stands for. */
    private enum Kind { LOCAL, REF_PARAM, VALUE_PARAM, CONSTANT }

    private record Binding(Kind kind, Type type) {}

    /** A block's names; lookups go outwards. */
    private static final class Scope {
        final Scope parent;
        final Map<String, Binding> names = new HashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Binding lookup(String n) {
            for (Scope s = this; s != null; s = s.parent) {
                Binding b = s.names.get(n);
                if (b != null) {
                    return b;
                }
            }
            return null;
        }

        Scope child() {
            return new Scope(this);
        }

        Scope bind(String n, Kind k, Type t) {
            names.put(n, new Binding(k, t));
            return this;
        }
    }

    /** Where a statement is: in a procedure (with its result type, null for none) or not. */
    private record Context(boolean inProc, Type result, boolean kernel) {}

    @Override
    public void check(Program program, Diagnostics diags) {
        this.symbols = program.symbols();
        this.diags = diags;
        // Properties last: they may read the locals of kernel processes, typed by then. Liveness
        // conditions may too: the liveness search runs on the full graph, whose states hold the
        // locals, and a local a property reads is never reset by dead-variable reduction.
        for (Decl d : symbols.decls()) {
            if (!isProperty(d)) {
                declaration(d);
            }
        }
        inProperty = true;
        for (Decl d : symbols.decls()) {
            if (isProperty(d)) {
                declaration(d);
            }
        }
        inProperty = false;
        for (Decl d : program.spec().decls()) {
            if (d instanceof Decl.Expect e && e.when() != null) {
                condition(e.when(), new Scope(null));
            }
        }
        for (SourceUnit u : program.units()) {
            for (Decl d : u.decls()) {
                if (d instanceof Decl.Fair f) {
                    f.targets().forEach(this::fairTarget);
                }
            }
        }
    }

    /** A fairness target names a kernel process, an interrupt handler or an agent, or a rule of an agent. */
    private void fairTarget(Decl.FairTarget t) {
        Decl d = symbols.decl(t.name());
        if (!(d instanceof Decl.Kernel || d instanceof Decl.Interrupt || d instanceof Decl.Agent)) {
            String close = symbols.closest(t.name());
            diags.error(t.pos(), d == null ? "no kernel process, interrupt handler or agent named '" + t.name() + "'"
                            : "'" + t.name() + "' is a " + kind(d) + ", not a kernel process, interrupt handler or agent",
                    close != null && d == null ? "did you mean '" + close + "'?"
                            : "fairness is declared for who moves: 'fair flusher', 'fair mmu', 'fair mmu.evict'");
            return;
        }
        if (t.rule() == null) {
            return;
        }
        if (!(d instanceof Decl.Agent a)) {
            diags.error(t.rulePos(), "'" + t.name() + "' is a " + kind(d) + ": only agents have rules",
                    "write 'fair " + t.name() + "' for the whole process");
            return;
        }
        if (a.rules().stream().noneMatch(r -> r.name().equals(t.rule()))) {
            diags.error(t.rulePos(), "agent '" + a.name() + "' has no rule '" + t.rule() + "'",
                    "its rules: " + String.join(", ", a.rules().stream().map(Decl.Rule::name).toList()));
        }
    }

    private void declaration(Decl d) {
        if (d instanceof Decl.Var v) {
            Type t = global(v.name());
            if (t != null && v.init() != null) {
                Type elem = t;
                if (!(v.init() instanceof Expr.ArrayLit)) {
                    while (elem instanceof Type.Array a) { // one value for every element
                        elem = a.elem();
                    }
                }
                expect(v.init(), new Scope(null), elem);
            }
        } else if (d instanceof Decl.Lock) {
            global(d.name());
        } else if (d instanceof Decl.Fn f) {
            Scope s = params(f.params(), false);
            Type result = symbols.resolve(f.result());
            if (s != null && result != null) {
                expect(f.body(), s, result);
            }
        } else if (d instanceof Decl.Proc p) {
            Scope s = params(p.params(), false);
            Type result = p.result() == null ? null : symbols.resolve(p.result());
            if (s != null && (p.result() == null || result != null)) {
                block(p.body(), s, new Context(true, result, true));
            }
        } else if (d instanceof Decl.Kernel k) {
            process(k.params(), k.cpu(), k.body());
        } else if (d instanceof Decl.Interrupt i) {
            process(i.params(), i.cpu(), i.body());
        } else if (d instanceof Decl.Agent a) {
            Scope s = params(a.params(), true);
            if (s == null) {
                return;
            }
            cpu(a.cpu(), s);
            for (Decl.Rule r : a.rules()) {
                Scope rs = s.child();
                boolean ok = true;
                for (Decl.Binder b : r.binders()) {
                    Type t = finiteDomain(b.domain(), "rule parameter '" + b.name() + "'");
                    if (t == null) {
                        ok = false;
                        continue;
                    }
                    rs.bind(b.name(), Kind.CONSTANT, t);
                }
                if (!ok) {
                    continue;
                }
                if (r.guard() != null) {
                    condition(r.guard(), rs);
                }
                block(r.body(), rs, new Context(false, null, false));
            }
        } else if (d instanceof Decl.Invariant i) {
            condition(i.cond(), new Scope(null));
        } else if (d instanceof Decl.AtEnd a) {
            condition(a.cond(), new Scope(null));
        } else if (d instanceof Decl.Memory m) {
            if (!m.model().equals("sc") && !m.model().equals("tso") && !m.model().equals("arm64")) {
                diags.error(m.modelPos(), "unknown memory model '" + m.model() + "'",
                        "one of: sc (sequential consistency, the default), tso (x86-TSO), arm64 (ARMv8)");
            }
            if (m.bound() != null) {
                Type t = type(m.bound(), new Scope(null), null);
                if (t != null && !(t instanceof Type.Int)) {
                    mismatch(m.bound().pos(), Type.Int.ANY, t);
                }
            }
        } else if (d instanceof Decl.Liveness l) {
            condition(l.cond(), new Scope(null));
            if (l.then() != null) {
                condition(l.then(), new Scope(null));
            }
        } else if (d instanceof Decl.MaxLocksHeld m) {
            Type t = type(m.bound(), new Scope(null), null);
            if (t != null && !(t instanceof Type.Int)) {
                mismatch(m.bound().pos(), Type.Int.ANY, t);
            }
        }
    }

    private void process(List<Decl.Param> params, Expr cpu, List<Stmt> body) {
        Scope s = params(params, true);
        if (s == null) {
            return;
        }
        cpu(cpu, s);
        block(body, s, new Context(false, null, true));
    }

    private void cpu(Expr cpu, Scope s) {
        if (cpu == null) {
            return;
        }
        Type t = type(cpu, s, null);
        if (t != null && !(t instanceof Type.Int)) {
            diags.error(cpu.pos(), "'on cpu' needs a constant CPU number", "found " + t.show());
        }
    }

    /** Binds parameters; instance parameters ({@code instances}) are constants of a finite type. */
    private Scope params(List<Decl.Param> params, boolean instances) {
        Scope s = new Scope(null);
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (Decl.Param p : params) {
            if (!seen.add(p.name())) {
                diags.error(p.pos(), "duplicate parameter '" + p.name() + "'");
            }
            if (instances && p.ref()) {
                diags.error(p.pos(), "instance parameters cannot be 'ref'");
                ok = false;
                continue;
            }
            Type t = instances ? finiteDomain(p.type(), "instance parameter '" + p.name() + "'") : symbols.resolve(p.type());
            if (t == null) {
                ok = false;
                continue;
            }
            s.bind(p.name(), instances ? Kind.CONSTANT : p.ref() ? Kind.REF_PARAM : Kind.VALUE_PARAM, t);
        }
        return ok ? s : null;
    }

    private Type finiteDomain(TypeExpr te, String what) {
        Type t = symbols.resolve(te);
        if (t != null && !Types.finite(t)) {
            diags.error(te.pos(), what + " needs a finite type, not " + t.show());
            return null;
        }
        return t;
    }

    /** The type of a global variable or lock (with its dimensions), or null after an error. */
    private Type global(String name) {
        if (globalTypes.containsKey(name)) {
            return globalTypes.get(name);
        }
        Decl d = symbols.decl(name);
        Type t = null;
        if (d instanceof Decl.Var v) {
            Type elem = symbols.resolve(v.type());
            t = symbols.withDims(v.dims(), elem);
            if (t != null && (!Symbols.storable(t) || elem instanceof Type.Lock)) {
                diags.error(v.type().pos(), "variable '" + v.name() + "' needs a finite type, not " + t.show(),
                        elem instanceof Type.Int ? "use a range like 0..3" : null);
                t = null;
            } else if (t != null && v.freeable() && !(t instanceof Type.Array)) {
                diags.error(v.pos(), "'freeable' needs an array: each element of its first dimension is a page");
            }
        } else if (d instanceof Decl.Lock l) {
            t = symbols.withDims(l.dims(), new Type.Lock(l.rw()));
        }
        globalTypes.put(name, t);
        return t;
    }

    // ------------------------------------------------------------------ statements

    private void block(List<Stmt> body, Scope scope, Context ctx) {
        new Statements(scope.child(), ctx).walk(body);
    }

    /** Checks the statements of one block in its scope; each sub-block gets a scope of its own. */
    private final class Statements extends Stmt.Walker {
        private final Scope s;
        private final Context ctx;

        Statements(Scope s, Context ctx) {
            this.s = s;
            this.ctx = ctx;
        }

        void walk(List<Stmt> body) {
            for (Stmt st : body) {
                statement(st);
            }
        }

        @Override
        public void block(List<Stmt> body) {
            TypeCheck.this.block(body, s, ctx);
        }

        @Override
        public void localVar(Stmt.LocalVar v) {
            TypeCheck.this.localVar(v, s, ctx);
        }

        @Override
        public void assign(Stmt.Assign a) {
            Type target = target(a.target(), s);
            if (target != null) {
                value(a.value(), s, target, ctx);
            }
        }

        @Override
        public void exprStmt(Stmt.ExprStmt e) {
            if (e.expr() instanceof Expr.Call c) {
                Decl d = symbols.decl(c.name());
                if (isPrimitive(c.name())) {
                    primitive(c, s, null, ctx);
                    return;
                }
                if (d instanceof Decl.Proc p) {
                    args(c, p.params(), s);
                } else {
                    diags.error(c.pos(), d instanceof Decl.Fn ? "the result of function '" + c.name() + "' is unused"
                            : d == null ? "unknown procedure '" + c.name() + "'" : "'" + c.name() + "' is not a procedure");
                }
            } else {
                diags.error(e.pos(), "this expression is not a statement",
                        "assign it ('x = ...'), or use it in 'await' or 'assert'");
            }
        }

        @Override
        public void ifStmt(Stmt.If i) {
            condition(i.cond(), s);
            super.ifStmt(i);
        }

        @Override
        public void forStmt(Stmt.For f) {
            Type t = forDomain(f.domain(), s);
            if (t != null) {
                TypeCheck.this.block(f.body(), s.child().bind(f.var(), Kind.CONSTANT, t), ctx);
            }
        }

        @Override
        public void whileStmt(Stmt.While w) {
            condition(w.cond(), s);
            super.whileStmt(w);
        }

        @Override
        public void await(Stmt.Await a) {
            condition(a.cond(), s);
        }

        @Override
        public void lock(Stmt.Lock l) {
            TypeCheck.this.lock(l.lock(), s);
        }

        @Override
        public void unlock(Stmt.Unlock u) {
            TypeCheck.this.lock(u.lock(), s);
        }

        @Override
        public void assertStmt(Stmt.Assert a) {
            condition(a.cond(), s);
        }

        @Override
        public void returnStmt(Stmt.Return r) {
            if (!ctx.inProc()) {
                diags.error(r.pos(), "'return' outside a procedure");
            } else if (r.value() != null && ctx.result() == null) {
                diags.error(r.pos(), "this procedure returns no value", "write 'return' alone");
            } else if (r.value() == null && ctx.result() != null) {
                diags.error(r.pos(), "'return' needs a value: the procedure returns " + ctx.result().show());
            } else if (r.value() != null) {
                expect(r.value(), s, ctx.result());
            }
        }
    }

    private void localVar(Stmt.LocalVar v, Scope s, Context ctx) {
        Type t = null;
        if (v.type() != null) {
            t = symbols.resolve(v.type());
            if (t != null && v.init() != null) {
                value(v.init(), s, t, ctx);
            }
        } else if (v.init() instanceof Expr.Call c && isPrimitive(c.name())) {
            t = valueResult(c, s); // READ_ONCE(x) and xchg(x, v) have the type of x
            t = t != null ? t : new Type.Bool(); // trylock() and local_irq_save() say yes or no
            primitive(c, s, t, ctx);
        } else if (v.init() instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc p) {
            args(c, p.params(), s);
            if (p.result() == null) {
                diags.error(c.pos(), "procedure '" + c.name() + "' returns no value");
            } else {
                t = symbols.resolve(p.result());
            }
        } else if (v.init() != null) {
            t = type(v.init(), s, null);
            if (t instanceof Type.None || t instanceof Type.RecordLiteral || t instanceof Type.Int i && !i.bounded()) {
                diags.error(v.pos(), "cannot tell the type of '" + v.name() + "' from its initial value",
                        "declare it: 'var " + v.name() + ": TYPE = ...'");
                t = null;
            }
        } else {
            diags.error(v.pos(), "'var " + v.name() + "' needs a type or an initial value");
        }
        if (t != null && (!Symbols.storable(t) || t instanceof Type.Lock)) {
            diags.error(v.pos(), "local '" + v.name() + "' needs a finite type, not " + t.show());
            t = null;
        }
        if (s.names.containsKey(v.name())) {
            diags.error(v.pos(), "duplicate declaration of '" + v.name() + "'");
        }
        // An erroneous local is still bound, with no type, so its uses are not "unknown name".
        s.bind(v.name(), Kind.LOCAL, t);
        localTypes.put(v, t);
    }

    /** The right-hand side of an assignment or initialisation: a value, a procedure's result or a primitive's. */
    private void value(Expr value, Scope s, Type target, Context ctx) {
        if (value instanceof Expr.Call c && isPrimitive(c.name())) {
            primitive(c, s, target, ctx);
            return;
        }
        if (value instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc p) {
            args(c, p.params(), s);
            if (p.result() == null) {
                diags.error(c.pos(), "procedure '" + p.name() + "' returns no value");
                return;
            }
            Type result = symbols.resolve(p.result());
            if (result != null && !compatible(target, result)) {
                diags.error(c.pos(), "type mismatch: expected " + target.show() + ", found " + result.show());
            }
            return;
        }
        expect(value, s, target);
    }

    /** A kernel primitive's call: its result's use, who calls it, and its arguments by kind. */
    private void primitive(Expr.Call c, Scope s, Type target, Context ctx) {
        Prelude.Primitive sig = Prelude.standard().get(c.name());
        if ((sig.result() != null) != (target != null)) {
            diags.error(c.pos(), sig.result() != null ? "the result of '" + c.name() + "' must be used: 'ok = " + c.name() + "(...)'"
                    : "'" + c.name() + "' returns no value");
            return;
        }
        Type memory = valueResult(c, s);
        if ("value".equals(sig.result()) && memory != null && target != null && !compatible(target, memory)) {
            diags.error(c.pos(), "type mismatch: '" + c.name() + "' returns " + memory.show() + ", but the target is "
                    + target.show());
            return;
        }
        if (target != null && !"value".equals(sig.result()) && !(target instanceof Type.Bool)) {
            diags.error(c.pos(), "type mismatch: '" + c.name() + "' returns bool, but the target is " + target.show());
            return;
        }
        if (!ctx.kernel() && !sig.inAgents()) {
            diags.error(c.pos(), "'" + c.name() + "' is kernel code: agents cannot use it");
            return;
        }
        boolean variadic = sig.variadic();
        int n = sig.params().size() - (variadic ? 1 : 0);
        if (variadic ? c.args().size() < n : c.args().size() != n) {
            diags.error(c.pos(), "'" + c.name() + "' takes " + (variadic ? "at least " : "") + n + " argument"
                    + (n == 1 ? "" : "s") + ", found " + c.args().size());
            return;
        }
        for (int i = 0; i < n; i++) {
            Expr arg = c.args().get(i);
            switch (sig.params().get(i).kind()) {
                case "spinlock", "rwsem" -> {
                    boolean rw = sig.params().get(i).kind().equals("rwsem");
                    Type t = type(arg, s, null);
                    if (t == null) {
                        continue;
                    }
                    if (!(t instanceof Type.Lock l)) {
                        diags.error(arg.pos(), describe(arg) + " is " + t.show() + ", not a lock");
                    } else if (rw && !l.rw()) {
                        diags.error(arg.pos(), describe(arg) + " is a spinlock, not an rwsem",
                                "take a spinlock with 'lock " + describe(arg) + "'");
                    } else if (!rw && l.rw()) {
                        diags.error(arg.pos(), c.name() + " takes a spinlock; " + describe(arg) + " is an rwsem");
                    }
                }
                case "bool" -> expect(arg, s, new Type.Bool());
                case "memory" -> {
                    Type t = type(arg, s, null);
                    if (t != null && !isSharedVariable(arg, s)) {
                        diags.error(arg.pos(), "'" + c.name() + "' takes a shared variable, an element or a field of one; "
                                + describe(arg) + " is not", "pass the variable itself: " + c.name() + "(x, ...)");
                    }
                }
                case "target" -> target(arg, s); // written, never read: storage this code may assign
                case "value" -> {
                    if (memory != null) {
                        expect(arg, s, memory);
                    }
                }
                case "const", "int" -> expect(arg, s, Type.Int.ANY);
                case "interrupt" -> {
                    if (!(arg instanceof Expr.Name h) || !(symbols.decl(h.name()) instanceof Decl.Interrupt)) {
                        diags.error(arg.pos(), "'" + c.name() + "' needs the name of an interrupt handler",
                                "declare one with 'interrupt NAME(c: CPU) on cpu c { ... }'");
                    }
                }
                case "proc" -> {
                    if (!(arg instanceof Expr.Name p) || !(symbols.decl(p.name()) instanceof Decl.Proc proc)) {
                        diags.error(c.pos(), "'" + c.name() + "' needs a procedure to call after the grace period: "
                                + c.name() + "(PROC, args...)");
                        continue;
                    }
                    args(new Expr.Call(c.pos(), p.name(), c.args().subList(i + 1, c.args().size())), proc.params(), s);
                    return; // the rest are the callback's arguments
                }
                default -> { // freeable: a page V[i] of a freeable variable
                    Expr root = arg instanceof Expr.Index ix ? ix.target() : null;
                    if (root == null) {
                        diags.error(arg.pos(), "'" + c.name() + "' takes a page of a freeable variable: V[i]",
                                "declare it 'freeable var V[PAGE]...'");
                    } else if (type(arg, s, null) != null && !(root instanceof Expr.Name v
                            && symbols.decl(v.name()) instanceof Decl.Var var && var.freeable())) {
                        diags.error(root.pos(), describe(root) + " is not freeable",
                                "declare it 'freeable var " + describe(root) + "[...]: ...'");
                    }
                }
            }
        }
    }

    /** The type of a primitive's memory argument, when its result is of that type ({@code -> value}); else null. */
    private Type valueResult(Expr.Call c, Scope s) {
        Prelude.Primitive sig = Prelude.standard().get(c.name());
        if (sig == null || sig.params().isEmpty() || !sig.params().get(0).kind().equals("memory") || c.args().isEmpty()) {
            return null;
        }
        Diagnostics saved = diags;
        diags = new Diagnostics();
        try {
            return type(c.args().get(0), s, null); // its errors are reported with the arguments
        } finally {
            diags = saved;
        }
    }

    /** True when {@code e} is a global variable, or an element or field of one. */
    private boolean isSharedVariable(Expr e, Scope s) {
        Expr root = e;
        while (root instanceof Expr.Field || root instanceof Expr.Index) {
            root = root instanceof Expr.Field f ? f.target() : ((Expr.Index) root).target();
        }
        if (!(root instanceof Expr.Name n)) {
            return false;
        }
        Binding b = s.lookup(n.name());
        return b == null ? symbols.decl(n.name()) instanceof Decl.Var : b.kind() == Kind.REF_PARAM;
    }

    /** An assignment target: storage this scope may write. */
    private Type target(Expr e, Scope s) {
        Expr root = e;
        while (root instanceof Expr.Field || root instanceof Expr.Index) {
            root = root instanceof Expr.Field f ? f.target() : ((Expr.Index) root).target();
        }
        if (root instanceof Expr.Name n) {
            Binding b = s.lookup(n.name());
            if (b != null && b.kind() == Kind.VALUE_PARAM) {
                diags.error(e.pos(), "parameter '" + n.name() + "' is passed by value and cannot be assigned",
                        "declare it 'ref " + n.name() + ": ...' to update the caller's variable");
                return null;
            }
            if (b != null && b.kind() == Kind.CONSTANT) {
                diags.error(e.pos(), "cannot assign to '" + n.name() + "': it is a constant here");
                return null;
            }
        }
        Type t = type(e, s, null);
        if (t == null) {
            return null;
        }
        if (!storage(e, s) || t instanceof Type.Lock || t instanceof Type.Array a && isLockArray(a)) {
            diags.error(e.pos(), "cannot assign to " + describe(e),
                    t instanceof Type.Lock ? "locks change only with lock and unlock" : null);
            return null;
        }
        return t;
    }

    private static boolean isLockArray(Type.Array a) {
        Type t = a;
        while (t instanceof Type.Array x) {
            t = x.elem();
        }
        return t instanceof Type.Lock;
    }

    /** True when {@code e} names storage: a variable, a ref parameter, or a field or element of one. */
    private boolean storage(Expr e, Scope s) {
        if (e instanceof Expr.Field f) {
            return storage(f.target(), s);
        }
        if (e instanceof Expr.Index i) {
            return storage(i.target(), s);
        }
        if (e instanceof Expr.Name n) {
            Binding b = s.lookup(n.name());
            if (b != null) {
                return b.kind() == Kind.LOCAL || b.kind() == Kind.REF_PARAM;
            }
            return symbols.decl(n.name()) instanceof Decl.Var;
        }
        return false;
    }

    private void lock(Expr e, Scope s) {
        Type t = type(e, s, null);
        if (t != null && !(t instanceof Type.Lock)) {
            diags.error(e.pos(), describe(e) + " is " + t.show() + ", not a lock");
        }
    }

    /** The domain of a {@code for}: a finite type, or a range whose bounds lowering evaluates. */
    private Type forDomain(TypeExpr te, Scope s) {
        if (te instanceof TypeExpr.RangeType r) { // may be empty, or bounded by a loop variable: lowering evaluates it
            for (Expr bound : List.of(r.lo(), r.hi())) {
                Type t = type(bound, s, null);
                if (t != null && !(t instanceof Type.Int)) {
                    diags.error(bound.pos(), "range bounds must be integers");
                    return null;
                }
            }
            if (constant(r.lo(), s) && constant(r.hi(), s)) {
                ConstValue lo = symbols.eval(r.lo(), Map.of());
                ConstValue hi = symbols.eval(r.hi(), Map.of());
                if (lo != null && hi != null && lo.value() <= hi.value()) {
                    return new Type.Int(lo.value(), hi.value()); // so that 'var v = i' has a type
                }
            }
            return Type.Int.ANY;
        }
        Type t = symbols.resolve(te);
        if (t != null && !Types.finite(t)) {
            diags.error(te.pos(), "unbounded loop: 'for' needs a finite domain, not " + t.show());
            return null;
        }
        return t;
    }

    /** True for an integer expression of literals and consts only. */
    private boolean constant(Expr e, Scope s) {
        if (e instanceof Expr.IntLit) {
            return true;
        }
        if (e instanceof Expr.Name n) {
            return s.lookup(n.name()) == null && symbols.decl(n.name()) instanceof Decl.Const;
        }
        if (e instanceof Expr.Unary u) {
            return u.op().equals("-") && constant(u.operand(), s);
        }
        return e instanceof Expr.Binary b && List.of("+", "-", "*").contains(b.op()) && constant(b.left(), s)
                && constant(b.right(), s);
    }

    /** Checks a procedure's or function's arguments against its parameters. */
    private void args(Expr.Call c, List<Decl.Param> params, Scope s) {
        if (c.args().size() != params.size()) {
            diags.error(c.pos(), "'" + c.name() + "' takes " + params.size() + " argument" + (params.size() == 1 ? "" : "s")
                    + ", found " + c.args().size());
            for (Expr a : c.args()) {
                type(a, s, null);
            }
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            Decl.Param p = params.get(i);
            Expr arg = c.args().get(i);
            Type pt = symbols.resolve(p.type());
            if (pt == null) {
                type(arg, s, null);
                continue;
            }
            if (expect(arg, s, pt) && p.ref() && !storage(arg, s)) {
                diags.error(arg.pos(), "argument for 'ref " + p.name() + "' must be a variable or an element of one");
            }
        }
    }

    // ------------------------------------------------------------------ expressions

    private void condition(Expr e, Scope s) {
        Type t = type(e, s, null);
        if (t != null && !(t instanceof Type.Bool)) {
            diags.error(e.pos(), "type mismatch: expected bool, found " + t.show());
        }
    }

    /** Checks that {@code e} has a type that fits {@code expected}; false after an error. */
    private boolean expect(Expr e, Scope s, Type expected) {
        Type t = type(e, s, expected);
        if (t == null) {
            return false;
        }
        if (!compatible(expected, t)) {
            mismatch(e.pos(), expected, t);
            return false;
        }
        return true;
    }

    private void mismatch(Pos pos, Type expected, Type found) {
        diags.error(pos, "type mismatch: expected " + expected.show() + ", found " + found.show());
    }

    /**
     * True when a value of type {@code from} may be stored where {@code to} is expected, by shape:
     * integers of any range fit each other (the value is checked against the range when lowered),
     * arrays fit when their index kinds and elements do.
     */
    static boolean compatible(Type to, Type from) {
        if (to instanceof Type.Int && from instanceof Type.Int) {
            return true;
        }
        if (to instanceof Type.Optional o) {
            if (from instanceof Type.None) {
                return true;
            }
            if (from instanceof Type.Optional f) {
                return compatible(o.inner(), f.inner());
            }
            return compatible(o.inner(), from);
        }
        if (to instanceof Type.Record && from instanceof Type.RecordLiteral) {
            return true;
        }
        if (to instanceof Type.Array a && from instanceof Type.Array b) {
            return sameIndexKind(a.index(), b.index()) && compatible(a.elem(), b.elem());
        }
        return to.equals(from);
    }

    private static boolean sameIndexKind(Type a, Type b) {
        return a instanceof Type.Int && b instanceof Type.Int || a.equals(b);
    }

    /**
     * The type of {@code e}, or null after reporting an error (or when lowering decides it).
     * {@code expected} gives literals without a type of their own ({@code none}, record and array
     * literals) theirs.
     */
    private Type type(Expr e, Scope s, Type expected) {
        if (e instanceof Expr.IntLit) {
            return Type.Int.ANY;
        }
        if (e instanceof Expr.BoolLit) {
            return new Type.Bool();
        }
        if (e instanceof Expr.NoneLit) {
            return expected instanceof Type.Optional ? expected : new Type.None();
        }
        if (e instanceof Expr.Name n) {
            return name(n, s);
        }
        if (e instanceof Expr.Field f) {
            return field(f, s);
        }
        if (e instanceof Expr.Index ix) {
            return index(ix, s);
        }
        if (e instanceof Expr.With w) {
            Type target = type(w.target(), s, expected instanceof Type.Optional o ? o.inner() : expected);
            if (target == null) {
                return null;
            }
            if (!(target instanceof Type.Record r)) {
                diags.error(w.pos(), "'with' needs a record, found " + target.show());
                return null;
            }
            return fields(r, w.inits(), s) ? r : null;
        }
        if (e instanceof Expr.RecordLit lit) {
            Type t = expected instanceof Type.Optional o ? o.inner() : expected;
            if (!(t instanceof Type.Record r)) {
                diags.error(lit.pos(), expected == null ? "cannot tell the record type of this literal"
                                : "type mismatch: expected " + expected.show() + ", found a record literal",
                        expected == null ? "use it where a record is expected, e.g. 'var x: pte = { ... }'" : null);
                return null;
            }
            return fields(r, lit.inits(), s) ? r : null;
        }
        if (e instanceof Expr.ArrayLit lit) {
            return arrayLit(lit, s, expected);
        }
        if (e instanceof Expr.Unary u) {
            Type a = type(u.operand(), s, null);
            if (a == null) {
                return null;
            }
            if (u.op().equals("-") && a instanceof Type.Int) {
                return Type.Int.ANY;
            }
            if (u.op().equals("not") && a instanceof Type.Bool) {
                return a;
            }
            diags.error(u.pos(), "type mismatch: '" + u.op() + "' does not apply to " + a.show());
            return null;
        }
        if (e instanceof Expr.Binary b) {
            return binary(b, s);
        }
        if (e instanceof Expr.Cond c) {
            return conditional(c, s, expected);
        }
        if (e instanceof Expr.Quant q) {
            Type dom = symbols.resolve(q.domain());
            if (dom == null) {
                return null;
            }
            if (!Types.finite(dom)) {
                diags.error(q.domain().pos(), "quantifier domain must be finite, not " + dom.show());
                return null;
            }
            condition(q.body(), s.child().bind(q.var(), Kind.CONSTANT, dom));
            return new Type.Bool();
        }
        if (e instanceof Expr.Call c) {
            return call(c, s);
        }
        if (e instanceof Expr.Passed a) {
            if (a.label().equals("end")) {
                diags.error(a.pos(), "'after " + a.process() + "@end' is '" + a.process() + "@end'",
                        "a process that has finished stays finished: write " + a.process() + "@end");
                return null;
            }
            return type(new Expr.AtLabel(a.pos(), a.process(), a.index(), a.label()), s, expected);
        }
        if (e instanceof Expr.AtLabel a) {
            Decl d = symbols.decl(a.process());
            if (!(d instanceof Decl.Kernel k)) {
                diags.error(a.pos(), "unknown kernel process '" + a.process() + "'");
                return null;
            }
            Set<String> labels = new java.util.LinkedHashSet<>();
            labels(k.body(), labels);
            if (!a.label().equals("end") && !labels.contains(a.label())) {
                diags.error(a.pos(), "kernel process '" + a.process() + "' has no label '" + a.label() + "'",
                        labels.isEmpty() ? "label a statement with 'NAME: statement'"
                                : "labels: " + String.join(", ", labels) + ", end");
                return null;
            }
            if (a.index() != null) {
                Type i = type(a.index(), s, null);
                if (i == null) {
                    return null;
                }
            }
            return new Type.Bool();
        }
        throw new IllegalStateException("unhandled expression " + e);
    }

    /** Every label in a body, in any branch. */
    private static void labels(List<Stmt> body, Set<String> out) {
        new Stmt.Walker() {
            @Override
            public void labeled(Stmt.Labeled l) {
                out.add(l.label());
                super.labeled(l);
            }
        }.block(body);
    }

    private Type name(Expr.Name n, Scope s) {
        Binding b = s.lookup(n.name());
        if (b != null) {
            return b.type(); // null for a local in error: already reported
        }
        Type.Enum en = symbols.enumOfMember(n.name());
        if (en != null) {
            return en;
        }
        Decl d = symbols.decl(n.name());
        if (d instanceof Decl.Var || d instanceof Decl.Lock) {
            return global(n.name());
        }
        if (d instanceof Decl.Const) {
            ConstValue v = symbols.constValue(n.name());
            return v == null ? null : v.type();
        }
        if (d == null) {
            String close = symbols.closest(n.name());
            diags.error(n.pos(), "unknown name '" + n.name() + "'", close == null ? null : "did you mean '" + close + "'?");
        } else {
            diags.error(n.pos(), "'" + n.name() + "' is a " + kind(d) + ", not a value");
        }
        return null;
    }

    static String kind(Decl d) {
        if (d instanceof Decl.Proc) {
            return "procedure";
        }
        if (d instanceof Decl.Fn) {
            return "function";
        }
        if (d instanceof Decl.Kernel) {
            return "kernel process";
        }
        if (d instanceof Decl.Agent) {
            return "agent";
        }
        if (d instanceof Decl.Interrupt) {
            return "interrupt handler";
        }
        if (d instanceof Decl.Invariant || d instanceof Decl.AtEnd || d instanceof Decl.Liveness) {
            return "property";
        }
        return "type";
    }

    private static boolean isProperty(Decl d) {
        return d instanceof Decl.Invariant || d instanceof Decl.AtEnd || d instanceof Decl.Liveness;
    }

    private Type field(Expr.Field f, Scope s) {
        Decl.Kernel process = processOf(f.target(), s);
        if (process != null) {
            return processLocal(f, process, s);
        }
        Type target = type(f.target(), s, null);
        if (target == null) {
            return null;
        }
        Type t = target instanceof Type.Optional o ? o.inner() : target;
        if (!(t instanceof Type.Record r)) {
            diags.error(f.pos(), "'" + f.field() + "': " + target.show() + " is not a record");
            return null;
        }
        Type.Field fd = r.field(f.field());
        if (fd == null) {
            diags.error(f.pos(), "record " + r.name() + " has no field '" + f.field() + "'", "fields: " + fieldNames(r));
            return null;
        }
        return fd.type();
    }

    /** The kernel process that {@code P} or {@code P[i]} names (in {@code P.local}), or null. */
    private Decl.Kernel processOf(Expr e, Scope s) {
        Expr root = e instanceof Expr.Index ix ? ix.target() : e;
        return root instanceof Expr.Name n && s.lookup(n.name()) == null && symbols.decl(n.name()) instanceof Decl.Kernel k
                ? k : null;
    }

    /**
     * {@code P.x}: the local {@code x} that kernel process P declares in its own body (not in an
     * atomic block, whose locals are temporaries, nor in a procedure it calls). Properties only
     * (invariants, {@code at end}, liveness):
     * code reads its own locals by name, and another process's are not shared state.
     */
    private Type processLocal(Expr.Field f, Decl.Kernel k, Scope s) {
        String shown = describe(f.target()) + "." + f.field();
        if (!inProperty) {
            diags.error(f.pos(), "the local '" + shown + "' of a kernel process can be read only by properties",
                    "read it in an invariant, an 'at end' or a liveness condition; the process's own code reads it as '"
                            + f.field() + "'");
            return null;
        }
        if (f.target() instanceof Expr.Index ix) {
            Type i = type(ix.index(), s, null);
            if (i != null && !(i instanceof Type.Int) && !(i instanceof Type.Enum) && !(i instanceof Type.Bool)) {
                diags.error(ix.index().pos(), "process index must be a value of its parameter's type, found " + i.show());
                return null;
            }
        }
        List<Stmt.LocalVar> found = ProcessLocals.named(k.body(), f.field());
        if (found.size() != 1) {
            List<Stmt.LocalVar> all = ProcessLocals.named(k.body(), null);
            diags.error(f.pos(), found.isEmpty() ? "kernel process '" + k.name() + "' has no local '" + f.field() + "'"
                            : "kernel process '" + k.name() + "' declares '" + f.field() + "' " + found.size() + " times",
                    found.isEmpty() ? (all.isEmpty() ? "it declares no locals outside atomic blocks"
                            : "locals: " + String.join(", ", all.stream().map(Stmt.LocalVar::name).distinct().toList()))
                            : "give each a name of its own to read it in a property");
            return null;
        }
        return localTypes.get(found.get(0)); // null when the local is in error: already reported
    }

    private static String fieldNames(Type.Record r) {
        return String.join(", ", r.fields().stream().map(Type.Field::name).toList());
    }

    private Type index(Expr.Index ix, Scope s) {
        Type target = type(ix.target(), s, null);
        if (target == null) {
            return null;
        }
        if (!(target instanceof Type.Array a)) {
            diags.error(ix.pos(), describe(ix.target()) + " is " + target.show() + ", not an array");
            return null;
        }
        Type idx = type(ix.index(), s, null);
        if (idx == null) {
            return null;
        }
        if (!sameIndexKind(a.index(), idx)) {
            diags.error(ix.index().pos(), "type mismatch: index of " + describe(ix.target()) + " is " + a.index().show()
                    + ", found " + idx.show());
            return null;
        }
        return a.elem();
    }

    private boolean fields(Type.Record r, List<Expr.FieldInit> inits, Scope s) {
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (Expr.FieldInit fi : inits) {
            Type.Field fd = r.field(fi.name());
            if (fd == null) {
                diags.error(fi.pos(), "record " + r.name() + " has no field '" + fi.name() + "'", "fields: " + fieldNames(r));
                ok = false;
                continue;
            }
            if (!seen.add(fi.name())) {
                diags.error(fi.pos(), "field '" + fi.name() + "' given twice");
                ok = false;
                continue;
            }
            ok &= expect(fi.value(), s, fd.type());
        }
        return ok;
    }

    private Type arrayLit(Expr.ArrayLit lit, Scope s, Type expected) {
        if (lit.elements().isEmpty()) {
            return null; // a '{ a, b }' already reported by the parser
        }
        if (!(expected instanceof Type.Array a)) {
            diags.error(lit.pos(), expected == null ? "cannot tell the array type of this literal"
                            : "type mismatch: expected " + expected.show() + ", found an array literal",
                    expected == null ? "use it where an array is expected, e.g. 'var a[CPU]: bool = [true, false]'" : null);
            return null;
        }
        boolean ok = true;
        for (Expr x : lit.elements()) {
            ok &= expect(x, s, a.elem());
        }
        return ok ? a : null;
    }

    /**
     * {@code if c then a else b}: both branches have one type (integers of any range are one
     * type, of unbounded range). A literal without a type of its own takes the other branch's.
     */
    private Type conditional(Expr.Cond c, Scope s, Type expected) {
        condition(c.cond(), s);
        Expr first = c.then();
        Expr second = c.otherwise();
        if (expected == null && untyped(first) && !untyped(second)) {
            first = c.otherwise();
            second = c.then();
        }
        Type a = type(first, s, expected);
        if (a == null) {
            type(second, s, expected);
            return null;
        }
        Type b = type(second, s, expected != null ? expected : a);
        if (b == null) {
            return null;
        }
        if (a instanceof Type.Int && b instanceof Type.Int) {
            return Type.Int.ANY;
        }
        if (b instanceof Type.None && !(a instanceof Type.Optional) && !(a instanceof Type.None)) {
            return new Type.Optional(a); // a value or none
        }
        if (compatible(a, b)) {
            return a;
        }
        if (compatible(b, a)) {
            return b;
        }
        diags.error(second.pos(), "type mismatch: expected " + a.show() + ", found " + b.show(),
                "both branches of 'if ... then ... else' have the same type");
        return null;
    }

    /** A literal whose type comes from where it is used. */
    private static boolean untyped(Expr e) {
        return e instanceof Expr.NoneLit || e instanceof Expr.RecordLit || e instanceof Expr.ArrayLit;
    }

    private Type binary(Expr.Binary b, Scope s) {
        String op = b.op();
        switch (op) {
            case "and", "or", "implies" -> {
                condition(b.left(), s);
                condition(b.right(), s);
                return new Type.Bool();
            }
            case "==", "!=" -> {
                Type l;
                Type r;
                if (b.left() instanceof Expr.RecordLit || b.left() instanceof Expr.NoneLit || b.left() instanceof Expr.ArrayLit) {
                    r = type(b.right(), s, null);
                    l = r == null ? null : type(b.left(), s, r);
                    if (l != null && !compatible(r, l)) {
                        mismatch(b.left().pos(), r, l);
                        return null;
                    }
                } else {
                    l = type(b.left(), s, null);
                    r = l == null ? null : type(b.right(), s, l);
                    if (r != null && !compatible(l, r)) {
                        mismatch(b.right().pos(), l, r);
                        return null;
                    }
                }
                return l == null || r == null ? null : new Type.Bool();
            }
            default -> {
                Type l = type(b.left(), s, null);
                Type r = type(b.right(), s, null);
                if (l == null || r == null) {
                    return null;
                }
                if (!(l instanceof Type.Int) || !(r instanceof Type.Int)) {
                    diags.error(b.pos(), "type mismatch: '" + op + "' needs integers, found " + l.show() + " and " + r.show());
                    return null;
                }
                boolean cmp = op.equals("<") || op.equals("<=") || op.equals(">") || op.equals(">=");
                return cmp ? new Type.Bool() : Type.Int.ANY;
            }
        }
    }

    private Type call(Expr.Call c, Scope s) {
        Decl d = symbols.decl(c.name());
        if (d == null && c.name().equals("held")) {
            if (c.args().size() != 1) {
                diags.error(c.pos(), "'held' takes 1 argument (a lock), found " + c.args().size());
                return null;
            }
            Type l = type(c.args().get(0), s, null);
            if (l != null && !(l instanceof Type.Lock)) {
                diags.error(c.args().get(0).pos(), describe(c.args().get(0)) + " is " + l.show() + ", not a lock",
                        "held(L) takes a spinlock or an rwsem: held(ptl[p])");
                return null;
            }
            return new Type.Bool();
        }
        if (d == null && c.name().equals("in_kernel")) {
            if (c.args().size() != 1) {
                diags.error(c.pos(), "'in_kernel' takes 1 argument (a CPU), found " + c.args().size());
                return null;
            }
            Type cpu = type(c.args().get(0), s, null);
            if (cpu != null && !(cpu instanceof Type.Int)) {
                diags.error(c.args().get(0).pos(), "type mismatch: 'in_kernel' needs a CPU number, found " + cpu.show());
                return null;
            }
            return new Type.Bool();
        }
        if (d == null && c.name().equals("smp_processor_id")) {
            if (!c.args().isEmpty()) {
                diags.error(c.pos(), "'smp_processor_id' takes no arguments");
                return null;
            }
            return Type.Int.ANY;
        }
        if (d instanceof Decl.Proc) {
            diags.error(c.pos(), "procedure '" + c.name() + "' can only be called as a statement",
                    "call it on its own line: 'x = " + c.name() + "(...)'");
            return null;
        }
        if (!(d instanceof Decl.Fn fn)) {
            diags.error(c.pos(), d == null ? "unknown function '" + c.name() + "'" : "'" + c.name() + "' is not a function");
            return null;
        }
        args(c, fn.params(), s);
        return symbols.resolve(fn.result());
    }

    static String describe(Expr e) {
        return Expr.describe(e);
    }
}
