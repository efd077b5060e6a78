package ptecheck.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Symmetry;

/**
 * Finds the index types whose values the compiled system cannot tell apart, and declares them
 * to the search as {@link Symmetry} blocks. Nothing is declared on trust: for each candidate
 * type the detector builds the slot permutation that swaps two of its values (every array
 * indexed by that type swaps two elements; per-CPU bookkeeping such as interrupt handlers
 * and interrupt flags swaps with the CPU) and checks that it is an automorphism of what was
 * compiled: the initial state maps to itself, every group maps to a group that is the same
 * up to that renaming of slots (compared as canonical text, with a group's temporaries
 * numbered by first use), and every property maps to itself. Adjacent swaps generate every
 * permutation, so checking them suffices. A value of the type that appears as a constant (a
 * CPU number written into a variable, a lock owned by an interrupt handler, a kernel process
 * pinned to a page) makes two groups differ in text, so the type is then not declared: the
 * check can miss a symmetry, never invent one.
 *
 * <p>The CPUs that run kernel processes are left out (each has a role of its own); the other
 * CPUs, which only run hardware agents and interrupt handlers, are the interchangeable ones.
 * Not declared either: types used twice in one variable's indices (not a block permutation),
 * and any symmetry in specs using RCU (grace-period masks hold sets of owners, which a block
 * permutation would not rename). With whole-search analyses (lockdep) present, a type that
 * indexes locks is not declared, so that lock identities in findings are never renamed.
 */
final class SymmetryDetector {

    /** Where a slot sits in a family of slots indexed by named types. */
    record Coord(String family, String[] dimTypes, int[] dims, int leaf) {
        String key() {
            return family + Arrays.toString(dimTypes) + Arrays.toString(dims) + "#" + leaf;
        }

        String keyWithout(String type) {
            StringBuilder b = new StringBuilder(family).append('|');
            for (int i = 0; i < dims.length; i++) {
                b.append(type.equals(dimTypes[i]) ? "*" : dimTypes[i] + "=" + dims[i]).append(',');
            }
            return b.append('#').append(leaf).toString();
        }
    }

    /** Special dimension name for compiler bookkeeping indexed by CPU number. */
    static final String CPU_DIM = "#cpu";

    private final Map<Integer, Coord> coords;
    private final Map<String, Integer> typeSizes;
    private final String cpuType;
    private final Set<Integer> pinnedCpus;
    private final Group[] groups;
    private final List<StateProperty> properties;
    private final int[] initial;
    private final BitSet temps = new BitSet();
    private final BitSet lockSlots;
    private final boolean analyses;
    private final BitSet processPcs;
    private final FailureAnalysis failures;

    /**
     * @param coords slot coordinates registered by the compiler
     * @param typeSizes number of values of each named index type
     * @param cpuType the type of the agents' CPU parameter, or null
     * @param pinnedCpus CPU ordinals that run kernel processes
     */
    SymmetryDetector(Map<Integer, Coord> coords, Map<String, Integer> typeSizes, String cpuType, Set<Integer> pinnedCpus,
                     Group[] groups, List<StateProperty> properties, int[] initial, int[] temps, BitSet lockSlots,
                     boolean analyses, BitSet processPcs, FailureAnalysis failures) {
        this.coords = coords;
        this.typeSizes = typeSizes;
        this.cpuType = cpuType;
        this.pinnedCpus = pinnedCpus;
        this.groups = groups;
        this.properties = properties;
        this.initial = initial;
        for (int t : temps) {
            this.temps.set(t);
        }
        this.lockSlots = lockSlots;
        this.analyses = analyses;
        this.processPcs = processPcs;
        this.failures = failures;
    }

