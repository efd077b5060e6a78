package ptecheck.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import ptecheck.explore.store.ExactStateStore;
import ptecheck.explore.store.Hashing;
import ptecheck.explore.store.MemoryBudget;
import ptecheck.explore.store.StatePacker;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.Counterexample;
import ptecheck.ts.Fairness;
import ptecheck.ts.LivenessProperty;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;

/**
 * Checks the {@linkplain TransitionSystem#liveness() liveness properties} under the system's
 * {@linkplain TransitionSystem#fairness() fairness constraints} over the whole state graph.
 *
 * <p>First a breadth-first search on one thread stores every reachable state (an exact store:
 * the cycle is rebuilt from stored states) and every edge with the group that fired it, 8 bytes
 * an edge. Partial-order and symmetry reduction are not used: the reduced graph of either may
 * lack the cycles a liveness violation needs (stubborn sets need a cycle proviso for that, and
 * fairness names process instances, which symmetry would merge), so the graph is the full one.
 *
 * <p>Then, for each property, the states a violating run must stay in ({@code not P}, or
 * {@code not Q} for {@code leads_to}) that are reachable from where a violation can start form a
 * subgraph; Tarjan's algorithm splits it into strongly connected components, and a component
 * holds a fair cycle when every weak constraint is taken inside it or disabled in one of its
 * states, and every strong one is taken inside it or never enabled there (Emerson and Lei: a
 * component where a strong constraint is enabled but not taken loses the states where it is
 * enabled, and its remaining components are tried in turn). A state without successors is a
 * run that stays there forever, a fair one. The counterexample is a lasso: a shortest path to
 * the component, then a cycle inside it through a state or step for each constraint.
 *
 * <p>Failing steps are not edges: a safety search reports them first (with {@code --continue},
 * one that was reported is ignored here too).
 */
public final class LivenessSearch implements Search {
    private final TransitionSystem ts;
    private final SearchOptions options;
    private long edgeCount;

    public LivenessSearch(TransitionSystem ts, SearchOptions options) {
        this.ts = ts;
        this.options = options;
    }

    /** The properties a search checks: those not ignored by {@code --continue}. */
    public static List<LivenessProperty> checked(TransitionSystem ts, SearchOptions options) {
        return ts.liveness().stream().filter(p -> !options.ignored().contains(p.name())).toList();
    }

    /** Edges of the graph the last {@link #run()} built. */
    public long edges() {
        return edgeCount;
    }

    /**
     * A path from a state from which the kernel processes can never finish (the progress
     * check's finding) into a cycle they can repeat forever: the graph reachable from
     * {@code start}, explored in full, has a bottom strongly connected component (one no edge
     * leaves), and a run that enters it stays in it. Tarjan's algorithm emits such a component
     * first. The cycle goes from its first state reached back to it, taking at least one step.
     *
     * @return the states from {@code start} (included) and the groups between them, with the
     *     index of the loop state (the last state equals it), or null when the memory bound
     *     stopped the exploration or no cycle was found
     */
    public static Lasso cycleFrom(TransitionSystem ts, SearchOptions options, int[] start) {
        LivenessSearch search = new LivenessSearch(ts, options.withMaxStates(0).withIgnored(java.util.Set.of()));
        Graph g = search.new Graph(start);
        try {
            return g.bottomCycle();
        } finally {
            g.release();
        }
    }

    /**
     * What {@code --coverage} reports: the full state graph (no reductions), how many of its
     * edges each group fired, and for each property in how many states it was checked, in
     * scope, and (for liveness properties) in how many the condition P holds.
     *
     * @return the counts, or null when the memory or state bound stopped the exploration
     */
    public static Coverage coverage(TransitionSystem ts, SearchOptions options) {
        LivenessSearch search = new LivenessSearch(ts, options.withIgnored(java.util.Set.of()));
        Graph g = search.new Graph(null);
        try {
            if (!g.explore()) {
                return null;
            }
            return g.coverage();
        } finally {
            g.release();
        }
    }

