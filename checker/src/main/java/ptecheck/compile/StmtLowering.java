package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.Stmt;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.check.ConstValue;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.lang.diag.Diagnostics;

/**
 * Lowers the statements of one actor. A kernel process body becomes a control-flow graph over
 * its pc slot in which every statement is one step ({@link #block}); the body of an
 * {@code atomic} block or of a hardware rule becomes one list of actions ({@link #actions}).
 * Procedures are inlined at each call; {@code for} loops are unrolled.
 */
final class StmtLowering {
    private final ExprCompiler ec;
    private final Symbols symbols;
    private final Diagnostics diags;
    private final LayoutBuilder layout;
    private final String actor;
    private final int owner;
    private final int pcSlot;
    private final List<Edge> edges = new ArrayList<>();
    private final Map<String, List<Integer>> labels = new HashMap<>();
    private final Map<String, Stmt> labelSites = new HashMap<>();
    private final Map<Stmt, Env.Local> locals = new IdentityHashMap<>();
    private int pcCount;
    private final Map<String, Integer> localNames = new HashMap<>();
    /** Locks (static slots) that may be held at the current point, for the static unlock check. */
    private BitSet mayHeld = new BitSet();
    private final StepTexts texts;
    /** How each kernel step reads in traces (values resolved), by edge. */
    private final Map<Edge, ptecheck.ts.StepText> shown = new IdentityHashMap<>();

