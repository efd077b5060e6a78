package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.ast.Expr;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.ast.TypeExpr;
import ptecheck.lang.check.Checker;
import ptecheck.lang.check.ConstValue;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.check.Type;
import ptecheck.lang.check.Types;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.lang.diag.SpecException;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * Lowers a loaded spec, in one configuration, to a {@link ptecheck.ts.TransitionSystem}: one
 * slot per leaf of every global, lock, pc and local; one group per kernel statement and per
 * hardware rule instance. Reports every type and name error it finds as a diagnostic.
 */
public final class SpecCompiler {
    private final LoadedSpec loaded;
    private final Diagnostics diags = new Diagnostics();
    private final Symbols symbols;
    private final LayoutBuilder layout = new LayoutBuilder();
    private final Map<String, Env.Local> globals = new HashMap<>();
    private final Map<String, List<ExprCompiler.ProcessInfo>> processInfos = new LinkedHashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<KernelProcess> processes = new ArrayList<>();
    private ExprCompiler ec;

    private SpecCompiler(LoadedSpec loaded, Map<String, String> overrides) {
        this.loaded = loaded;
        this.symbols = new Symbols(loaded.all(), overrides, diags);
    }

    /** A bad -D option makes everything that depends on the const fail too: report it alone. */
    private void stopOnCommandLineErrors() throws SpecException {
        var cmd = diags.all().stream().filter(d -> d.pos().equals(Symbols.COMMAND_LINE)).toList();
        if (!cmd.isEmpty()) {
            throw new SpecException(cmd, loaded.sources());
        }
    }

    public static CompiledSpec compile(LoadedSpec loaded, Map<String, String> overrides) throws SpecException {
        return compile(loaded, overrides, SizeBound.forMemory(0));
    }

    /**
     * Compiles within {@code bound}; passing it throws a {@link SpecException} that is
     * {@linkplain SpecException#incomplete() incomplete}: the spec is not wrong, only too large.
     */
    public static CompiledSpec compile(LoadedSpec loaded, Map<String, String> overrides, SizeBound bound)
            throws SpecException {
        return compile(loaded, overrides, bound, true);
    }

    /**
     * As above; {@code deadVariables} false turns dead-variable reduction off ({@code --no-dead-vars}):
     * kernel locals then keep their last value until written again.
     */
    public static CompiledSpec compile(LoadedSpec loaded, Map<String, String> overrides, SizeBound bound,
                                       boolean deadVariables) throws SpecException {
        try {
            Checker.check(loaded.spec(), loaded.all());
        } catch (SpecException e) {
            throw new SpecException(e.diagnostics(), loaded.sources());
        }
        SpecCompiler c = new SpecCompiler(loaded, overrides);
        c.layout.setBound(bound);
        c.deadVariables = deadVariables;
        try {
            return c.run();
        } catch (SizeBound.Exceeded e) {
            Pos at = e.pos() != null ? e.pos() : loaded.spec().pos();
            throw new SpecException(List.of(new Diagnostic(at, e.getMessage(),
                    "check a smaller configuration (-D), or allow more with --memory")), loaded.sources(), true);
        }
    }

    private record Instance(String name, int index, Env env) {}

    private boolean deadVariables = true;
    /** Kernel processes as lowered, with their process info, for dead-variable reduction. */
    private final List<DeadVariables.Process> lowered = new ArrayList<>();
    private final List<ExprCompiler.ProcessInfo> loweredInfo = new ArrayList<>();