    /**
     * @param fired per group, the edges of the graph it fired
     * @param inScope per {@link TransitionSystem#properties()} entry, the states in its scope
     * @param conditionHolds per {@link TransitionSystem#liveness()} entry, the states where P holds
     */
    public record Coverage(long states, long edges, long[] fired, long[] inScope, long[] conditionHolds) {}

    /** A path whose last state equals {@code states.get(loop)}: the steps after {@code loop} repeat. */
    public record Lasso(List<int[]> states, List<Integer> groups, int loop) {}

    @Override
    public SearchResult run() {
        Graph g = new Graph(null);
        try {
            return g.check();
        } finally {
            edgeCount = g.edges;
            g.release();
        }
    }

    /** The explored graph: states in an exact store, edges as (target, group) in id order. */
    private final class Graph implements SuccessorSink {
        private final long startNanos = System.nanoTime();
        private final MemoryBudget budget = new MemoryBudget(Stores.memoryLimit(options));
        private final StatePacker packer = new StatePacker(ts.layout());
        private final ExactStateStore store = new ExactStateStore(packer, budget);
        private final Stepper stepper = ts.stepper();
        private final long[] packed = new long[Math.max(1, packer.words())];
        private final long maxStates = options.bounded() ? options.maxStates() : Long.MAX_VALUE;
        private final List<LivenessProperty> properties = checked(ts, options);
        private final List<Fairness> fairness = ts.fairness();
        /** For each group, the fairness constraints it belongs to. */
        private final int[][] unitsOf = new int[ts.groupCount()][];
        private int[] edgeStart = new int[1024];
        private int[] edgeTarget = new int[4096];
        private int[] edgeGroup = new int[4096];
        private int[] depthOf = new int[1024];
        private long reserved;
        private int edges;
        private int parentId = StateStore.NO_PARENT;
        private int successorIndex;
        private long generated;
        private int deepest;
        private String stopReason = "";
        /** Per property: the states it must avoid, and those where a violation can start. */
        private final BitSet[] avoided;
        private final BitSet[] starts;
        /** The one state to explore from, or null for the initial states. */
        private final int[] root;

        Graph(int[] root) {
            this.root = root;
            for (int g = 0; g < unitsOf.length; g++) {
                int count = 0;
                for (Fairness f : fairness) {
                    count += f.groups().get(g) ? 1 : 0;
                }
                unitsOf[g] = new int[count];
                int k = 0;
                for (int u = 0; u < fairness.size(); u++) {
                    if (fairness.get(u).groups().get(g)) {
                        unitsOf[g][k++] = u;
                    }
                }
            }
            avoided = new BitSet[properties.size()];
            starts = new BitSet[properties.size()];
            for (int i = 0; i < avoided.length; i++) {
                avoided[i] = new BitSet();
                starts[i] = new BitSet();
            }
            reserved = 4L * (edgeStart.length + depthOf.length) + 8L * edgeTarget.length;
            budget.tryReserve(reserved);
        }

        SearchResult check() {
            if (!explore()) {
                return new SearchResult(Outcome.INCOMPLETE, stats(Outcome.INCOMPLETE), null);
            }
            for (int i = 0; i < properties.size(); i++) {
                Counterexample cx = violation(i);
                if (cx != null) {
                    return new SearchResult(Outcome.VIOLATION, stats(Outcome.VIOLATION), cx);
                }
            }
            return new SearchResult(Outcome.PASS, stats(Outcome.PASS), null);
        }

        // ---- building the graph ----

