package ptecheck.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.lang.check.Operator;
import ptecheck.lang.check.Type;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;
import ptecheck.ts.Variable;

/**
 * ARMv8 (AArch64), after the Flat model of Pulte, Flur, Deacon, French, Sarkar and Sewell
 * ("Simplifying ARM concurrency: multicopy-atomic axiomatic and operational models for ARMv8",
 * POPL 2018): one flat memory (other-multi-copy atomic), and per CPU a window of issued memory
 * operations that reach memory out of program order. Each CPU running kernel code has a buffer
 * of {@code bound} entries, in program order; an entry is a load into a register (a process
 * local or a ghost), a store, a store-release, a {@code dmb ishst}, or TLB maintenance
 * ({@code __tlbi}). A buffer step performs any entry that nothing earlier holds back:
 *
 * <ul>
 *   <li>a load reads the newest earlier buffered store to its location, else memory; a store
 *       writes memory;</li>
 *   <li>same location: loads stay in order with loads (CoRR), stores with stores (CoWW), a store
 *       waits for earlier loads (CoRW);</li>
 *   <li>a store-release waits for every earlier entry; a {@code dmb ishst} orders earlier stores
 *       before later ones;</li>
 *   <li>TLB maintenance (the hardware slots it names become their least value, none) holds
 *       nothing back and waits for nothing but earlier maintenance of the same slots: only a
 *       {@code dsb ish} completes it, and only a {@code dsb ishst}, which completes the stores
 *       in flight, orders it after earlier stores (Arm ARM DDI 0487, TLB maintenance: D8.13,
 *       D5.10 in older issues). One entry per target CPU, each performed at a time of its own.</li>
 * </ul>
 *
 * <p>The rest completes before the step that needs it, which performs earlier entries in
 * program order (always allowed: the oldest entry is never held back): a step that reads or
 * writes a register waits for the loads into it (address, data and control dependencies); a full
 * barrier ({@code smp_mb()}, {@code dmb ish}), a locked step (an {@code atomic} block, a lock, a
 * serializing access of hardware state) waits for every entry but TLB maintenance;
 * {@code dmb ishld} for the loads; a load-acquire for every earlier store-release (RCsc) and is
 * performed when issued, so later operations follow it. A load inside a larger expression (a
 * condition, a computed value) is performed when issued too, after the CPU's earlier loads; only
 * {@code r = x} into a register is buffered.
 *
 * <p>An entry is {@code [kind, addr, width, dest, v0 .. v(W-1)]}: {@code addr} and {@code dest}
 * one more than the first slot, 0 for none. Entries are kept packed, oldest first. A CPU that
 * issues into a full buffer ends its run ({@link MemoryModel#overflow}): the search is then
 * incomplete, not silently shorter.
 */
final class ArmMemory implements MemoryModel {
    /** Operations in flight per CPU when the spec gives no bound. */
    static final int DEFAULT_BOUND = 4;

    static final int EMPTY = 0;
    static final int LOAD = 1;
    static final int STORE = 2;
    static final int RELEASE = 3;
    static final int DMB_ST = 4;
    /** TLB maintenance: hardware slots that become their least value (none) when performed. */
    static final int TLBI = 5;

    private final int bound;
    private final int width;
    private final int entry;
    private final BitSet memory;
    private final Map<Integer, Integer> buffers = new LinkedHashMap<>();
    /** Per CPU, every slot a buffered load may write (its registers), for the read and write sets. */
    private final Map<Integer, BitSet> dests = new LinkedHashMap<>();
    /** Per CPU, every hardware slot its TLB maintenance may set, for the read and write sets. */
    private final Map<Integer, BitSet> maintained = new LinkedHashMap<>();
    /** The widest TLB maintenance entry (it holds no values, so it may be wider than a store). */
    private int widestMaintenance;
    /** Per slot, the least value of its type: what TLB maintenance leaves there. */
    private int[] least = new int[0];
    private final LayoutBuilder layout;
    private final ThreadLocal<int[]> scratch = new ThreadLocal<>();