    /** An inlined call: where its result goes and where its {@code return} jumps (-1 inside an atomic step). */
    record Frame(String proc, CExpr target, Type result, int exitPc, String callText, Frame parent) {
        boolean calls(String name) {
            for (Frame f = this; f != null; f = f.parent) {
                if (f.proc.equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    private Concurrency conc;
    private int cpu = -1;

    /** The CPU this actor runs on and the per-CPU state builtins like local_irq_disable() act on. */
    StmtLowering onCpu(int cpu, Concurrency conc) {
        this.cpu = cpu;
        this.conc = conc;
        return this;
    }

    /**
     * For a procedure checked on its own, with no caller: the caller may hold any lock, so the
     * static unlock check starts from "every lock may be held" (a second unlock of the same lock
     * on one path is still reported).
     */
    StmtLowering callerMayHoldAnyLock() {
        mayHeld.set(0, layout.size());
        return this;
    }

    StmtLowering(ExprCompiler ec, LayoutBuilder layout, String actor, int owner, int pcSlot) {
        this.ec = ec;
        this.symbols = ec.symbols();
        this.diags = ec.diags();
        this.layout = layout;
        this.actor = actor;
        this.owner = owner;
        this.pcSlot = pcSlot;
        this.texts = new StepTexts(ec);
    }

    /** How the step of {@code e} reads in traces, or null when only its text is known. */
    ptecheck.ts.StepText shown(Edge e) {
        return shown.get(e);
    }

    List<Edge> edges() {
        return edges;
    }

    /** The locals of this actor that are state (not temporaries), in the order declared. */
    List<Env.Local> stateLocals() {
        return stateLocals;
    }

    private final List<Env.Local> stateLocals = new ArrayList<>();

    /** The state slots of a local this process declared (null: a temporary, or not lowered). */
    Env.Local localOf(Stmt.LocalVar v) {
        return locals.get(v);
    }

    Map<String, List<Integer>> labels() {
        return labels;
    }

    int newPc() {
        return pcCount++;
    }

    int pcCount() {
        return pcCount;
    }

    // ---------------------------------------------------------------- kernel steps

    void block(List<Stmt> body, int from, int to, Env env, Frame f) {
        Env scope = env.child();
        // Decided once, before any local of the block is declared: a condition that reads a local
        // declared earlier in the block (IMPL == x and t) may fold only once t is declared, and a
        // second decision would then disagree with the count of steps, leaving the chain unlinked.
        boolean[] gone = new boolean[body.size()];
        int steps = 0;
        for (int k = 0; k < body.size(); k++) {
            gone[k] = vanishes(body.get(k), scope);
            if (!gone[k]) {
                steps++;
            }
        }
        int cur = from;
        int seen = 0;
        for (int k = 0; k < body.size(); k++) {
            Stmt s = body.get(k);
            if (gone[k]) {
                // Declarations, and configuration switches that select nothing, cost no step.
                Stmt inner = s;
                while (inner instanceof Stmt.Labeled l) {
                    label(l, cur, f);
                    inner = l.body();
                }
                if (inner instanceof Stmt.LocalVar v) {
                    declareLocal(v, scope, false);
                }
                continue;
            }
            seen++;
            int next = seen == steps ? to : newPc();
            stmt(s, cur, next, scope, f);
            cur = next;
        }
        if (steps == 0 && from != to) {
            edges.add(new Edge(from, null, new Action[0], to, body.isEmpty() ? null : body.get(0).pos(), "skip",
                    context(f)));
        }
    }

    /**
     * True for statements that produce no step: a declaration without initialiser, an {@code if}
     * on a constant whose chosen branch produces none, a {@code for} over nothing (or with a body
     * that produces none), and labels on those.
     */
    private boolean vanishes(Stmt s, Env env) {
        if (s instanceof Stmt.Labeled l) {
            return vanishes(l.body(), env);
        }
        if (s instanceof Stmt.LocalVar v) {
            return v.init() == null;
        }
        if (s instanceof Stmt.If i) {
            Integer k = constantCondition(i.cond(), env);
            return k != null && allVanish(k != 0 ? i.then() : i.otherwise(), env);
        }
        if (s instanceof Stmt.While w) {
            Integer k = constantCondition(w.cond(), env);
            return k != null && k == 0; // while false: nothing
        }
        if (s instanceof Stmt.For loop) {
            List<ConstValue> values = quietDomain(loop.domain(), env);
            if (values == null) {
                return false;
            }
            if (values.isEmpty()) {
                return true;
            }
            for (ConstValue v : values) {
                if (!allVanish(loop.body(), env.child().bind(loop.var(), new Env.Value(v)))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private boolean allVanish(List<Stmt> body, Env env) {
        Env scope = env.child();
        for (Stmt s : body) {
            if (!vanishes(s, scope)) {
                return false;
            }
        }
        return true;
    }

    /** The value of a condition known at compile time, without reporting errors (they come later). */
    private Integer constantCondition(Expr cond, Env env) {
        CExpr c = ec.compileQuietly(cond, env);
        return c.failed() || !(c.type() instanceof Type.Bool) ? null : c.constant();
    }

    /** The values of a loop domain, or null when they are not known without reporting errors. */
    private List<ConstValue> quietDomain(TypeExpr te, Env env) {
        Type t;
        if (te instanceof TypeExpr.RangeType r) {
            CExpr lo = ec.compileQuietly(r.lo(), env);
            CExpr hi = ec.compileQuietly(r.hi(), env);
            if (lo.failed() || hi.failed() || lo.constant() == null || hi.constant() == null) {
                return null;
            }
            if (lo.constant() > hi.constant()) {
                return List.of();
            }
            t = new Type.Int(lo.constant(), hi.constant());
        } else if (te instanceof TypeExpr.NamedType n && symbols.decl(n.name()) != null) {
            t = symbols.resolve(te);
        } else {
            return null;
        }
        if (t == null || !Types.finite(t)) {
            return null;
        }
        List<ConstValue> out = new ArrayList<>();
        for (int k = 0; k < Types.size(t); k++) {
            out.add(new ConstValue(t, Types.value(t, k)));
        }
        return out;
    }

    private void label(Stmt.Labeled l, int pc, Frame f) {
        if (f != null) {
            throw ExprCompiler.unchecked(l.pos(), "a label in a procedure");
        } else if (l.label().equals("end") || labelSites.containsKey(l.label()) && labelSites.get(l.label()) != l) {
            throw ExprCompiler.unchecked(l.pos(), "duplicate label '" + l.label() + "'");
        } else {
            // A label inside an unrolled loop names every copy of its statement.
            labelSites.put(l.label(), l);
            labels.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(pc);
        }
    }

    private void stmt(Stmt s, int from, int to, Env env, Frame f) {
        int first = edges.size();
        lower(s, from, to, env, f);
        describe(s, env, f, first);
    }

    /**
     * Gives the edges that {@code s} added (from {@code first} on) their text for traces; those
     * of nested statements already have theirs. An edge's text tells which part of {@code s} it
     * is: the statement, its {@code else of}/{@code exit} side, or a primitive's later step.
     */
    private void describe(Stmt s, Env env, Frame f, int first) {
        Stmt inner = s;
        while (inner instanceof Stmt.Labeled l) {
            inner = l.body();
        }
        String text = inner.text();
        for (int i = first; i < edges.size(); i++) {
            Edge e = edges.get(i);
            if (shown.containsKey(e) || e.text() == null || !e.text().contains(text)) {
                continue;
            }
            List<StepTexts.Line> lines;
            if (e.text().equals(text)) {
                BitSet written = null;
                if (inner instanceof Stmt.Atomic) {
                    written = new BitSet();
                    for (Action a : e.actions()) {
                        a.writes(written);
                    }
                }
                lines = texts.statement(inner, env, written);
            } else if (e.text().endsWith(text)) {
                lines = List.of(texts.oneLine(inner, env, null).prefixed(e.text().substring(0, e.text().length() - text.length()), ""));
            } else if (e.text().startsWith(text)) {
                lines = List.of(texts.oneLine(inner, env, null).prefixed("", e.text().substring(text.length())));
            } else {
                continue;
            }
            shown.put(e, texts.shown(lines, f, e.from()));
        }
    }

    private void lower(Stmt s, int from, int to, Env env, Frame f) {
        layout.bound().transitions(1, "'" + s.text() + "'", s.pos());
        if (s instanceof Stmt.Labeled l) {
            label(l, from, f);
            stmt(l.body(), from, to, env, f);
        } else if (s instanceof Stmt.LocalVar v) {
            Env.Local local = declareLocal(v, env, false);
            if (local != null) {
                assign(v, new CExpr(local.type(), new IntExpr[0], local.place(), List.of()), v.init(), from, to, env, f);
            }
        } else if (s instanceof Stmt.Assign a) {
            boolean was = ec.setReadGhosts(ec.isGhostTarget(a.target(), env));
            CExpr target = target(a.target(), env);
            if (target != null) {
                assign(a, target, a.value(), from, to, env, f);
            }
            ec.setReadGhosts(was);
        } else if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Call c && isPrimitive(c.name())) {
            primitiveSteps(c, null, e, from, to, env, f);
        } else if (s instanceof Stmt.ExprStmt e) {
            Expr.Call call = callOf(e);
            if (call != null) {
                inline(call, null, from, to, env, f, e);
            }
        } else if (s instanceof Stmt.If i) {
            IntExpr cond = ec.bool(i.cond(), env);
            if (cond.constant() != null) {
                // A configuration switch (if IMPL == naive): chosen at compile time, no step of its own.
                block(cond.constant() != 0 ? i.then() : i.otherwise(), from, to, env, f);
                return;
            }
            BitSet before = (BitSet) mayHeld.clone();
            // A branch whose statements all vanish (empty, declarations only, or configuration
            // switches that select nothing) has no step: the test goes straight to the end, as
            // for an empty branch. block() from `to` to `to` still declares its locals.
            int thenEntry = allVanish(i.then(), env) ? to : newPc();
            edges.add(new Edge(from, cond, new Action[0], thenEntry, i.pos(), i.text(), context(f)));
            block(i.then(), thenEntry, to, env, f);
            BitSet afterThen = mayHeld;
            mayHeld = before;
            int elseEntry = allVanish(i.otherwise(), env) ? to : newPc();
            edges.add(new Edge(from, Eval.not(cond), new Action[0], elseEntry, i.pos(), "else of " + i.text(), context(f)));
            block(i.otherwise(), elseEntry, to, env, f);
            mayHeld.or(afterThen);
        } else if (s instanceof Stmt.For loop) {
            List<ConstValue> values = domain(loop.domain(), env);
            if (values == null) {
                return;
            }
            if (values.isEmpty() || loop.body().isEmpty()) {
                edges.add(new Edge(from, null, new Action[0], to, loop.pos(), loop.text(), context(f)));
                return;
            }
            int cur = from;
            for (int k = 0; k < values.size(); k++) {
                int next = k == values.size() - 1 ? to : newPc();
                block(loop.body(), cur, next, env.child().bind(loop.var(), new Env.Value(values.get(k))), f);
                cur = next;
            }
        } else if (s instanceof Stmt.While w) {
            IntExpr cond = ec.bool(w.cond(), env);
            if (cond.constant() != null && cond.constant() != 0 && !allVanish(w.body(), env)) {
                // while true: a test that cannot fail is no step; the body loops back to its start.
                BitSet before = (BitSet) mayHeld.clone();
                block(w.body(), from, from, env, f);
                mayHeld.or(before);
                return;
            }
            if (w.body().isEmpty()) {
                edges.add(new Edge(from, cond, new Action[0], from, w.pos(), w.text(), context(f)));
            } else {
                int entry = newPc();
                edges.add(new Edge(from, cond, new Action[0], entry, w.pos(), w.text(), context(f)));
                BitSet before = (BitSet) mayHeld.clone();
                block(w.body(), entry, from, env, f);
                mayHeld.or(before);
            }
            edges.add(new Edge(from, Eval.not(cond), new Action[0], to, w.pos(), "exit " + w.text(), context(f)));
        } else if (s instanceof Stmt.Atomic a) {
            // Leading awaits and one lock are the guard; the lock is taken first in the step.
            IntExpr guard = null;
            List<Action> out = new ArrayList<>();
            Locks.Wait wait = null;
            List<Stmt> rest = new ArrayList<>(a.body());
            while (!rest.isEmpty() && (rest.get(0) instanceof Stmt.Await || rest.get(0) instanceof Stmt.Lock)) {
                IntExpr c;
                Stmt head = rest.remove(0);
                if (head instanceof Stmt.Await aw) {
                    c = ec.bool(aw.cond(), env);
                } else {
                    Stmt.Lock l = (Stmt.Lock) head;
                    LockRef r = lockRef(l.lock(), env);
                    if (r == null) {
                        continue;
                    }
                    c = free(r.place(), r.rw(), false, ExprCompiler.ref(l.pos()));
                    out.add(take(r.place(), ExprCompiler.ref(l.pos())));
                    wait = new Locks.Wait(r.place(), r.rw(), false);
                    r.place().mayTouch(mayHeld, 0, 1);
                }
                guard = guard == null ? c : Eval.and(guard, c);
            }
            List<Action> body = new ArrayList<>(List.of(new Actions.Fence(Actions.Fence.Kind.LOCKED))); // a locked instruction
            body.addAll(out);
            body.addAll(List.of(actions(rest, env, f)));
            edges.add(new Edge(from, guard, body.toArray(new Action[0]), to, a.pos(), a.text(), context(f), wait));
        } else if (s instanceof Stmt.Await aw) {
            edges.add(new Edge(from, ec.bool(aw.cond(), env), new Action[0], to, aw.pos(), aw.text(), context(f)));
        } else if (s instanceof Stmt.Either e) {
            BitSet before = (BitSet) mayHeld.clone();
            BitSet union = new BitSet();
            int k = 0;
            for (List<Stmt> branch : e.branches()) {
                k++;
                mayHeld = (BitSet) before.clone();
                int entry = branch.isEmpty() ? to : newPc();
                edges.add(new Edge(from, null, new Action[0], entry, e.pos(), "either: branch " + k, context(f)));
                if (!branch.isEmpty()) {
                    block(branch, entry, to, env, f);
                }
                union.or(mayHeld);
            }
            mayHeld = union;
        } else if (s instanceof Stmt.Lock l) {
            acquire(l.lock(), false, false, from, to, l.pos(), l.text(), env, f);
        } else if (s instanceof Stmt.Unlock u) {
            Action a = release(u.lock(), Actions.RwUnlock.Mode.ANY, u.pos(), env);
            if (a != null) {
                edges.add(new Edge(from, null, new Action[] {a}, to, u.pos(), u.text(), context(f)));
            }
        } else if (s instanceof Stmt.Assert a) {
            edges.add(new Edge(from, null, new Action[] {check(a, env)}, to, a.pos(), a.text(), context(f)));
        } else if (s instanceof Stmt.Return r) {
            if (f == null) {
                throw ExprCompiler.unchecked(r.pos(), "'return' outside a procedure");
            }
            List<Action> out = new ArrayList<>(returnValue(r, env, f));
            edges.add(new Edge(from, null, out.toArray(new Action[0]), f.exitPc(), r.pos(), r.text(), context(f)));
        } else if (s instanceof Stmt.Skip k) {
            edges.add(new Edge(from, null, new Action[0], to, k.pos(), k.text(), context(f)));
        } else {
            throw new IllegalStateException("unhandled statement " + s);
        }
    }

    String context(Frame f) {
        return f == null ? null : f.callText();
    }

    private void assign(Stmt s, CExpr target, Expr value, int from, int to, Env env, Frame f) {
        if (value instanceof Expr.Call c && isPrimitive(c.name())) {
            primitiveSteps(c, target, s, from, to, env, f);
            return;
        }
        if (value instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc) {
            inline(c, target, from, to, env, f, s);
            return;
        }
        List<Action> out = assignActions(target, value, env, s.pos());
        if (out != null) {
            edges.add(new Edge(from, null, out.toArray(new Action[0]), to, s.pos(), s.text(), context(f)));
        }
    }

    private List<Action> assignActions(CExpr target, Expr value, Env env, Pos pos) {
        CExpr v = ec.compile(value, env, target.type());
        if (v.failed() || target.failed()) {
            return null;
        }
        return store(target, v, pos);
    }

    List<Action> store(CExpr target, CExpr v, Pos pos) {
        List<Action> out = new ArrayList<>();
        for (CExpr.WriteCheck check : target.writeChecks()) {
            out.add(new Actions.Check(check.ok(), check.property(), check.message(), ExprCompiler.ref(pos)));
        }
        int n = target.type().leaves();
        int[] mins = new int[n];
        int[] maxs = new int[n];
        int[] typeMins = LayoutBuilder.mins(target.type());
        int[] typeMaxs = LayoutBuilder.maxs(target.type());
        for (int i = 0; i < n; i++) {
            mins[i] = typeMins[i];
            maxs[i] = typeMaxs[i] < 0 ? Integer.MAX_VALUE : typeMaxs[i];
        }
        out.add(new Actions.Assign(target.place(), v.leaves(), mins, maxs, ExprCompiler.ref(pos)));
        return out;
    }

    /** Compiles an assignment target: storage that this scope may write. */
    private CExpr target(Expr e, Env env) {
        Expr root = e;
        while (root instanceof Expr.Field || root instanceof Expr.Index) {
            root = root instanceof Expr.Field fd ? fd.target() : ((Expr.Index) root).target();
        }
        if (root instanceof Expr.Name n) {
            Env.Binding b = env.lookup(n.name());
            if (b instanceof Env.Alias a && !a.ref()) {
                diags.error(e.pos(), "parameter '" + n.name() + "' is passed by value and cannot be assigned",
                        "declare it 'ref " + n.name() + ": ...' to update the caller's variable");
                return null;
            }
            if (b instanceof Env.Value) {
                diags.error(e.pos(), "cannot assign to '" + n.name() + "': it is a constant here");
                return null;
            }
        }
        CExpr t = ec.compile(e, env, null);
        if (t.failed()) {
            return null;
        }
        if (t.place() == null || t.type() instanceof Type.Lock) {
            diags.error(e.pos(), "cannot assign to " + ExprCompiler.describe(e),
                    t.type() instanceof Type.Lock ? "locks change only with lock and unlock" : null);
            return null;
        }
        return t;
    }

    private Expr.Call callOf(Stmt.ExprStmt e) {
        if (e.expr() instanceof Expr.Call c) {
            Decl d = symbols.decl(c.name());
            if (d instanceof Decl.Proc) {
                return c;
            }
            throw ExprCompiler.unchecked(c.pos(), "a call of '" + c.name() + "', which is not a procedure, as a statement");
        }
        throw ExprCompiler.unchecked(e.pos(), "an expression that is not a call, as a statement");
    }

    /** Inlines a procedure call as steps of this process. */
    private void inline(Expr.Call call, CExpr target, int from, int to, Env env, Frame f, Stmt site) {
        Decl.Proc proc = (Decl.Proc) symbols.decl(call.name());
        ec.markInlined(proc.name());
        Type result = proc.result() == null ? null : symbols.resolve(proc.result());
        if (!checkCall(call, proc, target, result, f)) {
            return;
        }
        Env callee = ec.bindArgs(call, proc.params(), env, true);
        if (callee == null) {
            return;
        }
        String callText = f != null ? f.callText() : site.text();
        Frame inner = new Frame(proc.name(), target, result, to, callText, f);
        texts.enter(inner, site, env, from);
        block(proc.body(), from, to, callee, inner);
    }

    private boolean checkCall(Expr.Call call, Decl.Proc proc, CExpr target, Type result, Frame f) {
        if (f != null && f.calls(proc.name())) {
            diags.error(call.pos(), "procedure '" + proc.name() + "' calls itself", "procedures are inlined and cannot recurse");
            return false;
        }
        if (target != null && proc.result() == null) {
            diags.error(call.pos(), "procedure '" + proc.name() + "' returns no value");
            return false;
        }
        if (target != null && result != null && !Types.assignable(target.type(), result)) {
            diags.error(call.pos(), "type mismatch: expected " + target.type().show() + ", found " + result.show());
            return false;
        }
        return true;
    }

    private List<Action> returnValue(Stmt.Return r, Env env, Frame f) {
        List<Action> out = new ArrayList<>();
        if (r.value() == null) {
            if (f.result() != null && f.target() != null) {
                diags.error(r.pos(), "'return' needs a value: " + f.proc() + " returns " + f.result().show());
            }
            return out;
        }
        if (f.result() == null) {
            diags.error(r.pos(), "procedure '" + f.proc() + "' returns no value");
            return out;
        }
        CExpr v = ec.compile(r.value(), env, f.result());
        if (v.failed() || f.target() == null) {
            return out;
        }
        CExpr conv = ec.coerce(v, f.target().type(), r.pos());
        if (!conv.failed()) {
            out.addAll(store(f.target(), conv, r.pos()));
        }
        return out;
    }

    /** A compiled reference to one lock: where it lives and whether it is a reader-writer semaphore. */
    private record LockRef(Place place, boolean rw) {}

    private LockRef lockRef(Expr e, Env env) {
        CExpr c = ec.compile(e, env, null);
        if (c.failed()) {
            return null;
        }
        if (!(c.type() instanceof Type.Lock l) || c.place() == null) {
            diags.error(e.pos(), ExprCompiler.describe(e) + " is " + c.type().show() + ", not a lock");
            return null;
        }
        return new LockRef(c.place(), l.rw());
    }

    Place lockPlace(Expr e, Env env) {
        LockRef r = lockRef(e, env);
        if (r != null && r.rw()) {
            diags.error(e.pos(), "trylock takes a spinlock; " + ExprCompiler.describe(e) + " is an rwsem");
            return null;
        }
        return r == null ? null : r.place();
    }

    /**
     * A step that waits until the lock can be taken and takes it: exclusively ({@code lock},
     * {@code down_write}) or shared ({@code down_read}, rwsem only). No writer preference is
     * modelled: a reader gets in whenever there is no writer (LIMITATION: the kernel's rwsem
     * makes new readers wait behind a waiting writer, which can deadlock recursive readers).
     */
    void acquire(Expr lockExpr, boolean read, boolean needRw, int from, int to, Pos pos, String text, Env env,
                 Frame f) {
        if (owner == 0) {
            diags.error(pos, "agents cannot take or release locks");
            return;
        }
        LockRef r = lockRef(lockExpr, env);
        if (r == null) {
            return;
        }
        if ((read || needRw) && !r.rw()) {
            diags.error(lockExpr.pos(), ExprCompiler.describe(lockExpr) + " is a spinlock, not an rwsem",
                    "take a spinlock with 'lock " + ExprCompiler.describe(lockExpr) + "'");
            return;
        }
        Place lock = r.place();
        ptecheck.ts.SourceRef where = ExprCompiler.ref(pos);
        IntExpr free = free(lock, r.rw(), read, where);
        Action take = read ? new Actions.ReadAcquire(lock, owner) : take(lock, where);
        edges.add(new Edge(from, free, new Action[] {take}, to, pos, text, context(f), new Locks.Wait(lock, r.rw(), read)));
        lock.mayTouch(mayHeld, 0, 1);
    }

    /** Lock L can be taken: no writer, and no readers either unless it is taken for reading. */
    private static IntExpr free(Place lock, boolean rw, boolean read, ptecheck.ts.SourceRef where) {
        IntExpr writer = lock.isStatic() ? new Eval.Read(lock.base) : new Eval.DynRead(lock, 0);
        IntExpr free = Eval.binary(Operator.EQ, writer, Eval.constant(0), where);
        if (rw && !read) {
            IntExpr readers = lock.isStatic() ? new Eval.Read(lock.base + 1) : new Eval.DynRead(lock, 1);
            free = Eval.and(free, Eval.binary(Operator.EQ, readers, Eval.constant(0), where));
        }
        return free;
    }

    /** Takes L for writing: this actor becomes its owner. */
    private Action take(Place lock, ptecheck.ts.SourceRef where) {
        return new Actions.Assign(lock.offset(0, 1, lock.name), new IntExpr[] {Eval.constant(owner)}, new int[] {0},
                new int[] {Integer.MAX_VALUE}, where);
    }

    /**
     * A rule's leading {@code lock L}: the rule fires only while L is free, and holds it for its
     * one step, which nothing interleaves with, so nothing is stored (an agent owns no lock
     * between steps). Null after an error.
     */
    IntExpr ruleLock(Stmt.Lock l, Env env) {
        LockRef r = lockRef(l.lock(), env);
        return r == null ? null : free(r.place(), r.rw(), false, ExprCompiler.ref(l.pos()));
    }

    /** Releases a lock; statically checks that some path to here took it (when the lock is known). */
    Action release(Expr lockExpr, Actions.RwUnlock.Mode mode, Pos pos, Env env) {
        if (owner == 0) {
            diags.error(pos, "agents cannot take or release locks");
            return null;
        }
        LockRef r = lockRef(lockExpr, env);
        if (r == null) {
            return null;
        }
        if (mode != Actions.RwUnlock.Mode.ANY && !r.rw()) {
            diags.error(lockExpr.pos(), ExprCompiler.describe(lockExpr) + " is a spinlock, not an rwsem",
                    "release a spinlock with 'unlock " + ExprCompiler.describe(lockExpr) + "'");
            return null;
        }
        Place lock = r.place();
        if (lock.isStatic()) {
            if (!mayHeld.get(lock.base)) {
                diags.error(pos, "unlock of " + lock.name + ", which is not held here",
                        "no path to this statement takes 'lock " + lock.name + "'");
                return null;
            }
            mayHeld.clear(lock.base);
        }
        ptecheck.ts.SourceRef where = ExprCompiler.ref(pos);
        return r.rw() ? new Actions.RwUnlock(lock, owner, mode, where) : new Actions.Unlock(lock, owner, where);
    }

    private Action check(Stmt.Assert a, Env env) {
        boolean was = ec.setReadGhosts(true);
        IntExpr cond = ec.bool(a.cond(), env);
        ec.setReadGhosts(was);
        String name = a.name() == null ? Violation.ASSERTION.id() : a.name();
        return new Actions.Check(cond, name, "assertion failed: " + a.text(), ExprCompiler.ref(a.pos()));
    }

    private Env.Local declareLocal(Stmt.LocalVar v, Env scope, boolean bindOnly) {
        Env.Local existing = locals.get(v);
        if (scope.definesHere(v.name())) {
            diags.error(v.pos(), "duplicate declaration of '" + v.name() + "'");
            return null;
        }
        Type t;
        if (v.type() != null) {
            t = symbols.resolve(v.type());
        } else if (v.init() instanceof Expr.Call c && isPrimitive(c.name())) {
            // primitives return bool, the type of their memory argument, or nothing (then the call reports it)
            boolean value = "value".equals(Primitives.declaration(c.name()).result()) && !c.args().isEmpty();
            t = value ? ec.compileQuietly(c.args().get(0), scope).type() : new Type.Bool();
        } else if (v.init() instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc p) {
            if (p.result() == null) {
                throw ExprCompiler.unchecked(c.pos(), "the value of procedure '" + c.name() + "', which returns none,");
            }
            t = symbols.resolve(p.result());
        } else if (v.init() != null) {
            CExpr init = ec.compile(v.init(), scope, null);
            t = init.type();
            if (t instanceof Type.None || t instanceof Type.RecordLiteral || t instanceof Type.Int i && !i.bounded()) {
                diags.error(v.pos(), "cannot tell the type of '" + v.name() + "' from its initial value",
                        "declare it: 'var " + v.name() + ": TYPE = ...'");
                t = null;
            }
        } else {
            diags.error(v.pos(), "'var " + v.name() + "' needs a type or an initial value");
            t = null;
        }
        if (t == null) {
            scope.bind(v.name(), new Env.Poisoned());
            return null;
        }
        if (!Symbols.storable(t) || t instanceof Type.Lock) {
            diags.error(v.pos(), "local '" + v.name() + "' needs a finite type, not " + t.show());
            return null;
        }
        Env.Local local = existing;
        if (local == null) {
            String name = actor + "." + v.name();
            int n = localNames.merge(name, 1, Integer::sum);
            if (n > 1) {
                name = name + "#" + n;
            }
            int base = temporaries ? layout.allocTemp(name, t) : layout.alloc(name, t, false);
            if (layout.valueSlots() != null) {
                layout.valueSlots().declare(v.type(), java.util.List.of(), base);
            }
            if (!temporaries) {
                layout.variables(name, base, t, null);
            }
            local = new Env.Local(Place.of(base, t.leaves(), v.name()), t);
            locals.put(v, local);
            if (!temporaries) {
                stateLocals.add(local);
            }
        }
        scope.bind(v.name(), local);
        return local;
    }

    /** Domain values of a {@code for} loop, or null after an error. */
    private List<ConstValue> domain(TypeExpr te, Env env) {
        Type t;
        if (te instanceof TypeExpr.RangeType r) {
            Integer lo = constInt(r.lo(), env);
            Integer hi = constInt(r.hi(), env);
            if (lo == null || hi == null) {
                return null;
            }
            if (lo > hi) {
                return List.of();
            }
            t = new Type.Int(lo, hi);
        } else {
            t = symbols.resolve(te);
            if (t == null) {
                return null;
            }
            if (!Types.finite(t)) {
                diags.error(te.pos(), "unbounded loop: 'for' needs a finite domain, not " + t.show());
                return null;
            }
        }
        List<ConstValue> out = new ArrayList<>();
        for (int k = 0; k < Types.size(t); k++) {
            out.add(new ConstValue(t, Types.value(t, k)));
        }
        return out;
    }

    private Integer constInt(Expr e, Env env) {
        CExpr c = ec.compile(e, env, null);
        if (c.failed()) {
            return null;
        }
        Integer k = c.constant();
        if (k == null || !(c.type() instanceof Type.Int)) {
            diags.error(e.pos(), "unbounded loop: the bounds of 'for' must be constants",
                    "loop on a condition with 'while', or over a type: 'for p in PAGE'");
            return null;
        }
        return k;
    }

    // ---------------------------------------------------------------- atomic steps

    private boolean temporaries;

    /** Compiles statements that run as one atomic step. Locals declared here are temporaries. */
    Action[] actions(List<Stmt> body, Env env, Frame f) {
        boolean saved = temporaries;
        temporaries = true;
        List<Action> out = new ArrayList<>();
        Env scope = env.child();
        for (Stmt s : body) {
            action(s, scope, f, out);
        }
        temporaries = saved;
        return out.toArray(new Action[0]);
    }

    private void action(Stmt s, Env env, Frame f, List<Action> out) {
        if (s instanceof Stmt.LocalVar v) {
            Env.Local local = declareLocal(v, env, false);
            if (local != null && v.init() != null) {
                assignAction(new CExpr(local.type(), new IntExpr[0], local.place(), List.of()), v.init(), env, f, out, v.pos());
            }
        } else if (s instanceof Stmt.Assign a) {
            boolean was = ec.setReadGhosts(ec.isGhostTarget(a.target(), env));
            CExpr target = target(a.target(), env);
            if (target != null) {
                assignAction(target, a.value(), env, f, out, a.pos());
            }
            ec.setReadGhosts(was);
        } else if (s instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Call c && isPrimitive(c.name())) {
            primitiveActions(c, null, env, f, out);
        } else if (s instanceof Stmt.ExprStmt e) {
            Expr.Call call = callOf(e);
            if (call != null) {
                inlineAction(call, null, env, f, out);
            }
        } else if (s instanceof Stmt.If i) {
            IntExpr cond = ec.bool(i.cond(), env);
            if (cond.constant() != null) {
                out.addAll(List.of(actions(cond.constant() != 0 ? i.then() : i.otherwise(), env, f)));
                return;
            }
            out.add(new Actions.If(cond, actions(i.then(), env, f), actions(i.otherwise(), env, f)));
        } else if (s instanceof Stmt.For loop) {
            List<ConstValue> values = domain(loop.domain(), env);
            if (values != null) {
                for (ConstValue v : values) {
                    out.addAll(List.of(actions(loop.body(), env.child().bind(loop.var(), new Env.Value(v)), f)));
                }
            }
        } else if (s instanceof Stmt.Atomic a) {
            out.addAll(List.of(actions(a.body(), env, f)));
        } else if (s instanceof Stmt.Assert a) {
            out.add(check(a, env));
        } else if (s instanceof Stmt.Unlock u) {
            Action a = release(u.lock(), Actions.RwUnlock.Mode.ANY, u.pos(), env);
            if (a != null) {
                out.add(a);
            }
        } else if (s instanceof Stmt.Return r) {
            if (f == null) {
                throw ExprCompiler.unchecked(r.pos(), "'return' outside a procedure");
            }
            out.addAll(returnValue(r, env, f));
            if (f.exitPc() >= 0) {
                out.add(new Actions.SetPc(pcSlot, f.exitPc()));
            }
            out.add(new Actions.Stop());
        } else if (s instanceof Stmt.Skip) {
            // nothing
        } else {
            String what = s instanceof Stmt.Await ? "'await' inside an atomic step must come first"
                    : s instanceof Stmt.Lock ? "'lock' cannot be used inside an atomic step or a rule"
                    : s instanceof Stmt.While ? "'while' cannot be used inside an atomic step or a rule"
                    : s instanceof Stmt.Either ? "'either' cannot be used inside an atomic step or a rule"
                    : "labels cannot be used inside an atomic step or a rule";
            String hint = s instanceof Stmt.Lock ? "take the lock in a step of its own before the atomic block"
                    : s instanceof Stmt.While ? "a bounded 'for' can be used instead" : null;
            diags.error(s.pos(), what, hint);
        }
    }

    private void assignAction(CExpr target, Expr value, Env env, Frame f, List<Action> out, Pos pos) {
        if (value instanceof Expr.Call c && isPrimitive(c.name())) {
            primitiveActions(c, target, env, f, out);
            return;
        }
        if (value instanceof Expr.Call c && symbols.decl(c.name()) instanceof Decl.Proc) {
            inlineAction(c, target, env, f, out);
            return;
        }
        List<Action> a = assignActions(target, value, env, pos);
        if (a != null) {
            out.addAll(a);
        }
    }

    private void inlineAction(Expr.Call call, CExpr target, Env env, Frame f, List<Action> out) {
        Decl.Proc proc = (Decl.Proc) symbols.decl(call.name());
        ec.markInlined(proc.name());
        Type result = proc.result() == null ? null : symbols.resolve(proc.result());
        if (!checkCall(call, proc, target, result, f)) {
            return;
        }
        // Inside one atomic step nothing can change between the call and the use of a value
        // argument, so reading shared state there is fine.
        Env callee = ec.bindArgs(call, proc.params(), env, false);
        if (callee == null) {
            return;
        }
        Frame inner = new Frame(proc.name(), target, result, -1, f == null ? null : f.callText(), f);
        for (Stmt s : proc.body()) {
            if (s instanceof Stmt.Await || s instanceof Stmt.Lock || s instanceof Stmt.While || s instanceof Stmt.Either) {
                diags.error(call.pos(), "procedure '" + proc.name() + "' has steps of its own and cannot be called inside "
                        + "an atomic step or a rule", "call it as a statement of its own");
                return;
            }
        }
        out.add(new Actions.CallBlock(actions(proc.body(), callee, inner)));
    }

    // ---------------------------------------------------------------- kernel primitives

    private boolean isPrimitive(String name) {
        return Primitives.lowering(name) != null;
    }

    /** A primitive called in a kernel process body: its steps (one, unless it waits). */
    private void primitiveSteps(Expr.Call c, CExpr target, Stmt site, int from, int to, Env env, Frame f) {
        PrimitiveCall call = primitiveCall(c, target, env, f, site);
        if (call == null) {
            return;
        }
        if (Primitives.lowering(c.name()) instanceof Primitive.Waiting w) {
            w.steps(call, from, to);
            return;
        }
        List<Action> out = ((Primitive.OneStep) Primitives.lowering(c.name())).actions(call);
        if (out != null) {
            edges.add(new Edge(from, null, out.toArray(new Action[0]), to, site.pos(), site.text(), context(f)));
        }
    }

    /**
     * A primitive called inside an atomic step or a rule: part of that step. One that waits is
     * refused at once when called as a statement; assigned, the result check comes first.
     */
    private void primitiveActions(Expr.Call c, CExpr target, Env env, Frame f, List<Action> out) {
        Primitive lowering = Primitives.lowering(c.name());
        PrimitiveCall call = lowering instanceof Primitive.Waiting && target == null ? null
                : primitiveCall(c, target, env, f, null);
        if (lowering instanceof Primitive.OneStep one) {
            List<Action> a = call == null ? null : one.actions(call);
            if (a != null) {
                out.addAll(a);
            }
        } else if (call != null || target == null) {
            diags.error(c.pos(), "'" + c.name() + "' waits and cannot be used inside an atomic step or a rule",
                    "call it as a statement of its own");
        }
    }

    /**
     * Checks a call against the primitive's declaration in the prelude, in this order: the
     * result is used if and only if there is one, the caller may call it, the number of
     * arguments, the primitive's own checks, the CPU. Null after an error.
     */
    private PrimitiveCall primitiveCall(Expr.Call c, CExpr target, Env env, Frame f, Stmt site) {
        ptecheck.lang.check.Prelude.Primitive p = Primitives.declaration(c.name());
        boolean result = p.result() != null;
        if (result != (target != null)) {
            diags.error(c.pos(), result ? "the result of '" + c.name() + "' must be used: 'ok = " + c.name() + "(...)'"
                    : "'" + c.name() + "' returns no value");
            return null;
        }
        if (target != null && !"value".equals(p.result()) && !(target.type() instanceof Type.Bool)) {
            diags.error(c.pos(), "type mismatch: '" + c.name() + "' returns " + p.result() + ", but the target is "
                    + target.type().show());
            return null;
        }
        if (owner == 0 && !p.inAgents()) {
            diags.error(c.pos(), "'" + c.name() + "' is kernel code: agents cannot use it");
            return null;
        }
        if (!p.variadic() && !arity(c, p.params().size())) {
            return null;
        }
        PrimitiveCall call = new PrimitiveCall(this, p, c, target, env, f, site);
        if (!Primitives.lowering(c.name()).accepts(call)) {
            return null;
        }
        if (p.onCpu() && (cpu < 0 || conc == null)) {
            diags.error(c.pos(), "'" + c.name() + "' needs code bound to a CPU ('on cpu N')");
            return null;
        }
        return call;
    }

    private boolean arity(Expr.Call c, int n) {
        if (c.args().size() != n) {
            diags.error(c.pos(), "'" + c.name() + "' takes " + n + " argument" + (n == 1 ? "" : "s") + ", found "
                    + c.args().size());
            return false;
        }
        return true;
    }

    // What a primitive's lowering may use of the actor it lowers for.

    ExprCompiler ec() {
        return ec;
    }

    LayoutBuilder layout() {
        return layout;
    }

    String actor() {
        return actor;
    }

    int owner() {
        return owner;
    }

    /** The CPU the actor runs on, or -1. */
    int cpu() {
        return cpu;
    }

    Concurrency conc() {
        return conc;
    }

    /** Locks (static slots) that may be held here; a primitive that takes a lock adds it. */
    BitSet mayHeld() {
        return mayHeld;
    }

    void addEdge(Edge e) {
        edges.add(e);
    }

    Action irqAssign(IntExpr value, ptecheck.ts.SourceRef where) {
        int slot = conc.irqSlot(cpu);
        return new Actions.Assign(Place.of(slot, 1, "irqs_off[" + cpu + "]"), new IntExpr[] {value}, new int[] {0},
                new int[] {Integer.MAX_VALUE}, where);
    }
}
