package ptecheck.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.check.ConstValue;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.lang.diag.SpecException;
import ptecheck.lang.parse.ModuleLoader;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.StateProperty;

/**
 * Lowers a loaded spec, in one configuration, to a {@link ptecheck.ts.TransitionSystem}: one
 * slot per leaf of every global, lock, pc and local; one group per kernel statement and per
 * hardware rule instance. Reports every type and name error it finds as a diagnostic.
 */
public final class SpecCompiler {
    private final ModuleLoader.Loaded loaded;
    private final Diagnostics diags = new Diagnostics();
    private final Symbols symbols;
    private final LayoutBuilder layout = new LayoutBuilder();
    private final Map<String, Env.Local> globals = new HashMap<>();
    private final Map<String, List<ExprCompiler.ProcessInfo>> processInfos = new LinkedHashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<KernelProcess> processes = new ArrayList<>();
    private ExprCompiler ec;

    private SpecCompiler(ModuleLoader.Loaded loaded, Map<String, String> overrides) {
        this.loaded = loaded;
        this.symbols = new Symbols(loaded.all(), overrides, diags);
    }

    public static CompiledSpec compile(ModuleLoader.Loaded loaded, Map<String, String> overrides) throws SpecException {
        return new SpecCompiler(loaded, overrides).run();
    }

    private record Instance(String name, int index, Env env) {}