    ArmMemory(LayoutBuilder layout, BitSet memory, int bound, int width, List<Integer> cpus) {
        this.layout = layout;
        this.bound = bound;
        this.width = Math.max(1, width);
        this.entry = 4 + this.width;
        this.memory = memory;
        int lo = 0;
        int hi = 1;
        for (int s = memory.nextSetBit(0); s >= 0; s = memory.nextSetBit(s + 1)) {
            lo = Math.min(lo, layout.min(s));
            hi = Math.max(hi, layout.max(s));
        }
        for (int c : cpus) {
            if (buffers.containsKey(c)) {
                continue;
            }
            int first = -1;
            for (int e = 0; e < bound; e++) {
                String name = "op_buffer[" + c + "][" + e + "]";
                int at = layout.alloc(name + ".kind", new Type.Int(0, TLBI), false);
                first = first < 0 ? at : first;
                layout.alloc(name + ".addr", new Type.Int(0, Math.max(1, layout.size())), false);
                layout.alloc(name + ".width", new Type.Int(0, this.width), false);
                layout.alloc(name + ".dest", new Type.Int(0, Math.max(1, layout.size())), false);
                for (int v = 0; v < this.width; v++) {
                    layout.alloc(name + ".v" + v, new Type.Int(lo, hi), false);
                }
            }
            buffers.put(c, first);
            dests.put(c, new BitSet());
            maintained.put(c, new BitSet());
            layout.variable(new Variable("op_buffer[" + c + "]", first, bound * entry, this::render));
        }
    }

    // ---- the buffer, on a state vector ----

    private int count(int[] s, int first) {
        int n = 0;
        while (n < bound && s[first + n * entry] != EMPTY) {
            n++;
        }
        return n;
    }

    private static boolean overlap(int a, int n, int b, int m) {
        return a < b + m && b < a + n;
    }

    /** True when an earlier entry holds entry {@code e} back. */
    private boolean heldBack(int[] s, int first, int e) {
        int at = first + e * entry;
        int kind = s[at];
        int addr = s[at + 1];
        int n = s[at + 2];
        for (int i = 0; i < e; i++) {
            int bt = first + i * entry;
            int k = s[bt];
            if (kind == TLBI || k == TLBI) {
                // Only a DSB orders TLB maintenance with memory accesses (Arm ARM D8.13); two
                // invalidations of one entry stay in order, which changes nothing they do.
                if (kind == k && overlap(addr, n, s[bt + 1], s[bt + 2])) {
                    return true;
                }
                continue;
            }
            if (kind == RELEASE) {
                return true; // a store-release waits for everything before it
            }
            if (k == DMB_ST && (kind == STORE || kind == DMB_ST)) {
                return true;
            }
            if (kind == DMB_ST && (k == STORE || k == RELEASE)) {
                return true;
            }
            boolean same = k != DMB_ST && kind != DMB_ST && overlap(addr, n, s[bt + 1], s[bt + 2]);
            if (same && (kind == LOAD && k == LOAD || kind == STORE && k != LOAD || kind == STORE && k == LOAD)) {
                return true; // CoRR, CoWW, CoRW
            }
        }
        return false;
    }

    /** The value of {@code slot} as entry {@code before} sees it: the newest earlier buffered store, else memory. */
    private int forward(int[] s, int first, int before, int slot) {
        for (int i = before - 1; i >= 0; i--) {
            int bt = first + i * entry;
            int k = s[bt];
            if ((k == STORE || k == RELEASE) && slot >= s[bt + 1] - 1 && slot < s[bt + 1] - 1 + s[bt + 2]) {
                return s[bt + 4 + slot - (s[bt + 1] - 1)];
            }
        }
        return s[slot];
    }

    private void perform(int[] s, int first, int e) {
        int at = first + e * entry;
        int kind = s[at];
        int addr = s[at + 1] - 1;
        int n = s[at + 2];
        if (kind == LOAD) {
            int dest = s[at + 3] - 1;
            for (int v = 0; v < n; v++) {
                s[dest + v] = forward(s, first, e, addr + v);
            }
        } else if (kind == STORE || kind == RELEASE) {
            for (int v = 0; v < n; v++) {
                s[addr + v] = s[at + 4 + v];
            }
        } else if (kind == TLBI) {
            System.arraycopy(least, addr, s, addr, n);
        }
        int last = first + (bound - 1) * entry;
        System.arraycopy(s, at + entry, s, at, last - at);
        Arrays.fill(s, last, last + entry, 0);
    }