        private boolean explore() {
            if (root != null) {
                accept(SuccessorSink.INITIAL, root);
            } else {
                ts.initialStates(this);
            }
            int[] state = new int[ts.layout().size()];
            for (int id = 0; id < store.size() && stopReason.isEmpty(); id++) {
                store.load(id, state);
                for (int i = 0; i < properties.size(); i++) {
                    LivenessProperty p = properties.get(i);
                    if (p.avoided(state)) {
                        avoided[i].set(id);
                    }
                    if (p.starts(state)) {
                        starts[i].set(id);
                    }
                }
                if (!ensureStates(id + 2)) {
                    return false;
                }
                edgeStart[id] = edges;
                parentId = id;
                for (int g = 0; g < unitsOf.length && stopReason.isEmpty(); g++) {
                    successorIndex = 0;
                    try {
                        stepper.next(g, state, this);
                    } catch (StepFailure f) {
                        // Reported by the safety search (or ignored there with --continue): no edge.
                    }
                }
                edgeStart[id + 1] = edges;
            }
            return stopReason.isEmpty();
        }

        @Override
        public void accept(int group, int[] state) {
            generated++;
            if (!stopReason.isEmpty()) {
                return;
            }
            packer.pack(state, packed, 0);
            long h = Hashing.hash(packed, 0, packer.words());
            int id = store.idOfPacked(packed, 0, h);
            if (id == StateStore.ABSENT) {
                if (store.size() >= maxStates) {
                    stopReason = "max-states";
                    return;
                }
                id = store.findOrPutPacked(packed, 0, h, parentId, group, successorIndex);
                if (id == StateStore.FULL || !ensureStates(id + 2)) {
                    stopReason = "memory";
                    return;
                }
                depthOf[id] = parentId < 0 ? 0 : depthOf[parentId] + 1;
                deepest = Math.max(deepest, depthOf[id]);
            }
            successorIndex++;
            if (group == SuccessorSink.INITIAL) {
                return;
            }
            if (edges == edgeTarget.length) {
                int length = edges * 2;
                if (length < 0 || !budget.tryReserve(8L * edges)) {
                    stopReason = "memory";
                    return;
                }
                reserved += 8L * edges;
                edgeTarget = Arrays.copyOf(edgeTarget, length);
                edgeGroup = Arrays.copyOf(edgeGroup, length);
            }
            edgeTarget[edges] = id;
            edgeGroup[edges] = group;
            edges++;
        }

        private boolean ensureStates(int n) {
            if (n <= edgeStart.length) {
                return true;
            }
            int length = Math.max(n, edgeStart.length * 2);
            long more = 8L * (length - edgeStart.length);
            if (!budget.tryReserve(more)) {
                stopReason = "memory";
                return false;
            }
            reserved += more;
            edgeStart = Arrays.copyOf(edgeStart, length);
            depthOf = Arrays.copyOf(depthOf, length);
            return true;
        }

        void release() {
            budget.release(reserved);
            reserved = 0;
        }

        private Stats stats(Outcome outcome) {
            return StoreStats.of(store, options.withStore(StoreKind.EXACT), budget, outcome, generated, deepest,
                    startNanos, 1, 0, stopReason);
        }

        Coverage coverage() {
            long[] fired = new long[unitsOf.length];
            for (int e = 0; e < edges; e++) {
                fired[edgeGroup[e]]++;
            }
            List<StateProperty> props = ts.properties();
            long[] inScope = new long[props.size()];
            long[] holds = new long[ts.liveness().size()];
            int[] state = new int[ts.layout().size()];
            for (int id = 0; id < store.size(); id++) {
                store.load(id, state);
                for (int i = 0; i < props.size(); i++) {
                    inScope[i] += props.get(i).inScope(state) ? 1 : 0;
                }
                for (int i = 0; i < holds.length; i++) {
                    holds[i] += ts.liveness().get(i).p().holds(state) ? 1 : 0;
                }
            }
            return new Coverage(store.size(), edges, fired, inScope, holds);
        }

