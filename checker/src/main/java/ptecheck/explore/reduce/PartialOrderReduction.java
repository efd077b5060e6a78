package ptecheck.explore.reduce;

import java.util.BitSet;
import java.util.List;
import ptecheck.ts.Conjunction;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.Guards;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.TransitionSystem;

/**
 * Partial-order reduction by stubborn sets computed from the groups' read, write and guard sets
 * (Valmari), in the guard-based form of Laarman, Pater, van de Pol and Weber, "Guard-Based
 * Partial-Order Reduction", SPIN 2013, doi:10.1007/978-3-642-39176-7_15 (as in LTSmin's
 * {@code pins2pins-por}).
 *
 * <h2>What it relies on</h2>
 *
 * A set {@code T} of groups is <em>stubborn</em> in state {@code s} when
 * <ul>
 *   <li><b>D1</b>: for every enabled {@code t} in {@code T}, every group dependent on
 *       {@code t} is in {@code T}, and for every disabled {@code t} in {@code T}, a necessary
 *       enabling set of {@code t} is in {@code T}: every group that writes a slot of the first
 *       conjunct of {@code t}'s guard that is false in {@code s} ({@link Guards}; this is the
 *       guard-based refinement), or without conjuncts every group that writes a slot of the
 *       guard ({@link DependencyMatrix#guardReads}). Two groups are dependent when one writes
 *       a slot the other reads or writes (may-write sets, so this over-approximates).
 *   <li><b>D2</b>: {@code T} holds an enabled group (all of whose dependents are in {@code T}).
 * </ul>
 * Firing only the enabled groups of a stubborn set in every state gives a reduced state space
 * with three properties, each used below:
 * <ol>
 *   <li><b>Deadlocks</b> (Valmari, "Stubborn sets for reduced state space generation",
 *       Advances in Petri Nets 1990, LNCS 483; Godefroid, "Partial-Order Methods for the
 *       Verification of Concurrent Systems", LNCS 1032, 1996): every reachable deadlock is
 *       reachable in the reduced space. Needs D1 and D2 only.
 *   <li><b>Reachable bad states</b> (Schmidt, "Stubborn sets for standard properties", ICATPN
 *       1999; Lehmann, Lohmann and Wolf, "Stubborn sets for simple linear time properties",
 *       2012): if, in every state {@code s} where a property {@code p} holds, {@code T} also
 *       holds an <em>up-set</em> of {@code p} (groups one of which must fire on any path from
 *       {@code s} to a state violating {@code p}), then every reachable violation is
 *       reachable in the reduced space. The proof is by induction on the length of a shortest
 *       path to a violation; no cycle proviso is needed. Our up-set of {@code p} is every group
 *       writing a slot {@code p} reads ({@link StateProperty#reads()}: the groups "visible" to
 *       {@code p}); while {@code p} is out of scope ({@link StateProperty#inScope}) it is only
 *       the groups writing {@link StateProperty#scopeReads()}, since the property must come
 *       into scope before it can fail, and when the scope is a conjunction
 *       ({@link StateProperty#scopeConjunction()}) only the writers of its first false part,
 *       since every false part must become true first (an at-end check: one unfinished kernel
 *       process must move, not all of them).
 *   <li><b>Failing steps.</b> A group whose firing throws {@link StepFailure} ends the search
 *       with a counterexample, so "group {@code g} fails here" must stay reachable too. When
 *       the system says which groups may fail ({@link TransitionSystem#mayFail()}), this is
 *       one more goal of (2): its up-set in {@code s} is {@code g} itself and the writers of
 *       what {@code g} reads when {@code g} is enabled (firing it is how we see whether it
 *       fails), and {@code g}'s necessary enabling set when it is disabled. When the system
 *       does not say, every group may fail and those up-sets would be everything; instead the
 *       failure is a transition {@code g_fail} with {@code g}'s read set, taken together with
 *       {@code g} (which adds nothing to D1), and these are the visible transitions of
 *       Valmari's safety theorem (Valmari, "The state explosion problem", Lectures on Petri
 *       Nets I, LNCS 1491, 1998; Peled, "All from one, one for all", CAV 1993, for ample
 *       sets). Condition V (a stubborn set with an enabled visible transition holds all of
 *       them) is met trivially, because a state where a group of {@code T} fails ends the
 *       search; the <b>cycle proviso</b> below makes sure no transition is ignored forever.
 *       It is only applied in this case ({@link #needsCycleProviso()}).
 * </ol>
 *
 * <h2>The progress check</h2>
 *
 * The search can also report reachable states from which no terminal state is reachable
 * ({@link TransitionSystem#isTerminal}; a kernel process that can never finish). Call
 * {@code B} the set of such states of the full space; {@code B} is closed under successors.
 * When this check is kept ({@code keepProgress}), the reduction adds to every non-terminal
 * state's set an up-set of "terminal": the writers of the first false part of
 * {@link TransitionSystem#terminalConjunction()}, and the search applies the proviso
 * {@link Proviso#REACH_FULL}: a state is expanded in full unless one of its reduced successors
 * is new, one level deeper. (Following new successors goes deeper each time, so from every
 * reduced state some fully expanded state is reachable; this is weaker than the cycle proviso
 * below, which would expand in full wherever a TLB eviction undoes a fill.) Then
 * a reduced state is in {@code B} exactly when it cannot reach a terminal state <em>in the
 * reduced space</em>, and some reduced state is in {@code B} when any reachable state is:
 * <ul>
 *   <li>No false alarm. Let {@code r} be a reduced state and {@code π} a full path from
 *       {@code r} to a terminal state. {@code π} fires a group of the up-set, so of {@code T(r)};
 *       the first such group {@code t} is enabled in {@code r} (D1: its enablers are in
 *       {@code T(r)}, and none fired before it) and commutes to the front (D1: what fires before
 *       it is independent of it). So {@code r} has the reduced successor {@code r·t}, from
 *       which the rest of {@code π}, one step shorter, still reaches a terminal state;
 *       induction on the length of {@code π}.
 *   <li>No miss. Let {@code π} be a full path from a reduced state {@code r} to a state of
 *       {@code B}. If {@code π} fires a group of {@code T(r)}, the first one moves to the front
 *       as above and the path from {@code r·t} is shorter. If not, every enabled {@code t} in
 *       {@code T(r)} is independent of all of {@code π} (D1), so {@code π} fired from
 *       {@code r·t} ends in the successor of its old end by {@code t}, which is in {@code B}
 *       too, by a path of the same length. In a fully expanded state {@code T} holds the first
 *       group of {@code π}, so the second case only happens where {@code r} is expanded in part,
 *       and then the proviso {@link Proviso#REACH_FULL} gives a reduced successor {@code r·t}
 *       one level deeper. The pair (length of {@code π}, levels left below {@code r}) falls
 *       in both cases, so the length reaches 0, at a reduced state of {@code B}. (With symmetry
 *       reduction the same holds of the canonical states, since {@code B} and the terminal
 *       test are symmetric.)
 * </ul>
 * This is the argument of Valmari for "can always terminate" style properties (Valmari and
 * Vogler, "Fair testing and stubborn sets", SPIN 2016) specialised to one goal predicate.
 *
 * <h2>The cycle proviso for breadth-first search</h2>
 *
 * Every cycle of the reduced space must contain a fully expanded state (Godefroid's C3,
 * Peled's C3). Depth-first search checks successors against its stack; breadth-first search
 * has no stack (Bošnački and Holzmann, "Improving SPIN's partial-order reduction for
 * breadth-first search", SPIN 2005). We use: a state {@code s} of depth {@code d} is expanded
 * in full when one of its reduced successors other than {@code s} itself was stored at a
 * depth at most {@code d}, or when all its reduced successors are {@code s} itself. Proof:
 * on any cycle of length 2 or more, take a state {@code s} of the greatest depth {@code d};
 * its successor on the cycle has depth at most {@code d}, so it was stored before {@code s}
 * was expanded, and {@code s} is fully expanded. A level-synchronised search knows exactly
 * which states have depth at most {@code d}: those in the store while level {@code d} is
 * expanded. (With symmetry reduction the test is made on canonical states, which makes it
 * only more often true.)
 *
 * <h2>Which stubborn set</h2>
 *
 * The up-sets of the properties in force (and of the failures) are closed under D1 first. If that already holds an
 * enabled group, it is the set; otherwise single enabled seeds are tried, cheapest first (by
 * number of dependents), and the closure with the fewest enabled groups is kept. All choices
 * are deterministic, so the reduced space does not depend on the number of workers.
 *
 * <p>Up-sets keep shortest paths: in the proof of (2) the first stubborn transition of a
 * shortest path to a goal is moved to its front, which keeps its length. So with declared
 * failures every counterexample has the same length as without reduction; with undeclared
 * ones, a failing step's counterexample may be longer.
 *
 * <p>Soundness rests on the dependency matrix being right: run with
 * {@code --check-dependencies} ({@link DependencyCheckingSystem}) when a front end changes.
 *
 * <p>Immutable and thread-safe; each thread uses its own {@link Scratch}.
 */