    List<Symmetry> detect() {
        List<Symmetry> out = new ArrayList<>();
        String[] identity = canonGroups(null);
        for (String type : new java.util.TreeSet<>(typeSizes.keySet())) {
            Symmetry s = tryType(type, identity);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private String dimName(String d) {
        return CPU_DIM.equals(d) ? cpuType : d;
    }

    private Symmetry tryType(String type, String[] identity) {
        int n = typeSizes.get(type);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!(type.equals(cpuType) && pinnedCpus.contains(i))) {
                candidates.add(i);
            }
        }
        if (candidates.size() < 2) {
            return null;
        }
        Map<String, Integer> slotOf = new HashMap<>();
        Map<Integer, Integer> dimOf = new HashMap<>(); // slot -> position of its one dimension of this type
        for (var e : coords.entrySet()) {
            Coord c = e.getValue();
            slotOf.put(normalized(c).key(), e.getKey());
            int at = -1;
            for (int d = 0; d < c.dims().length; d++) {
                if (type.equals(dimName(c.dimTypes()[d]))) {
                    if (at >= 0) {
                        return null; // indexed twice by the type: not a block permutation
                    }
                    at = d;
                }
            }
            if (at >= 0) {
                dimOf.put(e.getKey(), at);
            }
        }
        if (dimOf.isEmpty()) {
            return null;
        }
        for (int k = 0; k + 1 < candidates.size(); k++) {
            int[] perm = swap(type, candidates.get(k), candidates.get(k + 1), slotOf, dimOf);
            if (perm == null || !automorphism(perm, identity)) {
                return null;
            }
        }
        // Blocks: per candidate, its slots in the order of their coordinates without this type.
        int[][] blocks = new int[candidates.size()][];
        for (int i = 0; i < candidates.size(); i++) {
            int value = candidates.get(i);
            List<Map.Entry<String, Integer>> mine = new ArrayList<>();
            for (var e : dimOf.entrySet()) {
                Coord c = coords.get(e.getKey());
                if (c.dims()[e.getValue()] == value) {
                    mine.add(Map.entry(normalized(c).keyWithout(type), e.getKey()));
                }
            }
            mine.sort(Map.Entry.comparingByKey());
            blocks[i] = mine.stream().mapToInt(Map.Entry::getValue).toArray();
            if (blocks[i].length != blocks[0].length) {
                return null;
            }
        }
        return new Symmetry(type, blocks, candidates.stream().mapToInt(Integer::intValue).toArray(), new int[0]);
    }

    private Coord normalized(Coord c) {
        String[] types = c.dimTypes().clone();
        for (int i = 0; i < types.length; i++) {
            types[i] = dimName(types[i]);
        }
        return new Coord(c.family(), types, c.dims(), c.leaf());
    }

    private int[] swap(String type, int a, int b, Map<String, Integer> slotOf, Map<Integer, Integer> dimOf) {
        int size = initial.length;
        int[] perm = new int[size];
        for (int s = 0; s < size; s++) {
            perm[s] = s;
        }
        for (var e : dimOf.entrySet()) {
            Coord c = normalized(coords.get(e.getKey()));
            int v = c.dims()[e.getValue()];
            if (v != a && v != b) {
                continue;
            }
            int[] dims = c.dims().clone();
            dims[e.getValue()] = v == a ? b : a;
            Integer target = slotOf.get(new Coord(c.family(), c.dimTypes(), dims, c.leaf()).key());
            if (target == null) {
                return null; // the other value has no such slot (bookkeeping allocated for one CPU only)
            }
            perm[e.getKey()] = target;
        }
        return perm;
    }