    private CompiledSpec run() throws SpecException {
        stopOnCommandLineErrors();
        // The check passes accepted the declarations, so an error here comes from this
        // configuration's values (-D CPUS=0: an empty range): report that root cause alone.
        if (diags.hasErrors()) {
            throw new SpecException(diags.all(), loaded.sources());
        }
        List<Decl.Agent> agents = new ArrayList<>();
        Map<Decl, List<Instance>> processDecls = new LinkedHashMap<>();
        int owners = 0;
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Kernel k) {
                processDecls.put(k, instances(k.name(), k.params()));
            } else if (d instanceof Decl.Interrupt i) {
                processDecls.put(i, instances(i.name(), i.params()));
            } else if (d instanceof Decl.Agent a) {
                agents.add(a);
            }
        }
        for (List<Instance> list : processDecls.values()) {
            owners += list.size();
        }
        layout.setLockOwners(owners);
        conc.setOwnerCount(owners);
        layout.setValueSlots(new ValueSlots(symbols));
        allocateGlobals();
        ec = new ExprCompiler(symbols, globals, processInfos);
        ec.setLayout(layout);
        freeable.forEach(ec::setFreeable);
        // Kernel processes first (owners 1..K), then interrupt handlers: handlers must exist
        // before kernel code that sends them IPIs is lowered.
        List<ProcessDraft> drafts = new ArrayList<>();
        int owner = 0;
        for (var entry : processDecls.entrySet()) {
            if (!(entry.getKey() instanceof Decl.Kernel k)) {
                continue;
            }
            for (Instance inst : entry.getValue()) {
                int pcSlot = layout.allocPc(inst.name() + ".pc");
                registerInstance("kernel " + k.name(), k.params(), inst, pcSlot);
                ExprCompiler.ProcessInfo info = new ExprCompiler.ProcessInfo(k.name(), inst.index(), pcSlot);
                processInfos.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(info);
                drafts.add(new ProcessDraft(inst, ++owner, pcSlot, info, k.body(), k.pos(), cpuOf(k.cpu(), inst.env()), null));
            }
        }
        for (var entry : processDecls.entrySet()) {
            if (!(entry.getKey() instanceof Decl.Interrupt i)) {
                continue;
            }
            for (Instance inst : entry.getValue()) {
                int pcSlot = layout.allocPc(inst.name() + ".pc");
                // Not listed as a variable: traces show IPIs through the send and handler steps.
                int pending = layout.alloc(inst.name() + ".pending", new Type.Bool(), false);
                registerInstance("interrupt " + i.name(), i.params(), inst, pcSlot, pending);
                int cpu = cpuOf(i.cpu(), inst.env());
                Handler h = new Handler(i.name(), inst.name(), cpu, pcSlot, pending, ++owner);
                conc.addHandler(h);
                drafts.add(new ProcessDraft(inst, owner, pcSlot, null, i.body(), i.pos(), cpu, h));
            }
        }
        for (ProcessDraft d : drafts) {
            conc.registerOwner(d.owner(), d.cpu());
        }
        memory = weakMemory(drafts.stream().map(ProcessDraft::cpu).filter(c -> c >= 0).toList());
        layout.setOwnerNames(drafts.stream().map(d -> d.inst().name()).toList());
        for (ProcessDraft d : drafts) {
            lowerProcess(d);
        }
        List<int[]> cpus = new ArrayList<>();
        for (KernelProcess p : processes) {
            cpus.add(new int[] {p.pcSlot(), p.cpu(), p.endPc()});
        }
        ec.setKernelCpus(cpus);
        for (Decl.Agent a : agents) {
            lowerAgent(a);
        }
        deliveries();
        groups.addAll(conc.callbackGroups());
        if (memory != null) {
            BitSet sync = syncSlots();
            groups.replaceAll(g -> g.kernel() ? memory.rewrite(g, sync) : g);
            groups.addAll(memory.bufferGroups());
        }
        WaitForGraph waits = new WaitForGraph(processes, irqSlots(), conc.allHandlers(), lockSlots());
        List<StateProperty> properties = properties(waits);
        List<ptecheck.ts.LivenessProperty> liveness = liveness();
        initial = initialState();
        checkUncalled();
        resolveLabels();
        passedFlags();
        if (deadVariables) {
            deadVariables();
        }
        Decl.Expect expectation = Expectations.select(loaded.spec(), symbols);
        checkExpectedNames(properties);
        try {
            diags.throwIfAny();
        } catch (SpecException e) {
            throw new SpecException(e.diagnostics(), loaded.sources());
        }
        var built = layout.build();
        var lockdep = lockdep(built);
        FailureAnalysis failures = new FailureAnalysis(built);
        List<ptecheck.ts.Symmetry> symmetries = symmetries(properties, failures, lockdep != null);
        // Lockdep looks at every lock and interrupt flag when a lock statement fires. Declaring
        // those statements may-fail, with those slots read, keeps every "lock statement enabled
        // with these locks held" situation reachable under partial-order reduction.
        BitSet watched = new BitSet();
        BitSet observed = new BitSet();
        if (lockdep != null) {
            acquires.keySet().forEach(watched::set);
            observed.or(lockSlots());
            irqSlots().values().forEach(observed::set);
        }
        CompiledSystem system = new CompiledSystem(built, groups, initial, layout.tempSlots(), properties,
                processes, waits, Math.max(layout.size(), 1), lockdep, failures, symmetries, watched, observed,
                liveness, FairnessUnits.of(loaded.all(), groups));
        system.setSymmetryRefusal(symmetryRefusal);
        Map<String, String> config = new LinkedHashMap<>();
        List<CompiledSpec.Constant> constants = new ArrayList<>();
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Const c) {
                ConstValue v = symbols.constValue(c.name());
                config.put(c.name(), v == null ? "?" : v.show());
                Object typed = v == null ? "?" : v.type() instanceof Type.Bool ? (Object) (v.value() != 0)
                        : v.type() instanceof Type.Int ? (Object) v.value() : v.show();
                constants.add(new CompiledSpec.Constant(c.name(), typed, readsConstants(c.value())));
            }
        }
        return new CompiledSpec(loaded.spec().name(), system, config, expectation, loaded.sources(), constants);
    }

    private int[] initial;

    /** The store buffers of a {@code memory tso} spec; null under sequential consistency. */
    private MemoryModel memory;

    /**
     * The spec's {@code memory} declaration: its store buffers, or null for sequential
     * consistency. Memory is the spec's own non-ghost variables; models declare hardware state
     * (TLBs, hypervisor queues), which kernel code changes by serializing instructions.
     */
    private MemoryModel weakMemory(List<Integer> cpus) {
        Decl.Memory decl = null;
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Memory m) {
                decl = m;
            }
        }
        WeakMemory.Model model = decl == null ? null : WeakMemory.Model.named(decl.model());
        if (model == null || model == WeakMemory.Model.SC) {
            return null;
        }
        int bound = model == WeakMemory.Model.TSO ? WeakMemory.DEFAULT_BOUND : ArmMemory.DEFAULT_BOUND;
        if (decl.bound() != null) {
            ConstValue v = symbols.eval(decl.bound(), Map.of());
            if (v == null || !(v.type() instanceof Type.Int) || v.value() < 1 || v.value() > 8) {
                diags.error(decl.bound().pos(), "a buffer holds 1 to 8 operations",
                        "write 'memory " + decl.model() + "(4)', or leave the bound out");
                return null;
            }
            bound = v.value();
        }
        BitSet slots = new BitSet();
        int width = 1;
        for (Decl d : loaded.spec().decls()) {
            if (d instanceof Decl.Var v && !v.ghost() && !v.freeable() && globals.get(v.name()) != null) {
                Place p = globals.get(v.name()).place();
                slots.set(p.base, p.base + p.width);
                Type elem = symbols.resolve(v.type());
                width = Math.max(width, elem == null ? 1 : elem.leaves());
            }
        }
        return model == WeakMemory.Model.TSO ? new WeakMemory(layout, slots, bound, width, cpus)
                : new ArmMemory(layout, slots, bound, width, cpus);
    }

    /**
     * Slots a kernel step can touch only with a locked or serializing instruction: locks,
     * interrupt flags, IPI and RCU state, and shared variables that are not memory.
     */
    private BitSet syncSlots() {
        BitSet out = lockSlots();
        irqSlots().values().forEach(out::set);
        for (Handler h : conc.allHandlers()) {
            out.set(h.pendingSlot());
        }
        for (int s : conc.depthSlots(conc.owners())) {
            if (s >= 0) {
                out.set(s);
            }
        }
        for (int s : conc.gpSlots()) {
            out.set(s);
        }
        for (int i = 0; i < layout.size(); i++) {
            if (layout.isShared(i)) {
                out.set(i);
            }
        }
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Var v && v.ghost() && globals.get(v.name()) != null) {
                Place p = globals.get(v.name()).place();
                out.clear(p.base, p.base + p.width);
            }
        }
        BitSet mem = new BitSet();
        for (Decl d : loaded.spec().decls()) {
            if (d instanceof Decl.Var v && !v.ghost() && !v.freeable() && globals.get(v.name()) != null) {
                Place p = globals.get(v.name()).place();
                mem.set(p.base, p.base + p.width);
            }
        }
        out.andNot(mem);
        return out;
    }

    /** True when a const's value is computed from other consts ({@code TOP = TABLES}). */
    private boolean readsConstants(Expr e) {
        if (e instanceof Expr.Name n) {
            for (Decl d : symbols.decls()) {
                if (d instanceof Decl.Const c && c.name().equals(n.name())) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof Expr.Unary u) {
            return readsConstants(u.operand());
        }
        if (e instanceof Expr.Binary b) {
            return readsConstants(b.left()) || readsConstants(b.right());
        }
        if (e instanceof Expr.Call c) {
            return c.args().stream().anyMatch(this::readsConstants);
        }
        if (e instanceof Expr.Field f) {
            return readsConstants(f.target());
        }
        if (e instanceof Expr.Index i) {
            return readsConstants(i.target()) || readsConstants(i.index());
        }
        return false;
    }


    private boolean writesOnlyGhosts(List<ptecheck.lang.ast.Stmt> body, Env env) {
        for (ptecheck.lang.ast.Stmt s : body) {
            if (s instanceof ptecheck.lang.ast.Stmt.Assign a) {
                if (!ec.isGhostTarget(a.target(), env)) {
                    return false;
                }
            } else if (s instanceof ptecheck.lang.ast.Stmt.If i) {
                if (!writesOnlyGhosts(i.then(), env) || !writesOnlyGhosts(i.otherwise(), env)) {
                    return false;
                }
            } else if (s instanceof ptecheck.lang.ast.Stmt.For f) {
                if (!writesOnlyGhosts(f.body(), env)) {
                    return false;
                }
            } else if (s instanceof ptecheck.lang.ast.Stmt.Atomic a) { // an observer (on A.r)
                if (!writesOnlyGhosts(a.body(), env)) {
                    return false;
                }
            } else if (!(s instanceof ptecheck.lang.ast.Stmt.Skip || s instanceof ptecheck.lang.ast.Stmt.Assert)) {
                return false;
            }
        }
        return true;
    }

    /** {@code expect violation NAME} must name something that can be violated: a typo would never match. */
    private void checkExpectedNames(List<StateProperty> properties) {
        java.util.Set<String> known = new java.util.LinkedHashSet<>();
        for (StateProperty p : properties) {
            known.add(p.name());
        }
        for (ptecheck.lang.ast.SourceUnit u : loaded.all()) {
            collectAsserts(u, known);
        }
        for (Violation v : Violation.values()) {
            known.add(v.id());
        }
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Liveness l) {
                known.add(l.name());
            }
        }
        for (Decl d : loaded.spec().decls()) {
            if (d instanceof Decl.Expect e && !e.pass() && !known.contains(e.property())) {
                String close = null;
                for (String k : known) {
                    if (close == null && (k.contains(e.property()) || e.property().contains(k))) {
                        close = k;
                    }
                }
                diags.error(e.pos(), "expect violation " + e.property() + ": no property, assertion or check has that name",
                        close != null ? "did you mean '" + close + "'?"
                                : "properties: " + String.join(", ", properties.stream().map(StateProperty::name).toList()));
            }
        }
    }

    private static void collectAsserts(ptecheck.lang.ast.SourceUnit u, java.util.Set<String> out) {
        for (Decl d : u.decls()) {
            List<ptecheck.lang.ast.Stmt> body = d instanceof Decl.Kernel k ? k.body() : d instanceof Decl.Proc p ? p.body()
                    : d instanceof Decl.Interrupt i ? i.body() : List.of();
            collectAsserts(body, out);
            if (d instanceof Decl.Agent a) {
                a.rules().forEach(r -> collectAsserts(r.body(), out));
            } else if (d instanceof Decl.Extend x) {
                x.rules().forEach(r -> collectAsserts(r.body(), out));
            } else if (d instanceof Decl.Observer o) {
                collectAsserts(o.body(), out);
            }
        }
    }

    private static void collectAsserts(List<ptecheck.lang.ast.Stmt> body, java.util.Set<String> out) {
        for (ptecheck.lang.ast.Stmt s : body) {
            if (s instanceof ptecheck.lang.ast.Stmt.Assert a && a.name() != null) {
                out.add(a.name());
            } else if (s instanceof ptecheck.lang.ast.Stmt.If i) {
                collectAsserts(i.then(), out);
                collectAsserts(i.otherwise(), out);
            } else if (s instanceof ptecheck.lang.ast.Stmt.For f) {
                collectAsserts(f.body(), out);
            } else if (s instanceof ptecheck.lang.ast.Stmt.While w) {
                collectAsserts(w.body(), out);
            } else if (s instanceof ptecheck.lang.ast.Stmt.Atomic a) {
                collectAsserts(a.body(), out);
            } else if (s instanceof ptecheck.lang.ast.Stmt.Either e) {
                e.branches().forEach(b -> collectAsserts(b, out));
            } else if (s instanceof ptecheck.lang.ast.Stmt.Labeled l) {
                collectAsserts(List.of(l.body()), out);
            }
        }
    }

    /** A process's labels, resolved once every use of {@code proc@label} has been compiled. */
    private record LabelTable(ExprCompiler.ProcessInfo info, Map<String, List<Integer>> labels, int end) {}

    private final List<LabelTable> labelTables = new ArrayList<>();

    /**
     * {@code after P@L}: every step of P that leaves a pc of L sets P's flag for L, first (an
     * atomic step's {@code return} may stop the rest).
     */
    private void passedFlags() {
        for (LabelTable t : labelTables) {
            for (var flag : t.info().passed().entrySet()) {
                List<Integer> pcs = t.labels().get(flag.getKey());
                if (pcs == null) {
                    continue; // reported by resolveLabels
                }
                String name = t.info().name() + ".passed_" + flag.getKey();
                Action set = new Actions.Assign(Place.of(flag.getValue(), 1, name), new IntExpr[] {Eval.constant(1)},
                        new int[] {0}, new int[] {1}, null);
                for (int i = 0; i < groups.size(); i++) {
                    Group g = groups.get(i);
                    if (g.pcSlot() == t.info().pcSlot() && pcs.contains(g.fromPc())) {
                        Action[] actions = new Action[g.actions().length + 1];
                        actions[0] = set;
                        System.arraycopy(g.actions(), 0, actions, 1, g.actions().length);
                        groups.set(i, new Group(g.info(), g.cpu(), g.kernel(), g.pcSlot(), g.fromPc(), g.guard(), actions,
                                g.owner(), g.suspendedBy()));
                    }
                }
            }
        }
    }

    /** Dead-variable reduction over each kernel process, leaving the locals properties read alone. */
    private void deadVariables() {
        for (int k = 0; k < lowered.size(); k++) {
            DeadVariables.Process p = lowered.get(k);
            ExprCompiler.ProcessInfo info = loweredInfo.get(k);
            BitSet keep = new BitSet();
            for (String name : info.observed()) {
                Env.Local l = info.locals().get(name);
                keep.set(l.place().base, l.place().base + l.type().leaves());
            }
            BitSet[] live = DeadVariables.apply(p, keep, groups, layout);
            for (Env.Local l : p.locals()) {
                layout.reformat(l.place().base, l.place().base + l.type().leaves(),
                        v -> DeadVariables.showingDead(v, p.pcSlot(), live));
            }
        }
    }

    private void resolveLabels() {
        for (LabelTable t : labelTables) {
            for (var use : t.info().uses().entrySet()) {
                String label = use.getKey();
                List<Integer> pcs = label.equals("end") ? List.of(t.end()) : t.labels().get(label);
                if (pcs == null) {
                    diags.error(use.getValue(), "kernel process '" + t.info().name() + "' has no label '" + label + "'",
                            t.labels().isEmpty() ? "label a statement with 'NAME: statement'"
                                    : "labels: " + String.join(", ", t.labels().keySet()) + ", end");
                } else {
                    t.info().extraPcs().put(label, pcs.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
    }

    /**
     * The index types the compiled system provably cannot tell apart (see
     * {@link SymmetryDetector}); none when the spec uses RCU, whose grace-period masks hold
     * sets of owners that a block permutation would not rename.
     */
    private List<ptecheck.ts.Symmetry> symmetries(List<StateProperty> properties, FailureAnalysis failures,
                                                  boolean analyses) {
        if (conc.usesRcu() || indexTypeSizes.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> cpuTypes = new java.util.HashSet<>();
        for (Decl d : symbols.decls()) {
            List<Decl.Param> params = null;
            Expr cpu = null;
            if (d instanceof Decl.Agent a) {
                params = a.params();
                cpu = a.cpu();
            } else if (d instanceof Decl.Interrupt i) {
                params = i.params();
                cpu = i.cpu();
            } else if (d instanceof Decl.Kernel k) {
                params = k.params();
                cpu = k.cpu();
            }
            if (cpu instanceof Expr.Name n) {
                for (Decl.Param prm : params) {
                    if (prm.name().equals(n.name()) && prm.type() instanceof TypeExpr.NamedType t) {
                        cpuTypes.add(t.name());
                    }
                }
            }
        }
        String cpuType = null;
        if (cpuTypes.size() == 1) {
            String name = cpuTypes.iterator().next();
            Type t = symbols.resolve(new TypeExpr.NamedType(new Pos("", 0, 0), name));
            if (t instanceof Type.Int i && i.lo() == 0) { // CPU numbers are then also ordinals
                cpuType = name;
                indexTypeSizes.putIfAbsent(name, Types.size(t));
            }
        }
        java.util.Set<Integer> pinned = new java.util.HashSet<>();
        BitSet pcs = new BitSet();
        for (KernelProcess p : processes) {
            if (!p.handler()) {
                pcs.set(p.pcSlot());
                if (p.cpu() >= 0) {
                    pinned.add(p.cpu());
                }
            }
        }
        Map<String, BitSet> values = new HashMap<>();
        for (String type : indexTypeSizes.keySet()) {
            values.put(type, layout.valueSlots().of(type));
        }
        SymmetryDetector detector = new SymmetryDetector(layout.coordinates(), indexTypeSizes, values, cpuType, pinned,
                groups.toArray(new Group[0]), properties, initial, layout.tempSlots(), lockSlots(), analyses, pcs, failures,
                layout::slotName);
        List<ptecheck.ts.Symmetry> found = detector.detect();
        symmetryRefusal = cpuType == null ? null : detector.refusals().get(cpuType);
        return found;
    }

    private final Map<String, Integer> indexTypeSizes = new HashMap<>();
    private String symmetryRefusal;

    /** Every lock's slots (a spinlock's owner; an rwsem's writer and readers). */
    private BitSet lockSlots() {
        BitSet out = new BitSet();
        for (Locks.Info l : lockInfos) {
            out.set(l.slot(), l.slot() + (l.rw() ? 2 : 1));
        }
        return out;
    }

    /** Records the slots of {@code base ..} as a family indexed by {@code dims}, for symmetry detection. */
    private void registerFamily(String family, List<TypeExpr> dims, int base, int elemLeaves) {
        String[] names = new String[dims.size()];
        int[] sizes = new int[dims.size()];
        for (int i = 0; i < dims.size(); i++) {
            Type t = symbols.resolve(dims.get(i));
            if (t == null) {
                return;
            }
            sizes[i] = Types.size(t);
            if (dims.get(i) instanceof TypeExpr.NamedType n && t instanceof Type.Int) {
                names[i] = n.name();
                indexTypeSizes.put(n.name(), sizes[i]);
            }
        }
        layout.coordinates(family, names, sizes, base, elemLeaves);
    }

    /** Records per-instance slots of a process with one parameter of a named type. */
    private void registerInstance(String family, List<Decl.Param> params, Instance inst, int... slots) {
        if (params.size() != 1 || !(params.get(0).type() instanceof TypeExpr.NamedType n)) {
            return;
        }
        Type t = symbols.resolve(n);
        if (!(t instanceof Type.Int)) {
            return;
        }
        for (int k = 0; k < Types.size(t); k++) {
            if (Types.value(t, k) == inst.index()) {
                for (int i = 0; i < slots.length; i++) {
                    layout.coordinate(slots[i], new SymmetryDetector.Coord(family, new String[] {n.name()}, new int[] {k}, i));
                }
                indexTypeSizes.put(n.name(), Types.size(t));
            }
        }
    }

    /** What lockdep needs, captured once; each search gets a fresh analysis from it. */
    private java.util.function.Supplier<LockdepAnalysis> lockdep(ptecheck.ts.StateLayout built) {
        if (acquires.isEmpty()) {
            return null;
        }
        Locks.Wait[] acquireOf = new Locks.Wait[groups.size()];
        int[] ownerOf = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            acquireOf[g] = acquires.get(g);
            ownerOf[g] = groups.get(g).owner();
        }
        int[] slots = lockInfos.stream().mapToInt(Locks.Info::slot).toArray();
        boolean[] rw = new boolean[slots.length];
        String[] names = new String[slots.length];
        int[] classOf = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            rw[i] = lockInfos.get(i).rw();
            names[i] = lockInfos.get(i).name();
            classOf[i] = lockInfos.get(i).classId();
        }
        String[] classes = lockClasses.toArray(new String[0]);
        int maxOwner = 0;
        for (KernelProcess p : processes) {
            maxOwner = Math.max(maxOwner, p.owner());
        }
        boolean[] isHandler = new boolean[maxOwner + 1];
        int[] irqSlot = new int[maxOwner + 1];
        java.util.Arrays.fill(irqSlot, -1);
        Map<Integer, Integer> irq = irqSlots();
        for (KernelProcess p : processes) {
            isHandler[p.owner()] = p.handler();
            irqSlot[p.owner()] = irq.getOrDefault(p.cpu(), -1);
        }
        int size = built.size();
        return () -> new LockdepAnalysis(acquireOf, ownerOf, size, slots, rw, names, classOf, classes, isHandler, irqSlot);
    }

    private Map<Integer, Integer> irqSlots() {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        for (KernelProcess p : processes) {
            if (p.cpu() >= 0 && conc.hasIrqSlot(p.cpu())) {
                out.put(p.cpu(), conc.irqSlot(p.cpu()));
            }
        }
        return out;
    }

    /**
     * One group per handler instance: a pending IPI is taken when the target CPU has
     * interrupts enabled and runs no other handler (no nesting). The handler then runs step by
     * step, suspending the kernel code of that CPU, and clears {@code pending} (the
     * acknowledgement the sender waits for) when it finishes.
     */
    private void deliveries() {
        for (Handler h : conc.allHandlers()) {
            IntExpr guard = Eval.binary(Operator.EQ, new Eval.Read(h.pendingSlot()), Eval.constant(1), null);
            if (conc.hasIrqSlot(h.cpu())) {
                guard = Eval.and(guard, Eval.binary(Operator.EQ, new Eval.Read(conc.irqSlot(h.cpu())),
                        Eval.constant(0), null));
            }
            for (Handler other : conc.handlersOn(h.cpu())) {
                guard = Eval.and(guard, Eval.binary(Operator.EQ, new Eval.Read(other.pcSlot()),
                        Eval.constant(Handler.IDLE), null));
            }
            GroupInfo info = new GroupInfo(h.instance(), "interrupt", SourceRef.NONE,
                    "IPI " + h.name() + " taken on cpu " + h.cpu());
            groups.add(new Group(info, h.cpu(), false, -1, -1, guard, new Action[] {new Actions.SetPc(h.pcSlot(), Handler.ENTRY)}, 0));
        }
    }
    /**
     * Procedures and functions are checked where they are inlined; those never called (often in
     * models) are checked here on their own, so a model's errors show before a spec calls it.
     * Finite value parameters stand for their type's first value, so that loop bounds stay
     * constant; the result is discarded. A caller may hold any lock, so an unlock is not by itself
     * an error here.
     */
    private void checkUncalled() {
        LayoutBuilder scratch = LayoutBuilder.after(layout);
        Concurrency scratchConc = new Concurrency(scratch);
        conc.allHandlers().forEach(scratchConc::addHandler);
        ec.setCurrentCpu(0); // a representative CPU, so that smp_processor_id() compiles
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
                StmtLowering low = new StmtLowering(ec, scratch, p.name(), 1, scratch.allocPc(p.name() + ".pc"))
                        .onCpu(0, scratchConc).callerMayHoldAnyLock();
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
        ec.setCurrentCpu(-1);
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

    /** A kernel process or handler instance, its slots allocated, waiting to be lowered. */
    private record ProcessDraft(Instance inst, int owner, int pcSlot, ExprCompiler.ProcessInfo info,
                                List<ptecheck.lang.ast.Stmt> body, Pos pos, int cpu, Handler handler) {}

    /** One instance per combination of (finite) parameter values. */
    private List<Instance> instances(String name, List<Decl.Param> params) {
        List<Instance> out = new ArrayList<>();
        out.add(new Instance(name, 0, Env.root()));
        List<String> suffixes = new ArrayList<>();
        suffixes.add("");
        for (Decl.Param p : params) {
            Type t = symbols.resolve(p.type());
            if (t == null) {
                continue;
            }
            if (p.ref() || !Types.finite(t)) {
                throw ExprCompiler.unchecked(p.pos(), "instance parameter '" + p.name() + "'");
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
                    throw ExprCompiler.unchecked(v.pos(), "variable '" + v.name() + "' of type " + t.show());
                }
                int base;
                try {
                    base = layout.alloc(v.name(), t, true);
                } catch (SizeBound.Exceeded e) {
                    throw e.at(v.pos());
                }
                layout.variables(v.name(), base, t, null);
                layout.declare(v.name(), base, t);
                registerFamily(v.name(), v.dims(), base, elem.leaves());
                layout.valueSlots().declare(v.type(), v.dims(), base);
                globals.put(v.name(), new Env.Local(Place.of(base, t.leaves(), v.name()), t));
                if (v.freeable()) {
                    if (!(t instanceof Type.Array a)) {
                        throw ExprCompiler.unchecked(v.pos(), "a freeable variable that is not an array");
                    }
                    Type flags = new Type.Array(a.index(), new Type.Bool());
                    int freed = layout.alloc(v.name() + ".freed", flags, true);
                    registerFamily(v.name() + ".freed", v.dims().subList(0, 1), freed, 1);
                    layout.variables(v.name() + ".freed", freed, flags, null);
                    freeable.put(v.name(), freed);
                }
            } else if (d instanceof Decl.Lock l) {
                Type t = symbols.withDims(l.dims(), new Type.Lock(l.rw()));
                if (t == null) {
                    continue;
                }
                int base = layout.alloc(l.name(), t, true);
                registerFamily(l.name(), l.dims(), base, l.rw() ? 2 : 1);
                var built = layout.build();
                int width = l.rw() ? 2 : 1;
                for (int i = 0; i < t.leaves(); i += width) {
                    String name = built.slot(base + i).name();
                    lockInfos.add(new Locks.Info(base + i, l.rw(), l.rw() ? name.substring(0, name.length() - ".writer".length())
                            : name, lockClasses.size()));
                }
                lockClasses.add(l.name());
                layout.variables(l.name(), base, t, (s, at) -> lockState(s, at, l.rw()));
                layout.declare(l.name(), base, t);
                globals.put(l.name(), new Env.Local(Place.of(base, t.leaves(), l.name()), t));
            }
        }
    }

    private final Map<Integer, String> ownerNames = new HashMap<>();
    private final List<Locks.Info> lockInfos = new ArrayList<>();
    private final Map<String, Integer> freeable = new LinkedHashMap<>();
    private final List<String> lockClasses = new ArrayList<>();
    private final Map<Integer, Locks.Wait> acquires = new HashMap<>();

    private String lockState(int[] s, int at, boolean rw) {
        if (!rw) {
            return s[at] == 0 ? "free" : "held by " + ownerName(s[at]);
        }
        if (s[at] != 0) {
            return "held for writing by " + ownerName(s[at]);
        }
        List<String> readers = new ArrayList<>();
        for (int o = 1, r = s[at + 1]; r != 0; o++, r >>>= 1) {
            if ((r & 1) != 0) {
                readers.add(ownerName(o));
            }
        }
        return readers.isEmpty() ? "free" : "held for reading by " + String.join(", ", readers);
    }
    private final Concurrency conc = new Concurrency(layout);

    private String ownerName(int owner) {
        return ownerNames.getOrDefault(owner, "#" + owner);
    }

    private void lowerProcess(ProcessDraft draft) {
        Instance inst = draft.inst();
        ownerNames.put(draft.owner(), inst.name());
        int cpu = draft.cpu();
        Handler self = draft.handler();
        StmtLowering low = new StmtLowering(ec, layout, inst.name(), draft.owner(), draft.pcSlot()).onCpu(cpu, conc);
        int entry = low.newPc();
        int end = low.newPc();
        ec.setCurrentCpu(cpu);
        low.block(draft.body(), entry, end, inst.env(), null);
        ec.setCurrentCpu(-1);
        layout.setPcCount(draft.pcSlot(), low.pcCount());
        int[] suspendedBy = new int[0];
        if (self == null) {
            suspendedBy = conc.handlersOn(cpu).stream().mapToInt(Handler::pcSlot).toArray();
        }
        if (self == null && draft.info() != null) {
            lowered.add(new DeadVariables.Process(draft.pcSlot(), low.pcCount(), end, List.copyOf(low.edges()), groups.size(),
                    List.copyOf(low.stateLocals())));
            loweredInfo.add(draft.info());
        }
        Map<Integer, Locks.Wait> lockWaits = new HashMap<>();
        Map<Integer, List<Handler>> ipiWaits = new HashMap<>();
        Map<Integer, Integer> gpWaits = new HashMap<>();
        for (Edge e : low.edges()) {
            GroupInfo info = new GroupInfo(inst.name(), "",
                    e.pos() == null ? ExprCompiler.ref(draft.pos()) : ExprCompiler.ref(e.pos()),
                    e.context() == null ? abbreviate(e.text()) : e.context() + " > " + abbreviate(e.text()), low.shown(e));
            List<Action> actions = new ArrayList<>(List.of(e.actions()));
            if (self != null && e.to() == end) {
                // The handler's last step acknowledges the IPI.
                actions.add(new Actions.Assign(Place.of(self.pendingSlot(), 1, self.instance() + ".pending"),
                        new IntExpr[] {Eval.constant(0)}, new int[] {0}, new int[] {1}, null));
            }
            actions.add(new Actions.SetPc(draft.pcSlot(), e.to()));
            if (self != null && e.to() == end && conc.usesRcu()) {
                actions.add(new Actions.RcuQuiesce(conc.rcu(), self.owner())); // its implied read-side section ends
            }
            groups.add(new Group(info, cpu, true, draft.pcSlot(), e.from(), e.guard(), actions.toArray(new Action[0]), draft.owner(),
                    suspendedBy));
            if (e.lockWait() != null) {
                lockWaits.put(e.from(), e.lockWait());
                acquires.put(groups.size() - 1, e.lockWait());
            }
            if (e.ipiWait() != null) {
                ipiWaits.put(e.from(), e.ipiWait());
            }
            if (e.gpWait() >= 0) {
                gpWaits.put(e.from(), e.gpWait());
            }
        }
        if (draft.info() != null) {
            labelTables.add(new LabelTable(draft.info(), low.labels(), end));
            for (ptecheck.lang.ast.Stmt.LocalVar v : ptecheck.lang.check.ProcessLocals.named(draft.body(), null)) {
                Env.Local l = low.localOf(v);
                if (l != null) {
                    draft.info().locals().putIfAbsent(v.name(), l); // P.x in properties
                }
            }
        }
        processes.add(new KernelProcess(inst.name(), draft.owner(), cpu, draft.pcSlot(), end, lockWaits, ipiWaits, gpWaits,
                self != null));
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
            StmtLowering low = new StmtLowering(ec, layout, inst.name(), 0, -1).onCpu(cpu, conc);
            ec.setCurrentCpu(cpu);
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
                        throw ExprCompiler.unchecked(b.pos(), "rule parameter '" + b.name() + "' of type " + t.show());
                    }
                    layout.bound().transitions((long) envs.size() * Types.size(t) - envs.size(),
                            "rule " + r.name() + " for " + b.name(), r.pos());
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
                    // a rule whose effects are all on ghosts cannot change the protocol: it may read them
                    boolean was = ec.setReadGhosts(writesOnlyGhosts(r.body(), envs.get(i)));
                    IntExpr guard = r.guard() == null ? null : ec.bool(r.guard(), envs.get(i));
                    List<ptecheck.lang.ast.Stmt> body = r.body();
                    if (!body.isEmpty() && body.get(0) instanceof ptecheck.lang.ast.Stmt.Lock l) {
                        IntExpr free = low.ruleLock(l, envs.get(i));
                        guard = free == null ? guard : guard == null ? free : Eval.and(guard, free);
                        body = body.subList(1, body.size());
                    }
                    Action[] actions = low.actions(body, envs.get(i), null);
                    ec.setReadGhosts(was);
                    String action = r.name() + (labels.get(i).isEmpty() ? "" : "(" + labels.get(i) + ")");
                    GroupInfo info = new GroupInfo(inst.name(), action, ExprCompiler.ref(r.pos()), r.text());
                    groups.add(new Group(info, cpu, false, -1, -1, guard, actions, 0));
                }
            }
        }
    }

    /** The liveness properties, over the same state as invariants (ghosts included). */
    private List<ptecheck.ts.LivenessProperty> liveness() {
        ec.setCheckFreed(false);
        ec.setReadGhosts(true);
        List<ptecheck.ts.LivenessProperty> out = new ArrayList<>();
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Liveness l) {
                IntExpr p = ec.bool(l.cond(), Env.root());
                IntExpr q = l.then() == null ? null : ec.bool(l.then(), Env.root());
                BitSet reads = new BitSet();
                p.reads(reads);
                if (q != null) {
                    q.reads(reads);
                }
                var form = q != null ? ptecheck.ts.LivenessProperty.Form.LEADS_TO
                        : l.always() ? ptecheck.ts.LivenessProperty.Form.ALWAYS_EVENTUALLY
                        : ptecheck.ts.LivenessProperty.Form.EVENTUALLY;
                out.add(new ptecheck.ts.LivenessProperty(l.name(), form, ExprCompiler.ref(l.pos()), l.text(),
                        condition(p), q == null ? null : condition(q), reads));
            }
        }
        ec.setCheckFreed(true);
        ec.setReadGhosts(false);
        return out;
    }

    /** The left side of a property's top-level {@code implies}, compiled, or null. */
    private IntExpr antecedent(Expr cond) {
        if (cond instanceof Expr.Binary b && b.op().equals("implies")) {
            IntExpr left = ec.bool(b.left(), Env.root());
            return left.constant() != null ? null : left; // a constant left side is the spec's choice
        }
        return null;
    }

    /** The text before a top-level {@code implies} (outside brackets), for the vacuity warning. */
    static String leftText(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
            if (depth == 0 && text.startsWith(" implies ", i)) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** A condition that reads something not there (a none) does not hold, as for invariants. */
    private static ptecheck.ts.LivenessProperty.Condition condition(IntExpr e) {
        return s -> {
            try {
                return e.eval(s) != 0;
            } catch (ptecheck.ts.StepFailure f) {
                return false;
            }
        };
    }

    private List<StateProperty> properties(WaitForGraph waits) {
        ec.setCheckFreed(false);
        ec.setReadGhosts(true);
        List<StateProperty> out = new ArrayList<>();
        IntExpr allDone = Eval.constant(1);
        for (KernelProcess p : processes) {
            allDone = Eval.and(allDone, Eval.binary(Operator.EQ, new Eval.Read(p.pcSlot()), Eval.constant(p.endPc()), null));
        }
        if (memory != null) {
            allDone = Eval.and(allDone, memory.allDrained()); // a run ends when its stores have reached memory
        }
        for (Decl d : symbols.decls()) {
            if (d instanceof Decl.Invariant inv) {
                IntExpr c = ec.bool(inv.cond(), Env.root());
                out.add(new ExprProperty(inv.name(), StateProperty.Kind.INVARIANT, ExprCompiler.ref(inv.pos()), inv.text(), c,
                        null, antecedent(inv.cond()), leftText(inv.text()), new ExprProperty.Seen()));
            } else if (d instanceof Decl.AtEnd at) {
                IntExpr c = ec.bool(at.cond(), Env.root());
                out.add(new ExprProperty(at.name(), StateProperty.Kind.AT_END, ExprCompiler.ref(at.pos()), at.text(),
                        Eval.or(Eval.not(allDone), c), allDone.constant() != null ? null : allDone,
                        antecedent(at.cond()), leftText(at.text()), new ExprProperty.Seen()));
            }
        }
        ec.setCheckFreed(true);
        ec.setReadGhosts(false);
        if (!processes.isEmpty()) {
            out.add(waits);
            Locks.Info[] locks = lockInfos.toArray(new Locks.Info[0]);
            if (locks.length > 0) {
                out.add(ExitProperties.lockHeldAtExit(processes, locks));
            }
            if (!irqSlots().isEmpty()) {
                out.add(ExitProperties.irqsOffAtExit(processes, irqSlots()));
            }
            int[] depths = conc.depthSlots(conc.owners());
            if (java.util.Arrays.stream(depths).anyMatch(d -> d >= 0)) {
                out.add(ExitProperties.rcuHeldAtExit(processes, depths));
            }
            for (Decl d : symbols.decls()) {
                if (d instanceof Decl.MaxLocksHeld m) {
                    ConstValue v = symbols.eval(m.bound(), Map.of());
                    if (v == null || !(v.type() instanceof Type.Int) || v.value() < 0) {
                        if (v != null) {
                            diags.error(m.bound().pos(), "max_locks_held needs a non-negative integer");
                        }
                        continue;
                    }
                    out.add(ExitProperties.locksHeldBound(processes, locks, v.value(), ExprCompiler.ref(m.pos())));
                }
            }
        }
        return out;
    }

    private int[] initialState() {
        var built = layout.build();
        int[] s = new int[built.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = built.slot(i).min();
        }
        for (Handler h : conc.allHandlers()) {
            s[h.pcSlot()] = Handler.IDLE;
        }
        for (Decl d : symbols.decls()) {
            if (!(d instanceof Decl.Var v) || v.init() == null || !globals.containsKey(v.name())) {
                continue;
            }
            Env.Local g = globals.get(v.name());
            Type elem = g.type();
            // An array literal gives each element its value; any other value is every element's.
            while (elem instanceof Type.Array a && !(v.init() instanceof Expr.ArrayLit)) {
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