    /**
     * Issues an operation: {@code values} from {@code offset} for a store, null otherwise. A full
     * buffer ends the run ({@link MemoryModel#overflow}).
     */
    private void append(int[] s, int cpu, int first, int kind, int addr, int n, int dest, int[] values, int offset,
                        SourceRef where) {
        if (s[first + (bound - 1) * entry] != EMPTY) {
            throw MemoryModel.overflow(cpu, "arm64", bound, where);
        }
        int at = first + count(s, first) * entry;
        s[at] = kind;
        s[at + 1] = addr + 1;
        s[at + 2] = n;
        s[at + 3] = dest + 1;
        for (int v = 0; v < width; v++) {
            s[at + 4 + v] = values != null && v < n ? values[offset + v] : 0;
        }
    }

    /**
     * Performs, oldest first, every entry up to entry {@code last} but TLB maintenance, which
     * nothing but a DSB waits for and which holds nothing back.
     */
    private void performUpTo(int[] s, int first, int last) {
        int e = 0;
        while (e <= last) {
            if (s[first + e * entry] == TLBI) {
                e++;
            } else {
                perform(s, first, e);
                last--;
            }
        }
    }

    private String render(int[] s, int first) {
        List<String> parts = new ArrayList<>();
        for (int e = 0; e < bound && s[first + e * entry] != EMPTY; e++) {
            int at = first + e * entry;
            int kind = s[at];
            if (kind == DMB_ST) {
                parts.add("dmb ishst");
                continue;
            }
            String where = name(s[at + 1] - 1, s[at + 2]);
            if (kind == TLBI) {
                parts.add("tlbi " + where);
                continue;
            }
            if (kind == LOAD) {
                parts.add(name(s[at + 3] - 1, s[at + 2]) + " <- " + where);
                continue;
            }
            StringBuilder b = new StringBuilder(kind == RELEASE ? "release " : "").append(where).append(" = ");
            Variable var = layout.variableAt(s[at + 1] - 1);
            if (var != null && var.firstSlot() == s[at + 1] - 1 && var.slotCount() == s[at + 2]) {
                int[] copy = s.clone();
                System.arraycopy(s, at + 4, copy, var.firstSlot(), var.slotCount());
                b.append(var.format(copy));
            } else {
                for (int v = 0; v < s[at + 2]; v++) {
                    b.append(v == 0 ? "" : ",").append(s[at + 4 + v]);
                }
            }
            parts.add(b.toString());
        }
        return parts.isEmpty() ? "empty" : "[" + String.join(", ", parts) + "]";
    }

    private String name(int slot, int n) {
        Variable var = layout.variableAt(slot);
        if (var != null && var.firstSlot() == slot && var.slotCount() == n) {
            return var.name();
        }
        return layout.slotName(slot) + (n > 1 ? "..+" + n : "");
    }

    // ---- the model's steps ----

    @Override
    public IntExpr allDrained() {
        IntExpr all = Eval.constant(1);
        for (int first : buffers.values()) {
            all = Eval.and(all, Eval.binary(Operator.EQ, new Eval.Read(first), Eval.constant(EMPTY), null));
        }
        return all;
    }

    @Override
    public List<Group> bufferGroups() {
        // Registers (locals) were allocated after the buffers: widen the slots that name them.
        for (int first : buffers.values()) {
            for (int e = 0; e < bound; e++) {
                layout.setMax(first + e * entry + 1, layout.size());
                layout.setMax(first + e * entry + 2, Math.max(width, widestMaintenance));
                layout.setMax(first + e * entry + 3, layout.size());
            }
        }
        least = new int[layout.size()];
        for (BitSet targets : maintained.values()) {
            for (int s = targets.nextSetBit(0); s >= 0; s = targets.nextSetBit(s + 1)) {
                least[s] = layout.min(s);
            }
        }
        List<Group> out = new ArrayList<>();
        for (var b : buffers.entrySet()) {
            int c = b.getKey();
            for (int e = 0; e < bound; e++) {
                GroupInfo info = new GroupInfo("op_buffer[" + c + "]", "perform(" + e + ")", SourceRef.NONE,
                        "cpu " + c + " performs its buffered operation " + e);
                out.add(new Group(info, c, false, -1, -1, new Ready(this, c, e), new Action[] {new Op(this, c, Op.PERFORM, e)}, 0));
            }
        }
        return out;
    }