    private boolean automorphism(int[] perm, String[] identity) {
        for (int s = 0; s < perm.length; s++) {
            if (perm[s] != s) {
                if (initial[perm[s]] != initial[s] || temps.get(s) || processPcs.get(s) && analyses
                        || lockSlots.get(s) && analyses) {
                    return false;
                }
            }
        }
        String[] mapped = canonGroups(perm);
        if (mapped == null || identity == null || !Arrays.equals(mapped, identity)) {
            return false;
        }
        for (StateProperty p : properties) {
            if (p instanceof ExprProperty e) {
                if (!same(e.cond(), perm) || e.scope() != null && !same(e.scope(), perm)) {
                    return false;
                }
            } else if (!(p instanceof RenamingInvariant)) {
                BitSet r = p.reads();
                if (r == null) {
                    return false;
                }
                for (int s = r.nextSetBit(0); s >= 0; s = r.nextSetBit(s + 1)) {
                    if (perm[s] != s) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean same(IntExpr e, int[] perm) {
        String a = new Canon(null).expr(e);
        String b = new Canon(perm).expr(e);
        return a != null && a.equals(b);
    }

    /** Canonical texts of all groups under {@code perm} (null: identity), sorted; null if one cannot be written. */
    private String[] canonGroups(int[] perm) {
        String[] out = new String[groups.length];
        for (int g = 0; g < groups.length; g++) {
            out[g] = new Canon(perm).group(groups[g]);
            if (out[g] == null) {
                return null;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Writes a group or expression as text with slots renamed; null when it cannot be compared. */
    private final class Canon {
        private final int[] perm;
        private final Map<Integer, Integer> tempNames = new HashMap<>();
        private boolean failed;

        Canon(int[] perm) {
            this.perm = perm;
        }

        private String slot(int s) {
            if (temps.get(s)) {
                return "t" + tempNames.computeIfAbsent(s, k -> tempNames.size());
            }
            return "s" + (perm == null ? s : perm[s]);
        }

        private boolean moves(int s) {
            return perm != null && perm[s] != s;
        }

        String group(Group g) {
            StringBuilder b = new StringBuilder("G");
            b.append(g.pcSlot() >= 0 ? slot(g.pcSlot()) + "=" + g.fromPc() : "-");
            String[] susp = new String[g.suspendedBy().length];
            for (int i = 0; i < susp.length; i++) {
                susp[i] = slot(g.suspendedBy()[i]);
            }
            Arrays.sort(susp);
            b.append(Arrays.toString(susp)).append('[').append(g.guard() == null ? "" : expr(g.guard())).append(']');
            b.append(actions(g.actions()));
            return failed ? null : b.toString();
        }

        private String actions(Action[] actions) {
            StringBuilder b = new StringBuilder("{");
            int i = 0;
            while (i < actions.length) {
                // A run of stores to distinct fixed slots, none reading what another writes,
                // commutes: written in any order (a loop over CPUs unrolls in index order).
                int end = i;
                BitSet written = new BitSet();
                BitSet read = new BitSet();
                while (end < actions.length && actions[end] instanceof Actions.Assign as && as.target.isStatic()) {
                    BitSet w = new BitSet();
                    as.writes(w);
                    BitSet r = new BitSet();
                    as.reads(r);
                    if (w.intersects(written) || w.intersects(read) || r.intersects(written) || mayFailLeaves(as)) {
                        break;
                    }
                    written.or(w);
                    read.or(r);
                    end++;
                }
                if (end - i > 1) {
                    String[] run = new String[end - i];
                    for (int k = i; k < end; k++) {
                        run[k - i] = action(actions[k]);
                    }
                    Arrays.sort(run);
                    for (String x : run) {
                        b.append(x).append(';');
                    }
                    i = end;
                } else {
                    b.append(action(actions[i])).append(';');
                    i++;
                }
            }
            return b.append('}').toString();
        }

        private boolean mayFailLeaves(Actions.Assign as) {
            return failures.mayFail(new Action[] {as});
        }

        private String action(Action a) {
            return a.accept(new Action.Visitor<String>() {
                @Override
                public String assign(Actions.Assign as) {
                    if (!as.target.isStatic()) {
                        return "A" + dynamicPlace(as.target, as.leaves.length) + exprs(as.leaves) + Arrays.toString(as.mins)
                                + Arrays.toString(as.maxs);
                    }
                    String[] parts = new String[as.leaves.length];
                    for (int i = 0; i < parts.length; i++) {
                        parts[i] = slot(as.target.base + i) + ":=" + expr(as.leaves[i]) + "in" + as.mins[i] + ".."
                                + as.maxs[i];
                    }
                    Arrays.sort(parts); // all leaves are computed before any is stored
                    return "A" + Arrays.toString(parts);
                }

                @Override
                public String branch(Actions.If i) {
                    return "I(" + expr(i.cond) + ")" + actions(i.then) + actions(i.otherwise);
                }

                @Override
                public String check(Actions.Check c) {
                    return "C(" + expr(c.cond) + "," + c.property + ")";
                }

                @Override
                public String unlock(Actions.Unlock u) {
                    return "U" + place(u.lock, 1) + u.owner;
                }

                @Override
                public String setPc(Actions.SetPc p) {
                    return "P" + slot(p.slot) + "=" + p.pc;
                }

                @Override
                public String stop(Actions.Stop s) {
                    return "S";
                }

                @Override
                public String callBlock(Actions.CallBlock c) {
                    return "B" + actions(c.body);
                }

                @Override
                public String readAcquire(Actions.ReadAcquire r) {
                    return "R" + place(r.lock, 2) + r.owner;
                }

                @Override
                public String rwUnlock(Actions.RwUnlock r) {
                    return "W" + place(r.lock, 2) + r.owner + r.mode;
                }

                @Override
                public String rcuQuiesce(Actions.RcuQuiesce q) {
                    return notCompared(); // grace-period masks hold sets of owners, which a block permutation would not rename
                }

                @Override
                public String rcuSnapshot(Actions.RcuSnapshot q) {
                    return notCompared();
                }

                @Override
                public String fence(Actions.Fence f) {
                    return "F" + f.kind;
                }

                @Override
                public String store(WeakMemory.Store st) {
                    return notCompared(); // buffer entries hold slot numbers, which a permutation would not rename
                }

                @Override
                public String drain(WeakMemory.Drain d) {
                    return notCompared();
                }

                @Override
                public String armStore(ArmMemory.Store st) {
                    return notCompared();
                }

                @Override
                public String armOp(ArmMemory.Op o) {
                    return notCompared();
                }
            });
        }

        private String notCompared() {
            failed = true;
            return "?";
        }

        private String place(Place p, int width) {
            return p.isStatic() ? "@" + slot(p.base) + (width > 1 ? "+" + slot(p.base + 1) : "") : dynamicPlace(p, width);
        }

        /** A place whose slot depends on the state: comparable only where none of its slots move. */
        private String dynamicPlace(Place p, int width) {
            BitSet touched = new BitSet();
            p.mayTouch(touched, 0, width);
            for (int s = touched.nextSetBit(0); s >= 0; s = touched.nextSetBit(s + 1)) {
                if (moves(s) || temps.get(s)) {
                    failed = true;
                }
            }
            StringBuilder b = new StringBuilder("@").append(p.base);
            for (Place.Term t : p.terms) {
                b.append('[').append(expr(t.index())).append(':').append(t.lo()).append(',').append(t.count()).append(',')
                        .append(t.stride()).append(']');
            }
            return b.toString();
        }

        private String exprs(IntExpr[] es) {
            StringBuilder b = new StringBuilder("(");
            for (IntExpr e : es) {
                b.append(expr(e)).append(',');
            }
            return b.append(')').toString();
        }

        String expr(IntExpr e) {
            String s = exprText(e);
            return failed ? null : s;
        }

        private String exprText(IntExpr e) {
            return e.accept(new IntExpr.Visitor<String>() {
                @Override
                public String constant(Eval.Const c) {
                    return "c" + c.v;
                }

                @Override
                public String read(Eval.Read r) {
                    return slot(r.slot);
                }

                @Override
                public String dynRead(Eval.DynRead d) {
                    return "d" + dynamicPlace(d.place, d.place.width) + "+" + d.offset;
                }

                @Override
                public String neg(Eval.Neg n) {
                    return "-(" + exprText(n.a) + ")";
                }

                @Override
                public String not(Eval.Not n) {
                    return "!(" + exprText(n.a) + ")";
                }

                @Override
                public String and(Eval.And x) {
                    return junction(x, true);
                }

                @Override
                public String or(Eval.Or x) {
                    return junction(x, false);
                }

                @Override
                public String binary(Eval.Binary b) {
                    return "(" + exprText(b.a) + " " + b.op + " " + exprText(b.b) + ")";
                }

                @Override
                public String guarded(Eval.Guarded g) {
                    return "g(" + exprText(g.ok) + "," + exprText(g.value) + "," + g.property + ")";
                }

                @Override
                public String atPc(Eval.AtPc a) {
                    if (moves(a.pcSlot)) {
                        failed = true;
                    }
                    return "pc" + a.pcSlot + "@" + a.label;
                }

                @Override
                public String cond(Eval.Cond c) {
                    return "?(" + exprText(c.c) + "," + exprText(c.a) + "," + exprText(c.b) + ")";
                }

                @Override
                public String load(WeakMemory.Load l) {
                    return notCompared();
                }

                @Override
                public String armLoad(ArmMemory.Load l) {
                    return notCompared();
                }

                @Override
                public String settled(ArmMemory.Settled s) {
                    return notCompared();
                }

                @Override
                public String ready(ArmMemory.Ready r) {
                    return notCompared();
                }
            });
        }

        private String junction(IntExpr e, boolean and) {
            List<IntExpr> operands = new ArrayList<>();
            flatten(e, and, operands);
            String[] parts = new String[operands.size()];
            boolean canReorder = true;
            for (int i = 0; i < parts.length; i++) {
                parts[i] = exprText(operands.get(i));
                canReorder &= !failures.mayFail(operands.get(i));
            }
            if (canReorder) {
                Arrays.sort(parts); // forall/exists unroll in index order; order matters only if one can fail
            }
            return (and ? "&" : "|") + Arrays.toString(parts);
        }

        private void flatten(IntExpr e, boolean and, List<IntExpr> out) {
            if (and && e instanceof Eval.And a) {
                flatten(a.a, true, out);
                flatten(a.b, true, out);
            } else if (!and && e instanceof Eval.Or o) {
                flatten(o.a, false, out);
                flatten(o.b, false, out);
            } else {
                out.add(e);
            }
        }
    }
}