public final class PartialOrderReduction {
    /** Seeds tried per state before settling for the best closure found. */
    private static final int MAX_SEEDS = 8;

    private final int groups;
    private final int words;
    /** dependents[g]: groups dependent on g (g itself included). */
    private final long[][] dependents;
    /** enablers[g]: groups writing a slot of g's guard. */
    private final long[][] enablers;
    /** With guard conjuncts: conjunctEnablers[g][i], groups writing a slot of conjunct i of g. */
    private final Guards guards;
    private final long[][][] conjunctEnablers;
    private final StateProperty[] properties;
    /** Per property: groups writing a slot it reads (all groups when its reads are unknown). */
    private final long[][] upSets;
    /** Per property: groups writing a slot its scope reads, or null when always in scope. */
    private final long[][] scopeUpSets;
    /** Enabled seeds are tried in this order: fewest dependents first. */
    private final int[] seedOrder;
    /** Per property with a scope given in parts: per part, the groups writing a slot it reads. */
    private final Conjunction[] scopeParts;
    private final long[][][] scopePartUpSets;
    /** With the progress check kept: "terminal" in parts and their writers; null otherwise. */
    private final Conjunction terminal;
    private final long[][] terminalUpSets;
    /** Groups that may fail, when the system says which; null when any may. */
    private final int[] mayFail;
    /** Per group: groups writing a slot it reads. */
    private final long[][] readWriters;

