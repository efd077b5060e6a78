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
 * type the detector builds the renaming that swaps two of its values (every array indexed by
 * that type swaps two elements; per-CPU bookkeeping such as interrupt handlers and interrupt
 * flags swaps with the CPU; a variable that holds a value of the type, {@code var owner: CPU},
 * has the two values exchanged) and checks that it is an automorphism of what was compiled:
 * the initial state maps to itself, every group maps to a group that is the same up to that
 * renaming (compared as canonical text, with a group's temporaries numbered by first use), and
 * every property maps to itself. Adjacent swaps generate every permutation, so checking them
 * suffices.
 *
 * <p>Value renaming (Ip and Dill's scalarsets): the compiler says which slots hold a value of
 * the type ({@code valueSlots}, from declared types). In the canonical text every expression
 * is written in one of two contexts: a value of the type (stored into or compared with such a
 * slot, or an index into an array over the type) or a plain number. In the first, constants
 * are renamed with the slots, so {@code owner = c} in CPU 1's rule is the twin of CPU 2's, and
 * an array indexed by such a value, {@code tlb[owner]}, maps to itself. A slot of the type read
 * as a plain number (arithmetic, {@code <}, stored into an integer variable, an index into
 * another array) or a plain number stored as a value of the type refuses the type: such
 * expressions can tell the values apart. Equality with {@code ==} and {@code !=}, indexing and
 * loops over all values are what the renaming commutes with. A constant naming one value (a
 * CPU number in a kernel guard) makes two groups differ in text, so the type is then not
 * declared either: the check can miss a symmetry, never invent one. Every refusal keeps its
 * reason for the report ({@link #refusals()}).
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
    private final Map<String, BitSet> valueSlots;
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
    private final java.util.function.IntFunction<String> slotNames;
    private final Map<String, String> refusals = new java.util.LinkedHashMap<>();

    /**
     * @param coords slot coordinates registered by the compiler
     * @param typeSizes number of values of each named index type
     * @param valueSlots per named index type, the slots that hold a value of it (values are
     *     the type's ordinals: the type starts at 0)
     * @param cpuType the type of the agents' CPU parameter, or null
     * @param pinnedCpus CPU ordinals that run kernel processes
     * @param slotNames the names of slots, for reasons
     */
    SymmetryDetector(Map<Integer, Coord> coords, Map<String, Integer> typeSizes, Map<String, BitSet> valueSlots,
                     String cpuType, Set<Integer> pinnedCpus, Group[] groups, List<StateProperty> properties,
                     int[] initial, int[] temps, BitSet lockSlots, boolean analyses, BitSet processPcs,
                     FailureAnalysis failures, java.util.function.IntFunction<String> slotNames) {
        this.slotNames = slotNames;
        this.coords = coords;
        this.typeSizes = typeSizes;
        this.valueSlots = valueSlots;
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
        for (String type : new java.util.TreeSet<>(typeSizes.keySet())) {
            BitSet values = valueSlots.getOrDefault(type, new BitSet());
            Symmetry s = tryType(type, values);
            if (s == null && !values.isEmpty() && refusals.containsKey(type)) {
                // Variables of the type that are only ever plain numbers (never an index, never
                // compared with one) do not need renaming: without it the check may still pass.
                // A second refusal keeps the first reason (putIfAbsent).
                s = tryType(type, new BitSet());
                if (s != null) {
                    refusals.remove(type);
                }
            }
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Why index types with at least two candidate values were not declared, by type, after
     * {@link #detect()}; types that nothing indexes or holds are not listed.
     */
    Map<String, String> refusals() {
        return java.util.Collections.unmodifiableMap(refusals);
    }

    private String dimName(String d) {
        return CPU_DIM.equals(d) ? cpuType : d;
    }

    private Symmetry refuse(String type, String why) {
        refusals.putIfAbsent(type, why);
        return null;
    }

    private Symmetry tryType(String type, BitSet values) {
        int n = typeSizes.get(type);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!(type.equals(cpuType) && pinnedCpus.contains(i))) {
                candidates.add(i);
            }
        }
        Map<String, Integer> slotOf = new HashMap<>();
        Map<Integer, Integer> dimOf = new HashMap<>(); // slot -> position of its one dimension of this type
        String twice = null;
        for (var e : coords.entrySet()) {
            Coord c = e.getValue();
            slotOf.put(normalized(c).key(), e.getKey());
            int at = -1;
            for (int d = 0; d < c.dims().length; d++) {
                if (type.equals(dimName(c.dimTypes()[d]))) {
                    if (at >= 0) {
                        twice = c.family();
                    }
                    at = d;
                }
            }
            if (at >= 0) {
                dimOf.put(e.getKey(), at);
            }
        }
        if (dimOf.isEmpty() && values.isEmpty()) {
            return null;
        }
        if (candidates.size() < 2) {
            return null; // nothing to interchange: not worth a line in the report
        }
        if (twice != null) {
            return refuse(type, twice + " is indexed by " + type + " twice");
        }
        String[] identity = canonGroups(type, null, null, values);
        if (identity == null) {
            return refuse(type, lastReason);
        }
        for (int k = 0; k + 1 < candidates.size(); k++) {
            int a = candidates.get(k);
            int b = candidates.get(k + 1);
            int[] perm = swap(type, a, b, slotOf, dimOf);
            if (perm == null) {
                return refuse(type, "the compiler keeps state for " + type + " " + a + " that it does not keep for " + b);
            }
            int[] rename = new int[n];
            for (int v = 0; v < n; v++) {
                rename[v] = v == a ? b : v == b ? a : v;
            }
            String why = automorphism(type, perm, rename, values, identity);
            if (why != null) {
                return refuse(type, type + " " + a + " and " + b + " are told apart " + why);
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
                return refuse(type, "the values of " + type + " own different numbers of slots");
            }
        }
        return new Symmetry(type, blocks, candidates.stream().mapToInt(Integer::intValue).toArray(),
                values.stream().toArray());
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

    /** Null when {@code perm} with values renamed by {@code rename} maps the system onto itself; else why not. */
    private String automorphism(String type, int[] perm, int[] rename, BitSet values, String[] identity) {
        for (int s = 0; s < perm.length; s++) {
            int expected = values.get(s) && initial[s] >= 0 && initial[s] < rename.length ? rename[initial[s]] : initial[s];
            if (initial[perm[s]] != expected) {
                return "by the initial value of " + slotName(s);
            }
            if (perm[s] != s && (temps.get(s) || processPcs.get(s) && analyses || lockSlots.get(s) && analyses)) {
                return "by " + slotName(s) + ", which "
                        + (temps.get(s) ? "is a temporary" : "lockdep records by identity");
            }
        }
        String[] mapped = canonGroups(type, perm, rename, values);
        if (mapped == null) {
            return "where " + lastReason;
        }
        if (!Arrays.equals(mapped, identity)) {
            return "by " + unmatched(type, perm, rename, values, identity);
        }
        for (StateProperty p : properties) {
            if (p instanceof ExprProperty e) {
                if (!same(type, e.cond(), perm, rename, values) || e.scope() != null && !same(type, e.scope(), perm, rename, values)) {
                    return "by property " + p.name();
                }
            } else if (!(p instanceof RenamingInvariant)) {
                BitSet r = p.reads();
                if (r == null) {
                    return "by property " + p.name() + ", which is not checked for renaming";
                }
                for (int s = r.nextSetBit(0); s >= 0; s = r.nextSetBit(s + 1)) {
                    if (perm[s] != s || values.get(s)) {
                        return "by property " + p.name() + ", which reads " + slotName(s);
                    }
                }
            }
        }
        return null;
    }

    /** The first group whose renaming matches no group, as the user wrote it. */
    private String unmatched(String type, int[] perm, int[] rename, BitSet values, String[] identity) {
        java.util.Set<String> known = new java.util.HashSet<>(Arrays.asList(identity));
        for (Group g : groups) {
            String t = new Canon(type, perm, rename, values).group(g);
            if (!known.contains(t)) {
                var i = g.info();
                return (i.action().isEmpty() ? i.actor() : i.actor() + "." + i.action()) + " at " + i.where()
                        + " (" + i.text() + ")";
            }
        }
        return "a step that occurs a different number of times";
    }

    private String slotName(int s) {
        return slotNames.apply(s);
    }

    private boolean same(String type, IntExpr e, int[] perm, int[] rename, BitSet values) {
        String a = new Canon(type, null, null, values).expr(e, false);
        String b = new Canon(type, perm, rename, values).expr(e, false);
        return a != null && a.equals(b);
    }

    private String lastReason = "";

    /** Canonical texts of all groups under {@code perm} (null: identity), sorted; null if one cannot be written. */
    private String[] canonGroups(String type, int[] perm, int[] rename, BitSet values) {
        String[] out = new String[groups.length];
        for (int g = 0; g < groups.length; g++) {
            Canon c = new Canon(type, perm, rename, values);
            out[g] = c.group(groups[g]);
            if (out[g] == null) {
                var i = groups[g].info();
                ptecheck.ts.SourceRef where = c.failedAt != null && c.failedAt.line() > 0 ? c.failedAt : i.where();
                lastReason = c.why + " at " + where + " (" + (i.action().isEmpty() ? i.actor() : i.actor() + "." + i.action())
                        + ")";
                return null;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * Writes a group or expression as text with slots moved by {@code perm} and the values of
     * the type renamed by {@code rename} wherever an expression stands for such a value; null
     * when it cannot be compared ({@link #why} says why).
     */
    private final class Canon {
        private final String type;
        private final int[] perm;
        private final int[] rename;
        private final BitSet values;
        private final Map<Integer, Integer> tempNames = new HashMap<>();
        private boolean failed;
        String why = "";
        /** The statement or operator being written, and where the first failure was. */
        private ptecheck.ts.SourceRef at;
        ptecheck.ts.SourceRef failedAt;

        Canon(String type, int[] perm, int[] rename, BitSet values) {
            this.type = type;
            this.perm = perm;
            this.rename = rename;
            this.values = values;
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

        private void fail(String reason) {
            if (!failed) {
                why = reason;
                failedAt = at;
            }
            failed = true;
        }

        String group(Group g) {
            StringBuilder b = new StringBuilder("G");
            b.append(g.pcSlot() >= 0 ? slot(g.pcSlot()) + "=" + g.fromPc() : "-");
            String[] susp = new String[g.suspendedBy().length];
            for (int i = 0; i < susp.length; i++) {
                susp[i] = slot(g.suspendedBy()[i]);
            }
            Arrays.sort(susp);
            b.append(Arrays.toString(susp)).append('[').append(g.guard() == null ? "" : exprText(g.guard(), false)).append(']');
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
                    at = as.where;
                    if (!as.target.isStatic()) {
                        IntExpr[] leaves = as.leaves;
                        StringBuilder b = new StringBuilder("A").append(dynamicPlace(as.target, leaves.length)).append('(');
                        for (int i = 0; i < leaves.length; i++) {
                            b.append(exprText(leaves[i], holdsValues(as.target, i))).append(',');
                        }
                        return b.append(')').append(Arrays.toString(as.mins)).append(Arrays.toString(as.maxs)).toString();
                    }
                    String[] parts = new String[as.leaves.length];
                    for (int i = 0; i < parts.length; i++) {
                        int target = as.target.base + i;
                        parts[i] = slot(target) + ":=" + exprText(as.leaves[i], values.get(target)) + "in" + as.mins[i]
                                + ".." + as.maxs[i];
                    }
                    Arrays.sort(parts); // all leaves are computed before any is stored
                    return "A" + Arrays.toString(parts);
                }

                @Override
                public String branch(Actions.If i) {
                    return "I(" + exprText(i.cond, false) + ")" + actions(i.then) + actions(i.otherwise);
                }

                @Override
                public String check(Actions.Check c) {
                    return "C(" + exprText(c.cond, false) + "," + c.property + ")";
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
                    return notCompared("RCU grace-period masks"); // they hold sets of owners, which a block permutation would not rename
                }

                @Override
                public String rcuSnapshot(Actions.RcuSnapshot q) {
                    return notCompared("RCU grace-period masks");
                }

                @Override
                public String fence(Actions.Fence f) {
                    return "F" + f.kind;
                }

                @Override
                public String store(WeakMemory.Store st) {
                    return notCompared("store buffers hold slot numbers"); // which a permutation would not rename
                }

                @Override
                public String drain(WeakMemory.Drain d) {
                    return notCompared("store buffers hold slot numbers");
                }

                @Override
                public String armStore(ArmMemory.Store st) {
                    return notCompared("store buffers hold slot numbers");
                }

                @Override
                public String armOp(ArmMemory.Op o) {
                    return notCompared("store buffers hold slot numbers");
                }
            });
        }

        private String notCompared(String why) {
            fail(why);
            return "?";
        }

        /** Whether leaf {@code leaf} of a dynamic place holds values of the type, wherever it lands. */
        private boolean holdsValues(Place p, int leaf) {
            BitSet touched = new BitSet();
            p.mayTouch(touched, leaf, 1);
            int holding = 0;
            for (int s = touched.nextSetBit(0); s >= 0; s = touched.nextSetBit(s + 1)) {
                holding += values.get(s) ? 1 : 0;
            }
            if (holding != 0 && holding != touched.cardinality()) {
                fail("an index chooses between a " + type + " variable and another");
            }
            return holding != 0;
        }

        private String place(Place p, int width) {
            return p.isStatic() ? "@" + slot(p.base) + (width > 1 ? "+" + slot(p.base + 1) : "") : dynamicPlace(p, width);
        }

        /**
         * A place whose slot depends on the state. Its image under the renaming is the same place
         * with the fixed part of its address moved (an array row of a renamed index) and the
         * index over the type renamed as a value; that is checked slot by slot, so an array laid
         * out in any other way is refused rather than trusted.
         */
        private String dynamicPlace(Place p, int width) {
            BitSet touched = new BitSet();
            p.mayTouch(touched, 0, width);
            for (int s = touched.nextSetBit(0); s >= 0; s = touched.nextSetBit(s + 1)) {
                if (temps.get(s) && moves(s)) {
                    fail("a temporary indexed by " + type);
                }
            }
            int over = -1; // the term that indexes the type
            for (int i = 0; i < p.terms.length; i++) {
                if (indexes(p, p.terms[i])) {
                    over = i;
                }
            }
            int base = over >= 0 || perm == null ? p.base : perm[p.base];
            if (perm != null && !mapsAsPlace(p, width, over, base)) {
                fail("an index computed from the state selects among slots of " + type
                        + " that do not move as one array");
            }
            StringBuilder b = new StringBuilder("@").append(base);
            for (int i = 0; i < p.terms.length; i++) {
                Place.Term t = p.terms[i];
                b.append('[').append(exprText(t.index(), i == over)).append(':').append(t.lo()).append(',')
                        .append(t.count()).append(',').append(t.stride()).append(']');
            }
            return b.toString();
        }

        /** True when {@code t} steps along a dimension of the type, all of it, from value 0. */
        private boolean indexes(Place p, Place.Term t) {
            if (t.count() != typeSizes.get(type) || t.lo() != 0) {
                return false;
            }
            Coord a = coords.get(p.base);
            Coord b = coords.get(p.base + t.stride());
            if (a == null || b == null || !a.family().equals(b.family()) || a.dims().length != b.dims().length) {
                return false;
            }
            int differs = -1;
            for (int d = 0; d < a.dims().length; d++) {
                if (a.dims()[d] != b.dims()[d]) {
                    if (differs >= 0) {
                        return false;
                    }
                    differs = d;
                }
            }
            return differs >= 0 && type.equals(dimName(a.dimTypes()[differs])) && a.dims()[differs] == 0;
        }

        /** Every slot the place may denote moves to the slot the renamed place denotes. */
        private boolean mapsAsPlace(Place p, int width, int over, int base) {
            int[] k = new int[p.terms.length];
            while (true) {
                int from = p.base;
                int to = base;
                for (int i = 0; i < k.length; i++) {
                    Place.Term t = p.terms[i];
                    from += k[i] * t.stride();
                    to += (i == over ? renameOrdinal(k[i]) : k[i]) * t.stride();
                }
                for (int leaf = 0; leaf < width; leaf++) {
                    if (from + leaf >= perm.length || to + leaf >= perm.length || perm[from + leaf] != to + leaf) {
                        return false;
                    }
                }
                int i = k.length - 1;
                while (i >= 0 && ++k[i] == p.terms[i].count()) {
                    k[i] = 0;
                    i--;
                }
                if (i < 0) {
                    return true;
                }
            }
        }

        private int renameOrdinal(int v) {
            return rename != null && v >= 0 && v < rename.length ? rename[v] : v;
        }

        /** True when {@code e} stands for a value of the type (its value is renamed with the slots). */
        private boolean isValue(IntExpr e) {
            if (e instanceof Eval.Read r) {
                return values.get(r.slot);
            } else if (e instanceof Eval.DynRead d) {
                BitSet touched = new BitSet();
                d.place.mayTouch(touched, d.offset, 1);
                return touched.intersects(values);
            } else if (e instanceof Eval.Cond c) {
                return isValue(c.a) || isValue(c.b);
            } else if (e instanceof Eval.Guarded g) {
                return isValue(g.value);
            }
            return false;
        }

        String expr(IntExpr e, boolean value) {
            String s = exprText(e, value);
            return failed ? null : s;
        }

        /** {@code e} as text; {@code value}: it stands for a value of the type here. */
        private String exprText(IntExpr e, boolean value) {
            return e.accept(new IntExpr.Visitor<String>() {
                @Override
                public String constant(Eval.Const c) {
                    return "c" + (value ? renameOrdinal(c.v) : c.v);
                }

                @Override
                public String read(Eval.Read r) {
                    if (values.get(r.slot) != value) {
                        fail(value ? "a number is used as a " + type + " value" : "the " + type + " value of "
                                + slotName(r.slot) + " is used as a number");
                    }
                    return slot(r.slot);
                }

                @Override
                public String dynRead(Eval.DynRead d) {
                    if (holdsValues(d.place, d.offset) != value) {
                        fail(value ? "a number is used as a " + type + " value" : "a " + type + " value is used as a number");
                    }
                    return "d" + dynamicPlace(d.place, d.place.width) + "+" + d.offset;
                }

                @Override
                public String neg(Eval.Neg n) {
                    return "-(" + plain(n.a) + ")";
                }

                @Override
                public String not(Eval.Not n) {
                    return "!(" + plain(n.a) + ")";
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
                    if (value) {
                        fail("a computed number is used as a " + type + " value");
                    }
                    // == and != commute with renaming when both sides are values of the type.
                    boolean values = b.op.equality() && (isValue(b.a) || isValue(b.b));
                    ptecheck.ts.SourceRef outer = at;
                    at = b.where;
                    String text = "(" + exprText(b.a, values) + " " + b.op + " " + exprText(b.b, values) + ")";
                    at = outer;
                    return text;
                }

                @Override
                public String guarded(Eval.Guarded g) {
                    return "g(" + plain(g.ok) + "," + exprText(g.value, value) + "," + g.property + ")";
                }

                @Override
                public String atPc(Eval.AtPc a) {
                    if (moves(a.pcSlot)) {
                        fail("a property names a process that moves with " + type);
                    }
                    return "pc" + a.pcSlot + "@" + a.label;
                }

                @Override
                public String cond(Eval.Cond c) {
                    return "?(" + plain(c.c) + "," + exprText(c.a, value) + "," + exprText(c.b, value) + ")";
                }

                @Override
                public String load(WeakMemory.Load l) {
                    return notCompared("store buffers hold slot numbers");
                }

                @Override
                public String armLoad(ArmMemory.Load l) {
                    return notCompared("store buffers hold slot numbers");
                }

                @Override
                public String settled(ArmMemory.Settled s) {
                    return notCompared("store buffers hold slot numbers");
                }

                @Override
                public String ready(ArmMemory.Ready r) {
                    return notCompared("store buffers hold slot numbers");
                }
            });
        }

        private String plain(IntExpr e) {
            return exprText(e, false);
        }

        private String junction(IntExpr e, boolean and) {
            List<IntExpr> operands = new ArrayList<>();
            flatten(e, and, operands);
            String[] parts = new String[operands.size()];
            boolean canReorder = true;
            for (int i = 0; i < parts.length; i++) {
                parts[i] = plain(operands.get(i));
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