    @Override
    public Group rewrite(Group g, BitSet sync) {
        if (!buffers.containsKey(g.cpu())) {
            return g;
        }
        int c = g.cpu();
        BitSet touched = new BitSet();
        touch(g.actions(), touched, new boolean[1]);
        if (g.guard() != null) {
            g.guard().reads(touched);
        }
        BitSet registers = (BitSet) touched.clone();
        registers.andNot(memory);
        registers.andNot(sync);
        int first = buffers.get(c);
        registers.clear(first, first + bound * entry);
        // An atomic step of TLB maintenance alone is one TLBI instruction (broadcast to every
        // CPU), not a locked one: the maintenance itself is what must not complete at once.
        boolean locked = touched.intersects(sync)
                || has(g.actions(), Actions.Fence.Kind.LOCKED) && !maintenanceOnly(g.actions(), new boolean[1]);
        boolean full = locked || has(g.actions(), Actions.Fence.Kind.FULL) || has(g.actions(), Actions.Fence.Kind.ATOMIC);
        boolean acquire = has(g.actions(), Actions.Fence.Kind.ACQUIRE);
        boolean rmw = !locked && has(g.actions(), Actions.Fence.Kind.RELAXED_RMW);
        Action load = locked || acquire || rmw ? null : bufferedLoad(g.actions(), c);
        boolean readsMemory = load == null && touched.intersects(memory)
                && (g.guard() != null && reads(g.guard()) || readsMemory(g.actions()));
        List<Action> before = new ArrayList<>();
        before.add(new Op(this, c, Op.SETTLE, registers));
        if (full) {
            before.add(new Op(this, c, Op.DRAIN_ALL, null));
        } else if (rmw) {
            // A relaxed read-modify-write works on memory: what this CPU buffered for its
            // location goes first; other earlier accesses may still pass it.
            BitSet footprint = (BitSet) touched.clone();
            footprint.and(memory);
            before.add(new Op(this, c, Op.DRAIN_TOUCHING, footprint));
        } else {
            if (acquire) {
                before.add(new Op(this, c, Op.DRAIN_RELEASES, null));
            }
            if (acquire || readsMemory || has(g.actions(), Actions.Fence.Kind.READ)) {
                before.add(new Op(this, c, Op.DRAIN_LOADS, null));
            }
        }
        List<Action> actions = new ArrayList<>(before);
        if (load != null) {
            for (Action a : g.actions()) {
                actions.add(a instanceof Actions.Assign ? load : a);
            }
        } else {
            // Locked steps and relaxed read-modify-writes access memory directly.
            actions.addAll(convert(g.actions(), c, locked || rmw, new boolean[2]));
        }
        IntExpr guard = g.guard() == null ? null : new Settled(before.toArray(new Action[0]), read(g.guard(), c));
        return new Group(g.info(), g.cpu(), g.kernel(), g.pcSlot(), g.fromPc(), guard, actions.toArray(new Action[0]),
                g.owner(), g.suspendedBy());
    }

    /**
     * Adds what {@code actions} read and write to {@code out}, except the targets of TLB
     * maintenance ({@code __tlbi}, marked by a fence), which are not accessed when issued.
     * {@code marked}: a TLBI fence was just seen.
     */
    private static void touch(Action[] actions, BitSet out, boolean[] marked) {
        for (Action a : actions) {
            if (a instanceof Actions.Fence f) {
                marked[0] |= f.kind == Actions.Fence.Kind.TLBI;
            } else if (a instanceof Actions.Assign as && marked[0]) {
                marked[0] = false;
                as.target.readsForAddress(out);
            } else if (a instanceof Actions.If i) {
                i.cond.reads(out);
                touch(i.then, out, marked);
                touch(i.otherwise, out, marked);
            } else if (a instanceof Actions.CallBlock b) {
                touch(b.body, out, marked);
            } else {
                a.reads(out);
                a.writes(out);
            }
        }
    }

    /** True when the only assignments of {@code actions} are TLB maintenance, and there is one. */
    private static boolean maintenanceOnly(Action[] actions, boolean[] marked) {
        boolean any = false;
        for (Action a : actions) {
            if (a instanceof Actions.Fence f) {
                marked[0] |= f.kind == Actions.Fence.Kind.TLBI;
            } else if (a instanceof Actions.Assign && marked[0]) {
                marked[0] = false;
                any = true;
            } else if (a instanceof Actions.CallBlock b) {
                if (!maintenanceOnly(b.body, marked)) {
                    return false;
                }
                any = true;
            } else if (!(a instanceof Actions.SetPc || a instanceof Actions.Check)) {
                return false;
            }
        }
        return any;
    }