    /** A reduction for safety properties, deadlocks and failing steps (no progress check). */
    public PartialOrderReduction(TransitionSystem ts) {
        this(ts, false);
    }

    /**
     * @param keepProgress also keep the progress check (see the class comment); needs
     *     {@link TransitionSystem#terminalConjunction()}
     */
    public PartialOrderReduction(TransitionSystem ts, boolean keepProgress) {
        this.groups = ts.groupCount();
        this.words = Math.max(1, (groups + 63) >>> 6);
        DependencyMatrix dm = ts.dependencies();
        int slots = ts.layout().size();
        BitSet[] readers = new BitSet[slots];
        BitSet[] writers = new BitSet[slots];
        for (int x = 0; x < slots; x++) {
            readers[x] = new BitSet();
            writers[x] = new BitSet();
        }
        for (int g = 0; g < groups; g++) {
            for (int x = dm.reads(g).nextSetBit(0); x >= 0; x = dm.reads(g).nextSetBit(x + 1)) {
                readers[x].set(g);
            }
            for (int x = dm.writes(g).nextSetBit(0); x >= 0; x = dm.writes(g).nextSetBit(x + 1)) {
                writers[x].set(g);
            }
        }
        dependents = new long[groups][];
        enablers = new long[groups][];
        for (int g = 0; g < groups; g++) {
            BitSet dep = new BitSet();
            dep.set(g);
            for (int x = dm.writes(g).nextSetBit(0); x >= 0; x = dm.writes(g).nextSetBit(x + 1)) {
                dep.or(readers[x]);
                dep.or(writers[x]);
            }
            for (int x = dm.reads(g).nextSetBit(0); x >= 0; x = dm.reads(g).nextSetBit(x + 1)) {
                dep.or(writers[x]);
            }
            dependents[g] = mask(dep);
            enablers[g] = mask(writersOf(dm.guardReads(g), writers));
        }
        guards = ts.guards();
        conjunctEnablers = guards == null ? null : new long[groups][][];
        if (guards != null) {
            for (int g = 0; g < groups; g++) {
                int n = guards.conjuncts(g);
                conjunctEnablers[g] = new long[n][];
                for (int i = 0; i < n; i++) {
                    conjunctEnablers[g][i] = mask(writersOf(guards.reads(g, i), writers));
                }
            }
        }
        List<StateProperty> ps = ts.properties();
        properties = ps.toArray(new StateProperty[0]);
        upSets = new long[properties.length][];
        scopeUpSets = new long[properties.length][];
        scopeParts = new Conjunction[properties.length];
        scopePartUpSets = new long[properties.length][][];
        for (int i = 0; i < properties.length; i++) {
            BitSet reads = properties[i].reads();
            upSets[i] = reads == null ? all() : mask(writersOf(reads, writers));
            BitSet scope = properties[i].scopeReads();
            scopeUpSets[i] = scope == null ? null : mask(writersOf(scope, writers));
            if (scope != null) {
                scopeParts[i] = properties[i].scopeConjunction();
                scopePartUpSets[i] = partUpSets(scopeParts[i], writers);
            }
        }
        if (keepProgress) {
            terminal = ts.terminalConjunction();
            if (terminal == null) {
                throw new IllegalArgumentException("the progress check needs the system's terminal conjunction");
            }
            terminalUpSets = partUpSets(terminal, writers);
        } else {
            terminal = null;
            terminalUpSets = null;
        }
        BitSet failing = ts.mayFail();
        mayFail = failing == null ? null : failing.stream().filter(g -> g < groups).toArray();
        readWriters = new long[groups][];
        for (int g = 0; g < groups; g++) {
            readWriters[g] = mask(writersOf(dm.reads(g), writers));
        }
        seedOrder = java.util.stream.IntStream.range(0, groups).boxed()
                .sorted(java.util.Comparator.comparingInt((Integer g) -> count(dependents[g]))
                        .thenComparingInt(g -> g))
                .mapToInt(Integer::intValue).toArray();
    }

