package ptecheck.compile;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.lang.check.Operator;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;

/** A spec lowered to the seam: groups over a flat state vector. Immutable and thread-safe. */
final class CompiledSystem implements TransitionSystem {
    private final StateLayout layout;
    private final Group[] groups;
    private final int[] initial;
    private final int[] temps;
    private final int[] tempMins;
    private final List<StateProperty> properties;
    private final List<KernelProcess> processes;
    private final DependencyMatrix deps;
    private final int scratch;

    private final WaitForGraph waits;
    private final java.util.function.Supplier<LockdepAnalysis> lockdep;

    CompiledSystem(StateLayout layout, List<Group> groups, int[] initial, int[] temps, List<StateProperty> properties,
                   List<KernelProcess> processes, WaitForGraph waits, int scratch,
                   java.util.function.Supplier<LockdepAnalysis> lockdep, FailureAnalysis failures,
                   List<ptecheck.ts.Symmetry> symmetries, BitSet lockdepWatched, BitSet lockdepObserved,
                   List<ptecheck.ts.LivenessProperty> liveness, List<ptecheck.ts.Fairness> fairness) {
        this.liveness = List.copyOf(liveness);
        this.fairness = List.copyOf(fairness);
        this.waits = waits;
        this.lockdep = lockdep;
        this.layout = layout;
        this.groups = groups.toArray(new Group[0]);
        this.initial = initial;
        this.temps = temps;
        this.tempMins = new int[temps.length];
        for (int i = 0; i < temps.length; i++) {
            tempMins[i] = layout.slot(temps[i]).min();
        }
        this.properties = List.copyOf(properties);
        this.processes = List.copyOf(processes);
        this.scratch = scratch;
        this.deps = dependencies(this.groups, lockdepWatched, lockdepObserved);
        this.guards = new GuardConjuncts(this.groups);
        this.mayFail = new BitSet();
        for (int g = 0; g < this.groups.length; g++) {
            if (failures.mayFail(this.groups[g]) || lockdepWatched.get(g)) {
                mayFail.set(g);
            }
        }
        this.symmetries = List.copyOf(symmetries);
        this.compiled = true;
        this.index = new GroupIndex(this.groups, layout);
    }

    /** The same system, with its steps run as {@code other}'s or, when not {@code compiled}, interpreted. */
    private CompiledSystem(CompiledSystem other, boolean compiled) {
        this.waits = other.waits;
        this.lockdep = other.lockdep;
        this.layout = other.layout;
        this.groups = other.groups;
        this.initial = other.initial;
        this.temps = other.temps;
        this.tempMins = other.tempMins;
        this.properties = other.properties;
        this.processes = other.processes;
        this.scratch = other.scratch;
        this.deps = other.deps;
        this.guards = other.guards;
        this.mayFail = other.mayFail;
        this.symmetries = other.symmetries;
        this.symmetryRefusal = other.symmetryRefusal;
        this.liveness = other.liveness;
        this.fairness = other.fairness;
        this.compiled = compiled;
        this.index = other.index;
    }

    /**
     * This system with its guards and actions interpreted, and every group tried in every state
     * ({@code --interpret}): the reference the compiled steps and the group index are tested
     * against. By default both are used.
     */
    CompiledSystem interpreted() {
        return new CompiledSystem(this, false);
    }

    /** The groups, for tests of the compiled steps. */
    Group[] groups() {
        return groups.clone();
    }

    /** Whether steps run as bytecode ({@link StepCompiler}) and only candidate groups are tried. */
    private final boolean compiled;
    private final GroupIndex index;
    /** Compiled on the first stepper: every process is lowered by then, whatever a node looks up late. */
    private volatile StepCode[] code;

    private StepCode[] code() {
        StepCode[] c = code;
        if (c == null) {
            synchronized (this) {
                c = code;
                if (c == null) {
                    c = StepCompiler.compile(groups);
                    code = c;
                }
            }
        }
        return c;
    }

    private final List<ptecheck.ts.LivenessProperty> liveness;
    private final List<ptecheck.ts.Fairness> fairness;

    @Override
    public List<ptecheck.ts.LivenessProperty> liveness() {
        return liveness;
    }

    @Override
    public List<ptecheck.ts.Fairness> fairness() {
        return fairness;
    }

    private final GuardConjuncts guards;
    private final BitSet mayFail;
    private final List<ptecheck.ts.Symmetry> symmetries;

    @Override
    public ptecheck.ts.Guards guards() {
        return guards;
    }

    @Override
    public BitSet mayFail() {
        return (BitSet) mayFail.clone();
    }

    @Override
    public List<ptecheck.ts.Symmetry> symmetries() {
        return symmetries;
    }

    private String symmetryRefusal;

    /** Why the CPUs were not declared interchangeable ({@code CPU: ...}), or null. */
    String symmetryRefusal() {
        return symmetryRefusal;
    }

    void setSymmetryRefusal(String why) {
        symmetryRefusal = why;
    }