        Lasso bottomCycle() {
            if (!explore()) {
                return null;
            }
            BitSet all = new BitSet();
            all.set(0, store.size());
            int[] bottom = components(all).get(0);
            if (bottom.length == 1 && !hasEdgeWithin(bottom[0], bottom[0])) {
                return null; // a state where nothing can move: the deadlock check's finding, not a cycle
            }
            BitSet in = new BitSet();
            for (int s : bottom) {
                in.set(s);
            }
            List<Integer> ids = new ArrayList<>();
            List<Integer> groups = new ArrayList<>();
            ids.add(0);
            BitSet everything = new BitSet();
            everything.set(0, store.size());
            int entry = 0;
            if (!in.get(0)) {
                // a shortest path into the component
                int[] parent = new int[store.size()];
                int[] via = new int[store.size()];
                Arrays.fill(parent, -2);
                parent[0] = -1;
                int[] queue = new int[store.size()];
                int tail = 0;
                queue[tail++] = 0;
                entry = -1;
                for (int head = 0; head < tail && entry < 0; head++) {
                    int s = queue[head];
                    for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                        int t = edgeTarget[e];
                        if (parent[t] == -2) {
                            parent[t] = s;
                            via[t] = edgeGroup[e];
                            queue[tail++] = t;
                            if (in.get(t)) {
                                entry = t;
                                break;
                            }
                        }
                    }
                }
                List<Integer> back = new ArrayList<>();
                for (int t = entry; t != 0; t = parent[t]) {
                    back.add(t);
                }
                for (int k = back.size() - 1; k >= 0; k--) {
                    groups.add(via[back.get(k)]);
                    ids.add(back.get(k));
                }
            }
            int loop = ids.size() - 1;
            for (int e = edgeStart[entry]; e < edgeStart[entry + 1]; e++) {
                if (in.get(edgeTarget[e])) {
                    groups.add(edgeGroup[e]);
                    ids.add(edgeTarget[e]);
                    walk(edgeTarget[e], entry, in, ids, groups);
                    break;
                }
            }
            List<int[]> states = new ArrayList<>();
            for (int id : ids) {
                int[] s = new int[ts.layout().size()];
                store.load(id, s);
                states.add(s);
            }
            return new Lasso(states, groups, loop);
        }

        // ---- finding a fair cycle ----

        /** The lasso violating property {@code i}, or null. */
        private Counterexample violation(int i) {
            LivenessProperty p = properties.get(i);
            BitSet allowed = avoided[i];
            // Where a violating run may enter the avoided states: from an initial state only for
            // 'eventually', from any reachable state for the other two forms.
            BitSet seeds = new BitSet();
            if (p.form() == LivenessProperty.Form.EVENTUALLY) {
                for (int id = 0; id < store.size() && store.parent(id) == StateStore.NO_PARENT; id++) {
                    if (starts[i].get(id)) {
                        seeds.set(id);
                    }
                }
            } else {
                seeds.or(starts[i]);
            }
            if (seeds.isEmpty()) {
                return null;
            }
            BitSet zone = reach(seeds, allowed);
            int[] fair = fairComponent(zone);
            if (fair == null) {
                return null;
            }
            return lasso(p, seeds, zone, fair);
        }