    private CompiledSpec run() throws SpecException {
        List<Decl.Kernel> kernels = new ArrayList<>();
        List<Decl.Agent> agents = new ArrayList<>();
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Kernel k) {
                kernels.add(k);
            } else if (d instanceof Decl.Agent a) {
                agents.add(a);
            }
        }
        Map<Decl.Kernel, List<Instance>> kernelInstances = new LinkedHashMap<>();
        int owners = 0;
        for (Decl.Kernel k : kernels) {
            List<Instance> inst = instances(k.name(), k.params());
            kernelInstances.put(k, inst);
            owners += inst.size();
        }
        layout.setLockOwners(owners);
        allocateGlobals();
        ec = new ExprCompiler(symbols, globals, processInfos);
        ec.setLayout(layout);
        Map<KernelProcessDraft, Decl.Kernel> drafts = new LinkedHashMap<>();
        int owner = 0;
        for (var entry : kernelInstances.entrySet()) {
            for (Instance inst : entry.getValue()) {
                int pcSlot = layout.allocPc(inst.name() + ".pc");
                ExprCompiler.ProcessInfo info = new ExprCompiler.ProcessInfo(entry.getKey().name(), inst.index(), pcSlot);
                processInfos.computeIfAbsent(entry.getKey().name(), n -> new ArrayList<>()).add(info);
                drafts.put(new KernelProcessDraft(inst, ++owner, pcSlot, info), entry.getKey());
            }
        }
        int[] initial = null;
        for (var e : drafts.entrySet()) {
            lowerKernel(e.getValue(), e.getKey());
        }
        List<int[]> cpus = new ArrayList<>();
        for (KernelProcess p : processes) {
            cpus.add(new int[] {p.pcSlot(), p.cpu(), p.endPc()});
        }
        ec.setKernelCpus(cpus);
        for (Decl.Agent a : agents) {
            lowerAgent(a);
        }
        List<StateProperty> properties = properties();
        initial = initialState();
        checkUncalled();
        Decl.Expect expectation = Expectations.select(loaded.spec(), symbols);
        try {
            diags.throwIfAny();
        } catch (SpecException e) {
            throw new SpecException(e.diagnostics(), loaded.sources());
        }
        CompiledSystem system = new CompiledSystem(layout.build(), groups, initial, layout.tempSlots(), properties,
                processes, Math.max(layout.size(), 1));
        Map<String, String> config = new LinkedHashMap<>();
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Const c) {
                ConstValue v = symbols.constValue(c.name());
                config.put(c.name(), v == null ? "?" : v.show());
            }
        }
        return new CompiledSpec(loaded.spec().name(), system, config, expectation, loaded.sources());
    }

    /**
     * Procedures and functions are checked where they are inlined; those never called (often in
     * models) are checked here on their own, so a model's errors show before a spec calls it.
     * Finite value parameters stand for their type's first value, so that loop bounds stay
     * constant; the result is discarded.
     */
    private void checkUncalled() {
        LayoutBuilder scratch = LayoutBuilder.after(layout);
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Proc p && !ec.wasInlined(p.name())) {
                Env env = parameters(p.params(), scratch);
                if (env == null) {
                    continue;
                }
                Type result = p.result() == null ? null : symbols.resolve(p.result());
                CExpr target = result == null ? null
                        : new CExpr(result, new IntExpr[0], Place.of(scratch.alloc("result", result, false), result.leaves(),
                        "result"), List.of());
                StmtLowering low = new StmtLowering(ec, scratch, p.name(), 1, scratch.allocPc(p.name() + ".pc"));
                low.block(p.body(), low.newPc(), low.newPc(), env,
                        new StmtLowering.Frame(p.name(), target, result, 1, p.name(), null));
            } else if (d instanceof Decl.Fn f && !ec.wasInlined(f.name())) {
                Env env = parameters(f.params(), scratch);
                Type result = symbols.resolve(f.result());
                if (env != null && result != null) {
                    ec.compile(f.body(), env, result);
                }
            }
        }
    }

    private Env parameters(List<Decl.Param> params, LayoutBuilder scratch) {
        Env env = Env.root();
        for (Decl.Param prm : params) {
            Type t = symbols.resolve(prm.type());
            if (t == null) {
                return null;
            }
            if (!prm.ref() && Types.finite(t)) {
                env.bind(prm.name(), new Env.Value(new ConstValue(t, Types.min(t))));
            } else {
                env.bind(prm.name(), new Env.Local(Place.of(scratch.alloc(prm.name(), t, false), t.leaves(), prm.name()), t));
            }
        }
        return env;
    }

    private record KernelProcessDraft(Instance inst, int owner, int pcSlot, ExprCompiler.ProcessInfo info) {}

    /** One instance per combination of (finite) parameter values. */
    private List<Instance> instances(String name, List<Decl.Param> params) {
        List<Instance> out = new ArrayList<>();
        out.add(new Instance(name, 0, Env.root()));
        List<String> suffixes = new ArrayList<>();
        suffixes.add("");
        for (Decl.Param p : params) {
            if (p.ref()) {
                diags.error(p.pos(), "instance parameters cannot be 'ref'");
                continue;
            }
            Type t = symbols.resolve(p.type());
            if (t == null) {
                continue;
            }
            if (!Types.finite(t)) {
                diags.error(p.type().pos(), "instance parameter '" + p.name() + "' needs a finite type, not " + t.show());
                continue;
            }
            List<Instance> next = new ArrayList<>();
            for (Instance i : out) {
                for (int k = 0; k < Types.size(t); k++) {
                    int v = Types.value(t, k);
                    String label = Types.format(t, v);
                    String nm = params.size() == 1 ? name + "[" + label + "]"
                            : (i.name().equals(name) ? name + "[" + label : i.name() + "," + label);
                    next.add(new Instance(nm, params.size() == 1 ? v : i.index() * Types.size(t) + k,
                            i.env().child().bind(p.name(), new Env.Value(new ConstValue(t, v)))));
                }
            }
            out = next;
        }
        if (params.size() > 1) {
            List<Instance> closed = new ArrayList<>();
            for (Instance i : out) {
                closed.add(new Instance(i.name() + "]", i.index(), i.env()));
            }
            out = closed;
        }
        return out;
    }

    private void allocateGlobals() {
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Var v) {
                Type elem = symbols.resolve(v.type());
                Type t = symbols.withDims(v.dims(), elem);
                if (t == null) {
                    continue;
                }
                if (!Symbols.storable(t) || elem instanceof Type.Lock) {
                    diags.error(v.type().pos(), "variable '" + v.name() + "' needs a finite type, not " + t.show(),
                            elem instanceof Type.Int ? "use a range like 0..3" : null);
                    continue;
                }
                int base = layout.alloc(v.name(), t, true);
                layout.variables(v.name(), base, t, null);
                globals.put(v.name(), new Env.Local(Place.of(base, t.leaves(), v.name()), t));
            } else if (d instanceof Decl.Spinlock l) {
                Type t = symbols.withDims(l.dims(), new Type.Lock());
                if (t == null) {
                    continue;
                }
                int base = layout.alloc(l.name(), t, true);
                layout.variables(l.name(), base, t, (s, at) -> s[at] == 0 ? "free" : "held by " + ownerName(s[at]));
                globals.put(l.name(), new Env.Local(Place.of(base, t.leaves(), l.name()), t));
            }
        }
    }

    private final Map<Integer, String> ownerNames = new HashMap<>();

    private String ownerName(int owner) {
        return ownerNames.getOrDefault(owner, "#" + owner);
    }

    private void lowerKernel(Decl.Kernel k, KernelProcessDraft draft) {
        Instance inst = draft.inst();
        ownerNames.put(draft.owner(), inst.name());
        int cpu = cpuOf(k.cpu(), inst.env());
        StmtLowering low = new StmtLowering(ec, layout, inst.name(), draft.owner(), draft.pcSlot());
        int entry = low.newPc();
        int end = low.newPc();
        low.block(k.body(), entry, end, inst.env(), null);
        layout.setPcCount(draft.pcSlot(), low.pcCount());
        Map<Integer, Place> lockWaits = new HashMap<>();
        for (Edge e : low.edges()) {
            GroupInfo info = new GroupInfo(inst.name(), "", cpu, true,
                    e.pos() == null ? ExprCompiler.ref(k.pos()) : ExprCompiler.ref(e.pos()),
                    e.context() == null ? abbreviate(e.text()) : e.context() + " > " + abbreviate(e.text()));
            Action[] actions = java.util.Arrays.copyOf(e.actions(), e.actions().length + 1);
            actions[e.actions().length] = new Actions.SetPc(draft.pcSlot(), e.to());
            groups.add(new Group(info, draft.pcSlot(), e.from(), e.guard(), actions, draft.owner()));
            if (e.lockWait() != null) {
                lockWaits.put(e.from(), e.lockWait());
            }
        }
        for (var use : draft.info().uses().entrySet()) {
            String label = use.getKey();
            List<Integer> pcs = label.equals("end") ? List.of(end) : low.labels().get(label);
            if (pcs == null) {
                diags.error(use.getValue(), "kernel process '" + k.name() + "' has no label '" + label + "'",
                        low.labels().isEmpty() ? "label a statement with 'NAME: statement'"
                                : "labels: " + String.join(", ", low.labels().keySet()) + ", end");
            } else {
                int[] holder = draft.info().holders().get(label);
                holder[0] = pcs.get(0);
                draft.info().extraPcs().put(label, pcs.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        processes.add(new KernelProcess(inst.name(), draft.owner(), cpu, draft.pcSlot(), end, lockWaits));
    }

    /** Statements shown in traces stay on one short line: long atomic blocks are cut. */
    static String abbreviate(String text) {
        int max = 60;
        return text.length() <= max ? text : text.substring(0, max - 4).stripTrailing() + " ...";
    }

    private int cpuOf(Expr cpu, Env env) {
        if (cpu == null) {
            return -1;
        }
        CExpr c = ec.compile(cpu, env, null);
        if (c.failed()) {
            return -1;
        }
        Integer k = c.constant();
        if (k == null || !(c.type() instanceof Type.Int)) {
            diags.error(cpu.pos(), "'on cpu' needs a constant CPU number");
            return -1;
        }
        return k;
    }

    private void lowerAgent(Decl.Agent a) {
        for (Instance inst : instances(a.name(), a.params())) {
            int cpu = cpuOf(a.cpu(), inst.env());
            StmtLowering low = new StmtLowering(ec, layout, inst.name(), 0, -1);
            for (Decl.Rule r : a.rules()) {
                List<Env> envs = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                envs.add(inst.env());
                labels.add("");
                boolean ok = true;
                for (Decl.Binder b : r.binders()) {
                    Type t = symbols.resolve(b.domain());
                    if (t == null) {
                        ok = false;
                        break;
                    }
                    if (!Types.finite(t)) {
                        diags.error(b.domain().pos(), "rule parameter '" + b.name() + "' needs a finite type, not " + t.show());
                        ok = false;
                        break;
                    }
                    List<Env> nextEnvs = new ArrayList<>();
                    List<String> nextLabels = new ArrayList<>();
                    for (int i = 0; i < envs.size(); i++) {
                        for (int k = 0; k < Types.size(t); k++) {
                            int v = Types.value(t, k);
                            nextEnvs.add(envs.get(i).child().bind(b.name(), new Env.Value(new ConstValue(t, v))));
                            nextLabels.add(labels.get(i) + (labels.get(i).isEmpty() ? "" : ", ") + b.name() + "="
                                    + Types.format(t, v));
                        }
                    }
                    envs = nextEnvs;
                    labels = nextLabels;
                }
                if (!ok) {
                    continue;
                }
                for (int i = 0; i < envs.size(); i++) {
                    IntExpr guard = r.guard() == null ? null : ec.bool(r.guard(), envs.get(i));
                    Action[] actions = low.actions(r.body(), envs.get(i), null);
                    String action = r.name() + (labels.get(i).isEmpty() ? "" : "(" + labels.get(i) + ")");
                    GroupInfo info = new GroupInfo(inst.name(), action, cpu, false, ExprCompiler.ref(r.pos()), r.text());
                    groups.add(new Group(info, -1, -1, guard, actions, 0));
                }
            }
        }
    }

    private List<StateProperty> properties() {
        List<StateProperty> out = new ArrayList<>();
        IntExpr allDone = Eval.constant(1);
        for (KernelProcess p : processes) {
            allDone = Eval.and(allDone, Eval.binary(Eval.Op.EQ, new Eval.Read(p.pcSlot()), Eval.constant(p.endPc()), null));
        }
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Invariant inv) {
                IntExpr c = ec.bool(inv.cond(), Env.root());
                out.add(new ExprProperty(inv.name(), StateProperty.Kind.INVARIANT, ExprCompiler.ref(inv.pos()), inv.text(), c));
            } else if (d instanceof Decl.AtEnd at) {
                IntExpr c = ec.bool(at.cond(), Env.root());
                out.add(new ExprProperty(at.name(), StateProperty.Kind.AT_END, ExprCompiler.ref(at.pos()), at.text(),
                        Eval.or(Eval.not(allDone), c)));
            }
        }
        if (!processes.isEmpty()) {
            out.add(new LockCycleProperty(processes));
        }
        return out;
    }

    private int[] initialState() {
        var built = layout.build();
        int[] s = new int[built.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = built.slot(i).min();
        }
        for (Decl d : symbols.decls()) {
            if (!(d instanceof Decl.Var v) || v.init() == null || !globals.containsKey(v.name())) {
                continue;
            }
            Env.Local g = globals.get(v.name());
            Type elem = g.type();
            // No array literals exist, so an initialiser gives every element the same value.
            while (elem instanceof Type.Array a) {
                elem = a.elem();
            }
            CExpr c = ec.compile(v.init(), Env.root(), elem);
            if (c.failed()) {
                continue;
            }
            int n = elem.leaves();
            int[] values = new int[n];
            boolean constant = true;
            for (int i = 0; i < n; i++) {
                Integer k = c.leaves()[i].constant();
                if (k == null) {
                    constant = false;
                    break;
                }
                values[i] = k;
            }
            if (!constant) {
                diags.error(v.init().pos(), "the initial value of '" + v.name() + "' must be a constant expression");
                continue;
            }
            int base = g.place().base;
            for (int off = 0; off < g.type().leaves(); off += n) {
                for (int i = 0; i < n; i++) {
                    int slot = base + off + i;
                    if (values[i] < built.slot(slot).min() || values[i] > built.slot(slot).max()) {
                        diags.error(v.init().pos(), "initial value " + values[i] + " is out of range of "
                                + built.slot(slot).name());
                    }
                    s[slot] = values[i];
                }
            }
        }
        return s;
    }
}