    /**
     * The actions of a step under this model: stores buffered (unless {@code direct}: a locked
     * step or a relaxed read-modify-write accesses memory itself), loads forwarded, barriers
     * and TLB maintenance as operations on the buffer. {@code mark}: a store-release and a
     * TLBI fence seen, waiting for their assignment.
     */
    private List<Action> convert(Action[] in, int c, boolean direct, boolean[] mark) {
        List<Action> out = new ArrayList<>();
        for (Action a : in) {
            if (a instanceof Actions.Fence f) {
                switch (f.kind) {
                    case RELEASE -> mark[0] = !direct;
                    case TLBI -> mark[1] = true;
                    case WRITE -> {
                        if (!direct) {
                            out.add(new Op(this, c, Op.DMB_ST, null));
                        }
                    }
                    case DSB -> out.add(new Op(this, c, Op.DRAIN_DSB, null));
                    case DSB_ST -> out.add(new Op(this, c, Op.DRAIN_STORES, null));
                    default -> { } // ordered by the operations in front of the step (rewrite)
                }
            } else if (a instanceof Actions.Assign as && mark[1]) {
                mark[1] = false;
                out.add(maintenance(as, c, direct));
            } else if (a instanceof Actions.If i) {
                out.add(new Actions.If(direct ? i.cond : read(i.cond, c), convert(i.then, c, direct, mark).toArray(new Action[0]),
                        convert(i.otherwise, c, direct, mark).toArray(new Action[0])));
            } else if (a instanceof Actions.CallBlock b) {
                out.add(new Actions.CallBlock(convert(b.body, c, direct, mark).toArray(new Action[0])));
            } else if (direct) {
                out.add(a);
            } else {
                Action r = action(a, c, mark[0]);
                if (r instanceof Store) {
                    mark[0] = false;
                }
                out.add(r);
            }
        }
        return out;
    }

    /** {@code __tlbi(x)}: issued into the buffer, performed (x becomes none) at some time before the next DSB. */
    private Action maintenance(Actions.Assign as, int c, boolean direct) {
        BitSet t = new BitSet();
        as.target.mayTouch(t, 0, as.leaves.length);
        if (t.intersects(memory)) {
            return direct ? as : action(as, c, false); // not hardware state: a plain store
        }
        maintained.get(c).or(t);
        widestMaintenance = Math.max(widestMaintenance, as.leaves.length);
        return new Op(this, c, Op.TLBI_ISSUE, new Object[] {direct ? as.target : place(as.target, c), as.leaves.length});
    }

    private static boolean has(Action[] actions, Actions.Fence.Kind kind) {
        for (Action a : actions) {
            if (a instanceof Actions.Fence f && f.kind == kind) {
                return true;
            }
        }
        return false;
    }

    private boolean reads(IntExpr e) {
        BitSet r = new BitSet();
        e.reads(r);
        return r.intersects(memory);
    }