        /** The states reachable from {@code seeds} through {@code allowed} states. */
        private BitSet reach(BitSet seeds, BitSet allowed) {
            BitSet seen = (BitSet) seeds.clone();
            int[] queue = new int[Math.max(1, allowed.cardinality())];
            int tail = 0;
            for (int s = seeds.nextSetBit(0); s >= 0; s = seeds.nextSetBit(s + 1)) {
                queue[tail++] = s;
            }
            for (int head = 0; head < tail; head++) {
                int s = queue[head];
                for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                    int t = edgeTarget[e];
                    if (allowed.get(t) && !seen.get(t)) {
                        seen.set(t);
                        queue[tail++] = t;
                    }
                }
            }
            return seen;
        }

        /** A set of states in {@code zone} holding a fair cycle (a component or part of one), or null. */
        private int[] fairComponent(BitSet zone) {
            for (int[] c : components(zone)) {
                int[] fair = fairIn(c);
                if (fair != null) {
                    return fair;
                }
            }
            return null;
        }

        private int[] fairIn(int[] c) {
            if (c.length == 1 && !hasEdgeWithin(c[0], c[0])) {
                // No cycle through it, unless nothing can move there: then the run stays.
                return edgeStart[c[0]] == edgeStart[c[0] + 1] ? c : null;
            }
            Fairs f = fairs(c);
            List<Integer> unfairStrong = new ArrayList<>();
            for (int u = 0; u < fairness.size(); u++) {
                if (fairness.get(u).strong()) {
                    if (f.enabledSomewhere.get(u) && !f.taken.get(u)) {
                        unfairStrong.add(u);
                    }
                } else if (!f.taken.get(u) && !f.disabledSomewhere.get(u)) {
                    return null; // no part of c can do better
                }
            }
            if (unfairStrong.isEmpty()) {
                return c;
            }
            BitSet rest = new BitSet();
            boolean[] enabled = new boolean[fairness.size()];
            for (int s : c) {
                enabledAt(s, enabled);
                boolean keep = true;
                for (int u : unfairStrong) {
                    keep &= !enabled[u];
                }
                if (keep) {
                    rest.set(s);
                }
            }
            for (int[] d : components(rest)) {
                if (d.length > 1 || hasEdgeWithin(d[0], d[0])) {
                    int[] fair = fairIn(d);
                    if (fair != null) {
                        return fair;
                    }
                }
            }
            return null;
        }

        private boolean hasEdgeWithin(int s, int t) {
            for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                if (edgeTarget[e] == t) {
                    return true;
                }
            }
            return false;
        }

        /** Which constraints are taken inside {@code c}, enabled in some state of it, disabled in some. */
        private record Fairs(BitSet taken, BitSet enabledSomewhere, BitSet disabledSomewhere) {}

        private Fairs fairs(int[] c) {
            BitSet in = new BitSet();
            for (int s : c) {
                in.set(s);
            }
            BitSet taken = new BitSet();
            BitSet enabledSomewhere = new BitSet();
            BitSet disabledSomewhere = new BitSet();
            boolean[] enabled = new boolean[fairness.size()];
            for (int s : c) {
                for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                    if (in.get(edgeTarget[e])) {
                        for (int u : unitsOf[edgeGroup[e]]) {
                            taken.set(u);
                        }
                    }
                }
                enabledAt(s, enabled);
                for (int u = 0; u < enabled.length; u++) {
                    (enabled[u] ? enabledSomewhere : disabledSomewhere).set(u);
                }
            }
            return new Fairs(taken, enabledSomewhere, disabledSomewhere);
        }

        /** Sets {@code enabled[u]} for each constraint with a step from state {@code s}. */
        private void enabledAt(int s, boolean[] enabled) {
            Arrays.fill(enabled, false);
            for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                for (int u : unitsOf[edgeGroup[e]]) {
                    enabled[u] = true;
                }
            }
        }

        /** Tarjan's strongly connected components of the subgraph on {@code nodes}, iteratively. */
        private List<int[]> components(BitSet nodes) {
            List<int[]> out = new ArrayList<>();
            int n = store.size();
            int[] index = new int[n];
            int[] low = new int[n];
            Arrays.fill(index, -1);
            BitSet onStack = new BitSet();
            int[] stack = new int[nodes.cardinality()];
            int sp = 0;
            int[] callNode = new int[stack.length];
            int[] callEdge = new int[stack.length];
            int next = 0;
            for (int root = nodes.nextSetBit(0); root >= 0; root = nodes.nextSetBit(root + 1)) {
                if (index[root] >= 0) {
                    continue;
                }
                int depth = 0;
                callNode[0] = root;
                callEdge[0] = edgeStart[root];
                index[root] = low[root] = next++;
                stack[sp++] = root;
                onStack.set(root);
                while (depth >= 0) {
                    int v = callNode[depth];
                    if (callEdge[depth] < edgeStart[v + 1]) {
                        int w = edgeTarget[callEdge[depth]++];
                        if (!nodes.get(w)) {
                            continue;
                        }
                        if (index[w] < 0) {
                            index[w] = low[w] = next++;
                            stack[sp++] = w;
                            onStack.set(w);
                            depth++;
                            callNode[depth] = w;
                            callEdge[depth] = edgeStart[w];
                        } else if (onStack.get(w)) {
                            low[v] = Math.min(low[v], index[w]);
                        }
                        continue;
                    }
                    if (low[v] == index[v]) {
                        int size = 0;
                        while (stack[sp - 1 - size] != v) {
                            size++;
                        }
                        size++;
                        int[] c = Arrays.copyOfRange(stack, sp - size, sp);
                        Arrays.sort(c);
                        sp -= size;
                        for (int x : c) {
                            onStack.clear(x);
                        }
                        out.add(c);
                    }
                    depth--;
                    if (depth >= 0) {
                        int u = callNode[depth];
                        low[u] = Math.min(low[u], low[v]);
                    }
                }
            }
            return out;
        }

        // ---- the lasso ----

        private Counterexample lasso(LivenessProperty p, BitSet seeds, BitSet zone, int[] fair) {
            BitSet in = new BitSet();
            for (int s : fair) {
                in.set(s);
            }
            // The stem: a shortest path from an initial state, through any states to a seed
            // (phase 0; not for 'eventually', whose seeds are initial), then through the zone
            // to the fair states (phase 1). Nodes are 2 * id + phase.
            int n = store.size();
            int[] parent = new int[2 * n];
            int[] via = new int[2 * n];
            Arrays.fill(parent, -2);
            int[] queue = new int[2 * n];
            int tail = 0;
            for (int id = 0; id < n && store.parent(id) == StateStore.NO_PARENT; id++) {
                int node = p.form() == LivenessProperty.Form.EVENTUALLY ? (seeds.get(id) ? 2 * id + 1 : -1) : 2 * id;
                if (node >= 0 && parent[node] == -2) {
                    parent[node] = -1;
                    queue[tail++] = node;
                }
            }
            int end = -1;
            for (int head = 0; head < tail && end < 0; head++) {
                int node = queue[head];
                int s = node >> 1;
                int phase = node & 1;
                if (phase == 1 && in.get(s)) {
                    end = node;
                    break;
                }
                if (phase == 0 && seeds.get(s) && parent[node | 1] == -2) {
                    parent[node | 1] = node;
                    via[node | 1] = -1;
                    queue[tail++] = node | 1;
                }
                for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                    int t = edgeTarget[e];
                    if (phase == 1 && !zone.get(t)) {
                        continue;
                    }
                    int next = 2 * t + phase;
                    if (parent[next] == -2) {
                        parent[next] = node;
                        via[next] = edgeGroup[e];
                        queue[tail++] = next;
                    }
                }
            }
            if (end < 0) {
                throw new IllegalStateException("liveness: no path to the fair component of " + p.name());
            }
            List<Integer> ids = new ArrayList<>();
            List<Integer> groups = new ArrayList<>();
            int startStep = -1; // the step after which the violation starts (leads_to: P holds, Q never after)
            List<Integer> nodes = new ArrayList<>();
            for (int node = end; node >= 0; node = parent[node]) {
                nodes.add(node);
            }
            java.util.Collections.reverse(nodes);
            for (int k = 0; k < nodes.size(); k++) {
                int node = nodes.get(k);
                if (k > 0 && via[node] == -1) {
                    startStep = ids.size() - 1; // a phase switch: no step
                    continue;
                }
                if (k > 0) {
                    groups.add(via[node]);
                }
                ids.add(node >> 1);
            }
            if (startStep < 0) {
                startStep = 0;
            }
            int entry = ids.get(ids.size() - 1);
            int loop = ids.size() - 1;
            if (!(fair.length == 1 && edgeStart[entry] == edgeStart[entry + 1])) {
                cycle(entry, in, ids, groups);
            }
            List<int[]> states = new ArrayList<>();
            for (int id : ids) {
                int[] s = new int[ts.layout().size()];
                store.load(id, s);
                states.add(s);
            }
            return new Counterexample(p.name(), StateProperty.Kind.LIVENESS, p.where(), p.text(),
                    message(p, startStep), states, groups, -1, List.of(), loop);
        }

        /**
         * Appends a cycle from {@code entry} back to it inside {@code in}, through a step of
         * each constraint taken there, or a state where it is disabled (weak ones).
         */
        private void cycle(int entry, BitSet in, List<Integer> ids, List<Integer> groups) {
            int[] members = in.stream().toArray();
            Fairs f = fairs(members);
            int at = entry;
            boolean moved = false;
            boolean[] enabled = new boolean[fairness.size()];
            for (int u = 0; u < fairness.size(); u++) {
                boolean strong = fairness.get(u).strong();
                if (!strong && f.disabledSomewhere.get(u)) {
                    int target = -1;
                    for (int s : members) {
                        enabledAt(s, enabled);
                        if (!enabled[u]) {
                            target = s;
                            break;
                        }
                    }
                    moved |= walk(at, target, in, ids, groups);
                    at = target;
                } else if (f.taken.get(u)) {
                    int[] edge = edgeOf(u, in);
                    moved |= walk(at, edge[0], in, ids, groups);
                    groups.add(edgeGroup[edge[1]]);
                    ids.add(edgeTarget[edge[1]]);
                    at = edgeTarget[edge[1]];
                    moved = true;
                }
            }
            if (!moved) {
                for (int e = edgeStart[at]; e < edgeStart[at + 1]; e++) {
                    if (in.get(edgeTarget[e])) {
                        groups.add(edgeGroup[e]);
                        ids.add(edgeTarget[e]);
                        at = edgeTarget[e];
                        break;
                    }
                }
            }
            walk(at, entry, in, ids, groups);
        }

        /** The first edge inside {@code in} of a group of constraint {@code u}: its source and index. */
        private int[] edgeOf(int u, BitSet in) {
            for (int s = in.nextSetBit(0); s >= 0; s = in.nextSetBit(s + 1)) {
                for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                    if (in.get(edgeTarget[e])) {
                        for (int x : unitsOf[edgeGroup[e]]) {
                            if (x == u) {
                                return new int[] {s, e};
                            }
                        }
                    }
                }
            }
            throw new IllegalStateException("constraint " + u + " is not taken");
        }

        /** Appends a shortest path inside {@code in} from {@code from} to {@code to}; true when it has steps. */
        private boolean walk(int from, int to, BitSet in, List<Integer> ids, List<Integer> groups) {
            if (from == to) {
                return false;
            }
            java.util.Map<Integer, int[]> parent = new java.util.HashMap<>();
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            parent.put(from, new int[] {-1, -1});
            queue.add(from);
            while (!queue.isEmpty() && !parent.containsKey(to)) {
                int s = queue.poll();
                for (int e = edgeStart[s]; e < edgeStart[s + 1]; e++) {
                    int t = edgeTarget[e];
                    if (in.get(t) && !parent.containsKey(t)) {
                        parent.put(t, new int[] {s, edgeGroup[e]});
                        queue.add(t);
                    }
                }
            }
            List<int[]> path = new ArrayList<>();
            for (int s = to; s != from; s = parent.get(s)[0]) {
                path.add(new int[] {s, parent.get(s)[1]});
            }
            for (int k = path.size() - 1; k >= 0; k--) {
                ids.add(path.get(k)[0]);
                groups.add(path.get(k)[1]);
            }
            return true;
        }

        private String message(LivenessProperty p, int startStep) {
            String what = switch (p.form()) {
                case EVENTUALLY -> "the condition never holds on this run";
                case ALWAYS_EVENTUALLY -> "the condition never holds on the cycle, which repeats forever";
                case LEADS_TO -> "the left side holds " + (startStep == 0 ? "in the initial state" : "after step " + startStep)
                        + ", and the right side never holds from there on";
            };
            List<String> fair = fairness.stream().map(Fairness::describe).toList();
            return what + "; " + (fair.isEmpty() ? "no fairness is assumed" : "fair to " + String.join(", ", fair));
        }
    }
}
