package ptecheck.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;

/**
 * x86-TSO (Sewell, Sarkar, Owens, Zappa Nardelli, Myreen, "x86-TSO", CACM 2010; Intel SDM Vol. 3A
 * §8.2.2): every CPU that runs kernel code has a FIFO store buffer of {@code bound} entries in
 * the state vector. Its kernel stores to memory go into the buffer, its loads take the newest
 * buffered store to the same slot (store forwarding) or else memory, and a drain step of its own
 * writes the oldest entry to memory. Locked and serializing steps drain the whole buffer first.
 *
 * <p>Built before the processes are lowered (the buffers are state), then {@link #rewrite} turns
 * each lowered kernel step into its TSO form: the explorer only ever sees the result.
 *
 * <p>An entry is {@code [addr, width, v0 .. v(W-1)]}: {@code addr} 0 for an empty entry, else one
 * more than the first slot stored; {@code width} the number of leaves stored. Entry 0 is the
 * oldest.
 */
final class WeakMemory implements MemoryModel {
    /** The memory models a spec can declare. */
    enum Model {
        SC, TSO, ARM64;

        static Model named(String name) {
            for (Model m : values()) {
                if (m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Store-buffer entries per CPU when the spec gives no bound. */
    static final int DEFAULT_BOUND = 2;

    private final int bound;
    private final int width;
    private final int entry;
    private final BitSet memory;
    private final Map<Integer, int[]> buffers = new LinkedHashMap<>();

    /**
     * @param memory the slots that are memory (kernel stores to them are buffered)
     * @param width the most leaves one entry holds (wider stores take several entries)
     * @param cpus the CPUs that run kernel code
     */
    WeakMemory(LayoutBuilder layout, BitSet memory, int bound, int width, List<Integer> cpus) {
        this.bound = bound;
        this.width = Math.max(1, width);
        this.entry = 2 + this.width;
        this.memory = memory;
        int lo = 0;
        int hi = 1;
        for (int s = memory.nextSetBit(0); s >= 0; s = memory.nextSetBit(s + 1)) {
            lo = Math.min(lo, layout.min(s));
            hi = Math.max(hi, layout.max(s));
        }
        ptecheck.lang.check.Type addr = new ptecheck.lang.check.Type.Int(0, Math.max(1, layout.size()));
        ptecheck.lang.check.Type leaves = new ptecheck.lang.check.Type.Int(0, this.width);
        ptecheck.lang.check.Type value = new ptecheck.lang.check.Type.Int(lo, hi);
        for (int c : cpus) {
            if (buffers.containsKey(c)) {
                continue;
            }
            int[] slots = new int[bound];
            for (int e = 0; e < bound; e++) {
                String name = "store_buffer[" + c + "][" + e + "]";
                slots[e] = layout.alloc(name + ".addr", addr, false);
                layout.alloc(name + ".width", leaves, false);
                for (int v = 0; v < this.width; v++) {
                    layout.alloc(name + ".v" + v, value, false);
                }
            }
            buffers.put(c, slots);
        }
        this.layout = layout;
        for (var b : buffers.entrySet()) {
            layout.variable(new ptecheck.ts.Variable("store_buffer[" + b.getKey() + "]", b.getValue()[0], bound * entry,
                    this::render));
        }
    }

    private final LayoutBuilder layout;

    /** How traces show a buffer: its entries, oldest first, as {@code slot=value}. */
    private String render(int[] s, int first) {
        List<String> parts = new ArrayList<>();
        for (int e = 0; e < bound; e++) {
            int at = first + e * entry;
            if (s[at] == 0) {
                break;
            }
            int start = s[at] - 1;
            int n = s[at + 1];
            ptecheck.ts.Variable var = layout.variableAt(start);
            if (var != null && var.firstSlot() == start && var.slotCount() == n) {
                int[] copy = s.clone();
                System.arraycopy(s, at + 2, copy, start, n);
                parts.add(var.name() + "=" + var.format(copy));
                continue;
            }
            StringBuilder b = new StringBuilder(layout.slotName(start));
            if (n > 1) {
                b.append("..+").append(n);
            }
            b.append('=');
            for (int v = 0; v < n; v++) {
                b.append(v == 0 ? "" : ",").append(s[at + 2 + v]);
            }
            parts.add(b.toString());
        }
        return parts.isEmpty() ? "empty" : "[" + String.join(", ", parts) + "]";
    }

    boolean buffers(int cpu) {
        return buffers.containsKey(cpu);
    }

    /** True in states where every store buffer is empty: the end of a run is when they have drained. */
    @Override
    public IntExpr allDrained() {
        IntExpr all = Eval.constant(1);
        for (int[] b : buffers.values()) {
            all = Eval.and(all, Eval.binary(ptecheck.lang.check.Operator.EQ, new Eval.Read(b[0]), Eval.constant(0), null));
        }
        return all;
    }

    /** One drain step per CPU: the oldest buffered store reaches memory. */
    @Override
    public List<Group> bufferGroups() {
        List<Group> out = new ArrayList<>();
        for (var b : buffers.entrySet()) {
            int c = b.getKey();
            GroupInfo info = new GroupInfo("store_buffer[" + c + "]", "drain", SourceRef.NONE,
                    "store buffer of cpu " + c + " writes its oldest store to memory");
            IntExpr nonEmpty = Eval.binary(ptecheck.lang.check.Operator.NE, new Eval.Read(b.getValue()[0]), Eval.constant(0), null);
            out.add(new Group(info, c, false, -1, -1, nonEmpty, new Action[] {new Drain(this, c, false)}, 0));
        }
        return out;
    }

    /**
     * The TSO form of one kernel step of a process on {@code cpu}. A step is locked (a locked
     * instruction, or a serializing one) when it is an {@code atomic} block or touches a slot of
     * {@code sync} (locks, interrupt flags, RCU and IPI state, hardware state that is not memory
     * such as TLBs): it drains the buffer first and then accesses memory directly. Otherwise its
     * stores are buffered and its loads forwarded; a full fence inside it drains the buffer.
     */
    @Override
    public Group rewrite(Group g, BitSet sync) {
        if (!buffers.containsKey(g.cpu())) {
            return g;
        }
        int c = g.cpu();
        BitSet touched = new BitSet();
        Actions.reads(g.actions(), touched);
        Actions.writes(g.actions(), touched);
        if (g.guard() != null) {
            g.guard().reads(touched);
        }
        boolean locked = touched.intersects(sync) || marked(g.actions());
        // The guard reads the memory the step will see: with forwarding, that is memory after a drain.
        IntExpr guard = g.guard() == null ? null : read(g.guard(), c);
        Action[] actions;
        if (locked) {
            List<Action> out = new ArrayList<>();
            out.add(new Drain(this, c, true));
            for (Action a : g.actions()) {
                if (!(a instanceof Actions.Fence)) {
                    out.add(a);
                }
            }
            actions = out.toArray(new Action[0]);
        } else {
            actions = actions(g.actions(), c);
        }
        return new Group(g.info(), g.cpu(), g.kernel(), g.pcSlot(), g.fromPc(), guard, actions, g.owner(), g.suspendedBy());
    }

    private static boolean marked(Action[] actions) {
        for (Action a : actions) {
            // TLB maintenance is serializing too (INVLPG, SDM Vol. 3A §8.3), whatever its target
            if (a instanceof Actions.Fence f && (f.kind == Actions.Fence.Kind.LOCKED || f.kind == Actions.Fence.Kind.RELAXED_RMW
                    || f.kind == Actions.Fence.Kind.TLBI)) {
                return true;
            }
            if (a instanceof Actions.CallBlock b && marked(b.body) || a instanceof Actions.If i && (marked(i.then) || marked(i.otherwise))) {
                return true;
            }
        }
        return false;
    }

    private Action[] actions(Action[] in, int c) {
        List<Action> out = new ArrayList<>();
        for (Action a : in) {
            Action r = action(a, c);
            if (r != null) {
                out.add(r);
            }
        }
        return out.toArray(new Action[0]);
    }

    private Action action(Action a, int c) {
        if (a instanceof Actions.Assign as) {
            IntExpr[] leaves = new IntExpr[as.leaves.length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = read(as.leaves[i], c);
            }
            Place target = place(as.target, c);
            if (isMemory(as.target, as.leaves.length)) {
                return new Store(this, c, target, leaves, as.mins, as.maxs, as.where);
            }
            return new Actions.Assign(target, leaves, as.mins, as.maxs, as.where);
        }
        if (a instanceof Actions.If i) {
            return new Actions.If(read(i.cond, c), actions(i.then, c), actions(i.otherwise, c));
        }
        if (a instanceof Actions.Check ch) {
            return new Actions.Check(read(ch.cond, c), ch.property, ch.message, ch.where);
        }
        if (a instanceof Actions.CallBlock b) {
            return new Actions.CallBlock(actions(b.body, c));
        }
        if (a instanceof Actions.Fence f) {
            // On x86 only a full fence orders anything TSO does not already order (SDM §8.2.2); the
            // arm64 DSBs wait for stores to complete, which is a drain here.
            return f.kind == Actions.Fence.Kind.FULL || f.kind == Actions.Fence.Kind.DSB
                    || f.kind == Actions.Fence.Kind.DSB_ST ? new Drain(this, c, true) : null;
        }
        return a; // pc updates, stops: no memory
    }

    private boolean isMemory(Place p, int leaves) {
        BitSet t = new BitSet();
        p.mayTouch(t, 0, Math.max(1, leaves));
        return t.intersects(memory);
    }

    private LoadRewriter loads(int c) {
        return new LoadRewriter(memory, (p, offset) -> new Load(this, c, p, offset));
    }

    private Place place(Place p, int c) {
        return loads(c).place(p);
    }

    /** {@code e} with every load from memory forwarded from the buffer of {@code c}. */
    IntExpr read(IntExpr e, int c) {
        return loads(c).rewrite(e);
    }

    private int[] buffer(int c) {
        return buffers.get(c);
    }

    private void bufferSlots(int c, BitSet out) {
        int[] b = buffer(c);
        out.set(b[0], b[0] + bound * entry);
    }

    /**
     * Appends a store of {@code n} leaves at {@code slot}. A full buffer ends the run with
     * {@link MemoryModel#overflow}: the executions that need more stores in flight are not
     * explored, and the search must say so.
     */
    private void append(int[] w, int c, int slot, int[] values, int n, SourceRef where) {
        int first = buffer(c)[0];
        for (int done = 0; done < n; done += width) {
            int k = Math.min(width, n - done);
            int e = 0;
            while (e < bound && w[first + e * entry] != 0) {
                e++;
            }
            if (e == bound) {
                throw MemoryModel.overflow(c, "tso", bound, where);
            }
            int at = first + e * entry;
            w[at] = slot + done + 1;
            w[at + 1] = k;
            for (int v = 0; v < width; v++) {
                w[at + 2 + v] = v < k ? values[done + v] : 0;
            }
        }
    }

    private void drainOldest(int[] w, int first) {
        int start = w[first] - 1;
        int n = w[first + 1];
        for (int v = 0; v < n; v++) {
            w[start + v] = w[first + 2 + v];
        }
        int last = first + (bound - 1) * entry;
        System.arraycopy(w, first + entry, w, first, (bound - 1) * entry);
        Arrays.fill(w, last, last + entry, 0);
    }

    private int load(int[] s, int c, int slot) {
        int first = buffer(c)[0];
        for (int e = bound - 1; e >= 0; e--) {
            int at = first + e * entry;
            int a = s[at];
            if (a != 0 && slot >= a - 1 && slot < a - 1 + s[at + 1]) {
                return s[at + 2 + slot - (a - 1)];
            }
        }
        return s[slot];
    }

    /** A load by kernel code on {@code cpu}: the newest buffered store to its slot, else memory. */
    static final class Load implements IntExpr {
        @Override
        public <R> R accept(IntExpr.Visitor<R> v) {
            return v.load(this);
        }

        final WeakMemory wm;
        final int cpu;
        final Place place;
        final int offset;

        Load(WeakMemory wm, int cpu, Place place, int offset) {
            this.wm = wm;
            this.cpu = cpu;
            this.place = place;
            this.offset = offset;
        }

        public int eval(int[] s) {
            return wm.load(s, cpu, place.slot(s) + offset);
        }

        public void reads(BitSet out) {
            place.readsForAddress(out);
            place.mayTouch(out, offset, 1);
            wm.bufferSlots(cpu, out);
        }
    }

    /** A kernel store to memory: into the store buffer of its CPU. */
    static final class Store implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.store(this);
        }

        final WeakMemory wm;
        final int cpu;
        final Place target;
        final IntExpr[] leaves;
        final int[] mins;
        final int[] maxs;
        final SourceRef where;

        Store(WeakMemory wm, int cpu, Place target, IntExpr[] leaves, int[] mins, int[] maxs, SourceRef where) {
            this.wm = wm;
            this.cpu = cpu;
            this.target = target;
            this.leaves = leaves;
            this.mins = mins;
            this.maxs = maxs;
            this.where = where;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int[] v = scratch.values;
            int n = leaves.length;
            int slot = Actions.valuesInRange(w, v, leaves, mins, maxs, target, where);
            wm.append(w, cpu, slot, v, n, where);
            return true;
        }

        public void reads(BitSet out) {
            Actions.assignmentReads(leaves, target, out);
            wm.bufferSlots(cpu, out);
        }

        public void writes(BitSet out) {
            wm.bufferSlots(cpu, out);
        }
    }

    /** The buffer of {@code cpu} drains to memory: all of it (a fence, a locked step) or its oldest entry. */
    static final class Drain implements Action {
        @Override
        public <R> R accept(Action.Visitor<R> v) {
            return v.drain(this);
        }

        final WeakMemory wm;
        final int cpu;
        final boolean all;

        Drain(WeakMemory wm, int cpu, boolean all) {
            this.wm = wm;
            this.cpu = cpu;
            this.all = all;
        }

        public boolean exec(int[] w, Action.Scratch scratch) {
            int first = wm.buffer(cpu)[0];
            do {
                if (w[first] == 0) {
                    return true;
                }
                wm.drainOldest(w, first);
            } while (all);
            return true;
        }

        public void reads(BitSet out) {
            wm.bufferSlots(cpu, out);
        }

        public void writes(BitSet out) {
            wm.bufferSlots(cpu, out);
            out.or(wm.memory);
        }
    }
}