    private boolean readsMemory(Action[] actions) {
        for (Action a : actions) {
            if (a instanceof Actions.Assign as) {
                for (IntExpr e : as.leaves) {
                    if (reads(e)) {
                        return true;
                    }
                }
                BitSet addr = new BitSet();
                as.target.readsForAddress(addr);
                if (addr.intersects(memory)) {
                    return true;
                }
            } else if (a instanceof Actions.If i) {
                if (reads(i.cond) || readsMemory(i.then) || readsMemory(i.otherwise)) {
                    return true;
                }
            } else if (a instanceof Actions.Check ch) {
                if (reads(ch.cond)) {
                    return true;
                }
            } else if (a instanceof Actions.CallBlock b) {
                if (readsMemory(b.body)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The buffered load of a step that is {@code r = x}: one assignment of a register (a static
     * place that is not memory) from consecutive leaves of one place of memory; else null.
     */
    private Action bufferedLoad(Action[] actions, int c) {
        Actions.Assign as = null;
        for (Action a : actions) {
            if (a instanceof Actions.Assign x && as == null) {
                as = x;
            } else if (!(a instanceof Actions.SetPc)) {
                return null;
            }
        }
        if (as == null || !as.target.isStatic() || as.leaves.length == 0 || as.leaves.length > width) {
            return null;
        }
        BitSet target = new BitSet();
        as.target.mayTouch(target, 0, as.leaves.length);
        if (target.intersects(memory)) {
            return null;
        }
        Place source = null;
        for (int i = 0; i < as.leaves.length; i++) {
            IntExpr e = as.leaves[i];
            Place p = e instanceof Eval.Read r ? Place.of(r.slot - i, as.leaves.length, "")
                    : e instanceof Eval.DynRead d && d.offset == i ? d.place : null;
            if (p == null || source != null && p != source && !(p.isStatic() && source.isStatic() && p.base == source.base)) {
                return null;
            }
            source = source == null ? p : source;
        }
        BitSet from = new BitSet();
        source.mayTouch(from, 0, as.leaves.length);
        BitSet notMemory = (BitSet) from.clone();
        notMemory.andNot(memory);
        if (!from.intersects(memory) || !notMemory.isEmpty()) {
            return null;
        }
        for (int i = 0; i < as.leaves.length; i++) {
            BitSet leaf = new BitSet();
            source.mayTouch(leaf, i, 1);
            for (int s = leaf.nextSetBit(0); s >= 0; s = leaf.nextSetBit(s + 1)) {
                if (layout.min(s) < as.mins[i] || layout.max(s) > as.maxs[i]) {
                    return null; // a narrower register: keep the range check of a plain assignment
                }
            }
        }
        dests.get(c).set(as.target.base, as.target.base + as.leaves.length);
        return new Op(this, c, Op.LOAD_ISSUE, new Object[] {source, as.target.base, as.leaves.length});
    }

    private Action action(Action a, int c, boolean release) {
        if (a instanceof Actions.Assign as) {
            IntExpr[] leaves = new IntExpr[as.leaves.length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = read(as.leaves[i], c);
            }
            Place target = place(as.target, c);
            BitSet t = new BitSet();
            as.target.mayTouch(t, 0, Math.max(1, leaves.length));
            if (t.intersects(memory)) {
                return new Store(this, c, target, leaves, as.mins, as.maxs, as.where, release);
            }
            return new Actions.Assign(target, leaves, as.mins, as.maxs, as.where);
        }
        if (a instanceof Actions.Check ch) {
            return new Actions.Check(read(ch.cond, c), ch.property, ch.message, ch.where);
        }
        return a;
    }

    private LoadRewriter loads(int c) {
        return new LoadRewriter(memory, (p, offset) -> new Load(this, c, p, offset));
    }

    private Place place(Place p, int c) {
        return loads(c).place(p);
    }

    /** {@code e} with every load from memory forwarded from the buffered stores of {@code c}. */
    private IntExpr read(IntExpr e, int c) {
        return loads(c).rewrite(e);
    }

    private void bufferSlots(int c, BitSet out) {
        int first = buffers.get(c);
        out.set(first, first + bound * entry);
    }

    // ---- IR kinds ----

    /** A load in an expression: the newest buffered store of its CPU to the slot, else memory. */
    static final class Load implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.armLoad(this);
        }

        final ArmMemory m;
        final int cpu;
        final Place place;
        final int offset;

        Load(ArmMemory m, int cpu, Place place, int offset) {
            this.m = m;
            this.cpu = cpu;
            this.place = place;
            this.offset = offset;
        }

        public int eval(int[] s) {
            int first = m.buffers.get(cpu);
            return m.forward(s, first, m.count(s, first), place.slot(s) + offset);
        }

        public void reads(BitSet out) {
            place.readsForAddress(out);
            place.mayTouch(out, offset, 1);
            m.bufferSlots(cpu, out);
        }
    }

    /**
     * A guard evaluated after the operations the step completes first ({@code before}): on a
     * per-thread copy of the state when they change something, so nothing is allocated per state.
     */
    static final class Settled implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.settled(this);
        }

        final Action[] before;
        final IntExpr inner;

        Settled(Action[] before, IntExpr inner) {
            this.before = before;
            this.inner = inner;
        }

        public int eval(int[] s) {
            Op first = (Op) before[0];
            if (s[first.m.buffers.get(first.cpu)] == EMPTY) {
                return inner.eval(s);
            }
            int[] copy = first.m.scratch.get();
            if (copy == null || copy.length != s.length) {
                copy = new int[s.length];
                first.m.scratch.set(copy);
            }
            System.arraycopy(s, 0, copy, 0, s.length);
            for (Action a : before) {
                a.exec(copy, null);
            }
            return inner.eval(copy);
        }

        public void reads(BitSet out) {
            inner.reads(out);
            Actions.reads(before, out);
        }
    }