    private long[][] partUpSets(Conjunction c, BitSet[] writers) {
        if (c == null) {
            return null;
        }
        long[][] out = new long[c.size()][];
        for (int j = 0; j < out.length; j++) {
            out[j] = mask(writersOf(c.reads(j), writers));
        }
        return out;
    }

    /** The writers of the first part of {@code c} false in {@code state}, or null when all hold. */
    private static long[] firstFalsePart(Conjunction c, long[][] upSets, int[] state) {
        for (int j = 0; j < upSets.length; j++) {
            if (!c.holds(j, state)) {
                return upSets[j];
            }
        }
        return null;
    }

    /** Per-thread buffers. */
    public final class Scratch {
        final long[] enabled = new long[words];
        final long[] base = new long[words];
        final long[] set = new long[words];
        final long[] best = new long[words];
        final long[] done = new long[words];
        /** The groups to fire, ascending, after {@link #reduce} returned a count. */
        public final int[] fire = new int[groups];
    }

    public Scratch newScratch() {
        return new Scratch();
    }

    /** What the search must add to the stubborn sets (see the class comment). */
    public enum Proviso {
        /** Nothing: every goal is kept by up-sets. */
        NONE,
        /**
         * Every reduced state reaches a fully expanded one: a state of depth {@code d} is
         * expanded in full unless one of its reduced successors is new (not stored at depth at
         * most {@code d}). For the progress check.
         */
        REACH_FULL,
        /** Every cycle holds a fully expanded state: full unless no reduced successor is old and one is new. */
        CYCLES
    }

    public Proviso proviso() {
        if (mayFail == null) {
            return Proviso.CYCLES;
        }
        return terminal != null ? Proviso.REACH_FULL : Proviso.NONE;
    }

    /** True when the search must apply the cycle proviso ({@link Proviso#CYCLES}). */
    public boolean needsCycleProviso() {
        return proviso() == Proviso.CYCLES;
    }

    /** {@link #reduce} result: fire every group (no reduction in this state). */
    public static final int ALL = -1;