    private static DependencyMatrix dependencies(Group[] groups, BitSet watched, BitSet observed) {
        BitSet[] reads = new BitSet[groups.length];
        BitSet[] writes = new BitSet[groups.length];
        BitSet[] guards = new BitSet[groups.length];
        for (int g = 0; g < groups.length; g++) {
            Group gr = groups[g];
            guards[g] = new BitSet();
            writes[g] = new BitSet();
            if (gr.pcSlot() >= 0) {
                guards[g].set(gr.pcSlot());
            }
            if (gr.guard() != null) {
                gr.guard().reads(guards[g]);
            }
            for (int handlerPc : gr.suspendedBy()) {
                guards[g].set(handlerPc); // kernel code does not run while a handler runs on its CPU
            }
            reads[g] = (BitSet) guards[g].clone();
            Actions.reads(gr.actions(), reads[g]);
            if (watched.get(g)) {
                reads[g].or(observed); // what lockdep reads when it fires (see LockdepAnalysis)
            }
            Actions.writes(gr.actions(), writes[g]);
        }
        return new DependencyMatrix(reads, writes, guards);
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    @Override
    public int groupCount() {
        return groups.length;
    }

    @Override
    public void initialStates(SuccessorSink sink) {
        sink.accept(SuccessorSink.INITIAL, initial.clone());
    }

    @Override
    public Stepper stepper() {
        return new GroupStepper();
    }

    @Override
    public DependencyMatrix dependencies() {
        return deps;
    }

    @Override
    public GroupInfo group(int g) {
        return groups[g].info();
    }

    /** The CPU group {@code g}'s actor runs on, or -1 when it is not bound to a CPU. */
    public int cpuOf(int g) {
        return groups[g].cpu();
    }

    /** True when group {@code g} is a kernel statement, false for hardware or other agents' rules. */
    public boolean isKernel(int g) {
        return groups[g].kernel();
    }

    @Override
    public List<StateProperty> properties() {
        return properties;
    }

    @Override
    public List<ptecheck.ts.TransitionAnalysis> analyses() {
        return lockdep == null ? List.of() : List.of(lockdep.get());
    }

    @Override
    public boolean expectsTermination() {
        return !processes.isEmpty();
    }

    /** One part per process (handlers included): "it stands at its end", as {@link #isTerminal} tests. */
    @Override
    public ptecheck.ts.Conjunction terminalConjunction() {
        List<IntExpr> parts = new ArrayList<>();
        for (KernelProcess p : processes) {
            parts.add(Eval.binary(Operator.EQ, new Eval.Read(p.pcSlot()), Eval.constant(p.endPc()), null));
        }
        return new ExprConjunction(parts);
    }

    @Override
    public boolean isTerminal(int[] state) {
        for (KernelProcess p : processes) {
            if (state[p.pcSlot()] != p.endPc()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> describeBlocked(int[] s) {
        List<String> out = new ArrayList<>();
        for (KernelProcess p : processes) {
            if (s[p.pcSlot()] == p.endPc()) {
                continue;
            }
            Group waiting = null;
            boolean canMove = false;
            for (Group g : groups) {
                if (g.pcSlot() == p.pcSlot() && g.fromPc() == s[p.pcSlot()]) {
                    waiting = g;
                    try {
                        canMove |= g.enabledIn(s);
                    } catch (RuntimeException e) {
                        canMove = true;
                    }
                }
            }
            if (canMove || waiting == null) {
                continue;
            }
            String who = p.name() + (p.cpu() >= 0 ? " (cpu " + p.cpu() + ")" : "");
            String at = waiting.info().where() + " '" + waiting.info().text() + "'";
            String why = waits == null ? null : waits.explain(p, s);
            out.add(who + " at " + at + ": " + (why != null ? why : "waits for its condition"));
        }
        return out;
    }

    /** Fires groups with per-thread buffers: nothing is allocated per state. */
    private final class GroupStepper implements Stepper {
        private final int[] work = new int[layout.size()];
        private final Action.Scratch scratchSpace = new Action.Scratch(scratch);
        private final StepCode[] code = compiled ? code() : null;
        private final long[] mask = index.newScratch();

        @Override
        public int next(int group, int[] src, SuccessorSink sink) {
            StepCode[] c = code;
            if (c == null) {
                Group g = groups[group];
                if (!g.enabledIn(src)) {
                    return 0;
                }
                System.arraycopy(src, 0, work, 0, work.length);
                Actions.run(g.actions(), work, scratchSpace);
            } else {
                StepCode chunk = c[group / StepCompiler.CHUNK];
                int local = group % StepCompiler.CHUNK;
                if (!chunk.enabled(local, src)) {
                    return 0;
                }
                System.arraycopy(src, 0, work, 0, work.length);
                chunk.run(local, work, scratchSpace);
            }
            for (int i = 0; i < temps.length; i++) {
                work[temps[i]] = tempMins[i];
            }
            sink.accept(group, work);
            return 1;
        }

        @Override
        public boolean enabled(int group, int[] src) {
            StepCode[] c = code;
            if (c == null) {
                return groups[group].enabledIn(src);
            }
            return c[group / StepCompiler.CHUNK].enabled(group % StepCompiler.CHUNK, src);
        }

        @Override
        public int candidates(int[] src, int[] out) {
            return code == null ? Stepper.super.candidates(src, out) : index.candidates(src, out, mask);
        }
    }
}