    /** The guard of a buffer step: entry {@code e} holds an operation that nothing earlier holds back. */
    static final class Ready implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.ready(this);
        }

        final ArmMemory m;
        final int cpu;
        final int e;

        Ready(ArmMemory m, int cpu, int e) {
            this.m = m;
            this.cpu = cpu;
            this.e = e;
        }

        public int eval(int[] s) {
            int first = m.buffers.get(cpu);
            return s[first + e * m.entry] != EMPTY && !m.heldBack(s, first, e) ? 1 : 0;
        }

        public void reads(BitSet out) {
            m.bufferSlots(cpu, out);
        }
    }

    /** A store by kernel code: into the buffer, as a store or a store-release. */
    static final class Store implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.armStore(this);
        }

        final ArmMemory m;
        final int cpu;
        final Place target;
        final IntExpr[] leaves;
        final int[] mins;
        final int[] maxs;
        final SourceRef where;
        final boolean release;

        Store(ArmMemory m, int cpu, Place target, IntExpr[] leaves, int[] mins, int[] maxs, SourceRef where, boolean release) {
            this.m = m;
            this.cpu = cpu;
            this.target = target;
            this.leaves = leaves;
            this.mins = mins;
            this.maxs = maxs;
            this.where = where;
            this.release = release;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int[] v = scratch.values;
            int n = leaves.length;
            int slot = Actions.valuesInRange(w, v, leaves, mins, maxs, target, where);
            int first = m.buffers.get(cpu);
            for (int done = 0; done < n; done += m.width) {
                m.append(w, cpu, first, release ? RELEASE : STORE, slot + done, Math.min(m.width, n - done), -1, v, done, where);
            }
            return true;
        }

        public void reads(BitSet out) {
            Actions.assignmentReads(leaves, target, out);
            m.bufferSlots(cpu, out);
        }

        public void writes(BitSet out) {
            m.bufferSlots(cpu, out);
        }
    }

    /** The other operations on a buffer: issue a load, a dmb ishst or TLB maintenance; perform entries. */
    static final class Op implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.armOp(this);
        }

        /** Issues {@code r = x}: arg {source place, dest slot, width}. */
        static final int LOAD_ISSUE = 0;
        /** Issues a dmb ishst. */
        static final int DMB_ST = 1;
        /** Performs entry {@code arg}. */
        static final int PERFORM = 2;
        /** Performs, oldest first, the loads up to the last one into a slot of {@code arg} (a BitSet). */
        static final int SETTLE = 3;
        /** Performs every entry but TLB maintenance, oldest first. */
        static final int DRAIN_ALL = 4;
        /** Performs every load, oldest first. */
        static final int DRAIN_LOADS = 5;
        /** Performs every entry but TLB maintenance up to the last store-release, oldest first. */
        static final int DRAIN_RELEASES = 6;
        /** Performs every entry but TLB maintenance up to the last one on a slot of {@code arg} (a BitSet), oldest first. */
        static final int DRAIN_TOUCHING = 7;
        /** Issues TLB maintenance: arg {target place, width}. */
        static final int TLBI_ISSUE = 8;
        /** dsb(ish): performs every entry, TLB maintenance included, oldest first. */
        static final int DRAIN_DSB = 9;
        /** dsb(ishst): performs every store, and what holds one back. */
        static final int DRAIN_STORES = 10;

        final ArmMemory m;
        final int cpu;
        final int op;
        final Object arg;
        private final int[] settle;

        Op(ArmMemory m, int cpu, int op, Object arg) {
            this.m = m;
            this.cpu = cpu;
            this.op = op;
            this.arg = arg;
            this.settle = arg instanceof BitSet b ? b.stream().toArray() : null;
        }

        /** True for the operations that issue into the buffer rather than perform from it. */
        boolean issues() {
            return op == LOAD_ISSUE || op == DMB_ST || op == TLBI_ISSUE;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int first = m.buffers.get(cpu);
            switch (op) {
                case LOAD_ISSUE -> {
                    Object[] a = (Object[]) arg;
                    int slot = ((Place) a[0]).slot(w);
                    m.append(w, cpu, first, LOAD, slot, (Integer) a[2], (Integer) a[1], null, 0, SourceRef.NONE);
                }
                case DMB_ST -> m.append(w, cpu, first, ArmMemory.DMB_ST, -1, 0, -1, null, 0, SourceRef.NONE);
                case TLBI_ISSUE -> {
                    Object[] a = (Object[]) arg;
                    m.append(w, cpu, first, TLBI, ((Place) a[0]).slot(w), (Integer) a[1], -1, null, 0, SourceRef.NONE);
                }
                case PERFORM -> m.perform(w, first, (Integer) arg);
                case SETTLE -> {
                    while (true) {
                        int last = -1;
                        int oldest = -1;
                        for (int e = 0; e < m.bound && w[first + e * m.entry] != EMPTY; e++) {
                            int at = first + e * m.entry;
                            if (w[at] == LOAD) {
                                oldest = oldest < 0 ? e : oldest;
                                for (int s : settle) {
                                    if (s >= w[at + 3] - 1 && s < w[at + 3] - 1 + w[at + 2]) {
                                        last = e;
                                    }
                                }
                            }
                        }
                        if (last < 0) {
                            break;
                        }
                        m.perform(w, first, oldest);
                    }
                }
                case DRAIN_ALL -> m.performUpTo(w, first, m.count(w, first) - 1);
                case DRAIN_DSB -> {
                    while (w[first] != EMPTY) {
                        m.perform(w, first, 0);
                    }
                }
                case DRAIN_LOADS -> {
                    int e = 0;
                    while (e < m.bound && w[first + e * m.entry] != EMPTY) {
                        if (w[first + e * m.entry] == LOAD) {
                            m.perform(w, first, e);
                        } else {
                            e++;
                        }
                    }
                }
                case DRAIN_STORES -> {
                    while (true) {
                        int store = -1;
                        int oldest = -1;
                        for (int e = 0; e < m.bound && w[first + e * m.entry] != EMPTY && store < 0; e++) {
                            int k = w[first + e * m.entry];
                            oldest = oldest < 0 && k != TLBI ? e : oldest;
                            store = k == STORE || k == RELEASE ? e : -1;
                        }
                        if (store < 0) {
                            break;
                        }
                        // The first store, or else the oldest entry that is not TLB maintenance,
                        // which nothing holds back.
                        m.perform(w, first, m.heldBack(w, first, store) ? oldest : store);
                    }
                }
                case DRAIN_TOUCHING -> {
                    int last = -1;
                    for (int e = 0; e < m.bound && w[first + e * m.entry] != EMPTY; e++) {
                        int at = first + e * m.entry;
                        for (int s : settle) {
                            if (w[at] != DMB_ST && w[at] != TLBI && s >= w[at + 1] - 1 && s < w[at + 1] - 1 + w[at + 2]) {
                                last = e;
                            }
                        }
                    }
                    m.performUpTo(w, first, last);
                }
                case DRAIN_RELEASES -> {
                    int last = -1;
                    for (int e = 0; e < m.bound; e++) {
                        if (w[first + e * m.entry] == RELEASE) {
                            last = e;
                        }
                    }
                    m.performUpTo(w, first, last);
                }
                default -> throw new IllegalStateException("op " + op);
            }
            return true;
        }

        public void reads(BitSet out) {
            m.bufferSlots(cpu, out);
            if (op == LOAD_ISSUE || op == TLBI_ISSUE) {
                ((Place) ((Object[]) arg)[0]).readsForAddress(out);
            }
            if (!issues()) {
                out.or(m.memory); // performed loads read memory
                out.or(m.dests.get(cpu));
                if (settle != null) {
                    for (int s : settle) {
                        out.set(s);
                    }
                }
            }
        }

        public void writes(BitSet out) {
            m.bufferSlots(cpu, out);
            if (!issues()) {
                out.or(m.memory);
                out.or(m.dests.get(cpu));
                out.or(m.maintained.get(cpu));
            }
        }
    }
}