    /**
     * Chooses the groups to fire in {@code state}.
     *
     * @return {@link #ALL}, or the number of groups to fire, written to {@code sc.fire} in
     *     ascending order (0 when no group is enabled)
     */
    public int reduce(int[] state, Stepper stepper, Scratch sc) {
        long[] enabled = sc.enabled;
        int enabledCount = 0;
        java.util.Arrays.fill(enabled, 0);
        for (int g = 0; g < groups; g++) {
            boolean on;
            try {
                on = stepper.enabled(g, state);
            } catch (StepFailure f) {
                on = true; // a failing step is a transition; firing it reports the failure
            }
            if (on) {
                enabled[g >>> 6] |= 1L << g;
                enabledCount++;
            }
        }
        if (enabledCount <= 1) {
            return enabledCount == 0 ? 0 : ALL;
        }
        long[] base = sc.base;
        java.util.Arrays.fill(base, 0);
        for (int i = 0; i < properties.length; i++) {
            long[] up = upSets[i];
            if (scopeUpSets[i] != null && !properties[i].inScope(state)) {
                long[] part = scopeParts[i] == null ? null : firstFalsePart(scopeParts[i], scopePartUpSets[i], state);
                up = part != null ? part : scopeUpSets[i];
            }
            or(base, up);
        }
        if (terminal != null) {
            long[] part = firstFalsePart(terminal, terminalUpSets, state);
            if (part != null) {
                or(base, part);
            }
        }
        if (mayFail != null) {
            // Up-sets of "group g fails here": g itself when enabled (firing it is the only way
            // to see whether it fails now) and the writers of what it reads; when disabled,
            // what can enable it.
            for (int g : mayFail) {
                if ((enabled[g >>> 6] & (1L << g)) != 0) {
                    base[g >>> 6] |= 1L << g;
                    or(base, readWriters[g]);
                } else {
                    or(base, necessaryEnablers(g, state));
                }
            }
        }
        close(base, enabled, sc.done, state);
        int inBase = countAnd(base, enabled);
        if (inBase == enabledCount) {
            return ALL;
        }
        long[] chosen = base;
        if (inBase == 0) {
            int bestCount = Integer.MAX_VALUE;
            int tried = 0;
            for (int seed : seedOrder) {
                if ((enabled[seed >>> 6] & (1L << seed)) == 0) {
                    continue;
                }
                System.arraycopy(base, 0, sc.set, 0, words);
                sc.set[seed >>> 6] |= 1L << seed;
                close(sc.set, enabled, sc.done, state);
                int c = countAnd(sc.set, enabled);
                if (c < bestCount) {
                    bestCount = c;
                    System.arraycopy(sc.set, 0, sc.best, 0, words);
                }
                if (bestCount == 1 || ++tried == MAX_SEEDS) {
                    break;
                }
            }
            if (bestCount >= enabledCount) {
                return ALL;
            }
            chosen = sc.best;
        }
        int n = 0;
        for (int w = 0; w < words; w++) {
            long bits = chosen[w] & enabled[w];
            while (bits != 0) {
                sc.fire[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        return n;
    }

    /** Closes {@code set} under D1: dependents of enabled members, enablers of disabled ones. */
    private void close(long[] set, long[] enabled, long[] done, int[] state) {
        java.util.Arrays.fill(done, 0);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int w = 0; w < words; w++) {
                long todo = set[w] & ~done[w];
                while (todo != 0) {
                    int t = (w << 6) + Long.numberOfTrailingZeros(todo);
                    todo &= todo - 1;
                    done[w] |= 1L << t;
                    long[] add = (enabled[w] & (1L << t)) != 0 ? dependents[t] : necessaryEnablers(t, state);
                    for (int v = 0; v < words; v++) {
                        long fresh = add[v] & ~set[v];
                        if (fresh != 0) {
                            set[v] |= fresh;
                            changed = true;
                            if (v == w) {
                                todo |= fresh & ~done[w];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A necessary enabling set of disabled group {@code t}: the writers of its first false
     * guard conjunct (Laarman et al.), or of its whole guard without conjunct information.
     */
    private long[] necessaryEnablers(int t, int[] state) {
        if (guards != null) {
            long[][] byConjunct = conjunctEnablers[t];
            try {
                for (int i = 0; i < byConjunct.length; i++) {
                    if (!guards.holds(t, i, state)) {
                        return byConjunct[i];
                    }
                }
            } catch (StepFailure f) {
                // a conjunct that fails to evaluate: fall back to the whole guard
            }
        }
        return enablers[t];
    }

    private long[] mask(BitSet b) {
        long[] m = new long[words];
        for (int g = b.nextSetBit(0); g >= 0 && g < groups; g = b.nextSetBit(g + 1)) {
            m[g >>> 6] |= 1L << g;
        }
        return m;
    }

    private long[] all() {
        long[] m = new long[words];
        for (int g = 0; g < groups; g++) {
            m[g >>> 6] |= 1L << g;
        }
        return m;
    }

    private static BitSet writersOf(BitSet slots, BitSet[] writers) {
        BitSet out = new BitSet();
        for (int x = slots.nextSetBit(0); x >= 0 && x < writers.length; x = slots.nextSetBit(x + 1)) {
            out.or(writers[x]);
        }
        return out;
    }

    private static void or(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) {
            into[i] |= from[i];
        }
    }

    private static int count(long[] m) {
        int c = 0;
        for (long w : m) {
            c += Long.bitCount(w);
        }
        return c;
    }

    private static int countAnd(long[] a, long[] b) {
        int c = 0;
        for (int i = 0; i < a.length; i++) {
            c += Long.bitCount(a[i] & b[i]);
        }
        return c;
    }
}
