package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptecheck.compile.CompiledSpec;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;
import ptecheck.testutil.TinySystem;
import ptecheck.ts.Counterexample;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

/**
 * The progress check (a state from which the kernel processes can never all finish, while
 * hardware can still move) runs over the edges the search records, with every store that
 * keeps ids, with symmetry reduction, and on any number of workers, always reporting the same
 * state.
 */
class ProgressCheckTest {
    private static final String SPEC = "progress/stuck_while_tlbs_move.ptm";

    private static TransitionSystem spec() throws SpecException {
        CompiledSpec spec = Specs.compile(Specs.resource(SPEC), Map.of());
        return spec.system();
    }

    private static SearchResult run(TransitionSystem ts, SearchOptions options) {
        return new BfsSearch(ts, options).run();
    }

    private static SearchOptions options(StoreKind store, int workers, boolean symmetry) {
        return SearchOptions.defaults().withStore(store).withWorkers(workers).withSymmetry(symmetry);
    }

    /** Returns the stuck state: the one {@code length} steps into the lasso. */
    private static int[] assertStuck(TransitionSystem ts, SearchResult r, int length, String config) {
        assertEquals(Outcome.VIOLATION, r.outcome(), config);
        assertEquals(Counterexample.DEADLOCK, r.counterexample().property(), config);
        assertEquals(StateProperty.Kind.DEADLOCK, r.counterexample().kind(), config);
        assertTrue(r.counterexample().text().contains("can never all finish"), config);
        // A lasso: the shortest path to the stuck state, then on to a cycle the processes
        // repeat forever without finishing.
        Counterexample cx = r.counterexample();
        assertTrue(cx.lasso(), config + ": a lasso");
        assertTrue(cx.loop() >= length && cx.loop() < cx.states().size() - 1, config + ": the cycle starts at or after the stuck state");
        assertTrue(java.util.Arrays.equals(cx.states().get(cx.loop()), cx.last()), config + ": the cycle closes");
        for (int i = length; i < cx.states().size(); i++) {
            assertTrue(!ts.isTerminal(cx.states().get(i)), config + ": state " + i + " is not terminal");
        }
        return cx.states().get(length);
    }

    @Test
    void aProcessStuckWhileTlbsKeepMovingIsFoundWithSymmetryReduction() throws SpecException {
        TransitionSystem ts = spec();
        SearchResult full = run(ts, options(StoreKind.EXACT, 1, false));
        assertStuck(ts, full, 5, "no symmetry");
        // The default of the command line: symmetry reduction over CPUs 1..3.
        SearchResult reduced = run(ts, options(StoreKind.EXACT, 1, true));
        assertTrue(reduced.stats().distinct() < full.stats().distinct(), "symmetry reduction applied");
        assertStuck(ts, reduced, 5, "symmetry");
    }

    @Test
    void aProcessStuckWhileTlbsKeepMovingIsFoundWithAFingerprintStore() throws SpecException {
        TransitionSystem ts = spec();
        assertStuck(ts, run(ts, options(StoreKind.FINGERPRINT, 1, false)), 5, "fingerprint");
        assertStuck(ts, run(ts, options(StoreKind.FINGERPRINT, 2, true)), 5, "fingerprint, symmetry");
    }

    @Test
    void theStuckStateAndTraceAreTheSameWhateverTheWorkersAndTheStore() throws SpecException {
        TransitionSystem ts = spec();
        for (boolean symmetry : new boolean[] {false, true}) {
            Counterexample base = run(ts, options(StoreKind.EXACT, 1, symmetry)).counterexample();
            assertNotNull(base);
            for (StoreKind store : new StoreKind[] {StoreKind.TREE, StoreKind.EXACT, StoreKind.FINGERPRINT}) {
                for (int workers : new int[] {1, 2, 3}) {
                    String config = store + " x" + workers + (symmetry ? " symmetry" : "");
                    Counterexample cx = run(ts, options(store, workers, symmetry)).counterexample();
                    assertNotNull(cx, config);
                    assertEquals(base.groups(), cx.groups(), config);
                    for (int i = 0; i < base.states().size(); i++) {
                        assertArrayEquals(base.states().get(i), cx.states().get(i), config + ", state " + i);
                    }
                }
            }
        }
    }

    @Test
    void withoutTheDeadlockCheckTheStuckProcessIsNotReported() throws SpecException {
        assertEquals(Outcome.PASS, run(spec(), options(StoreKind.EXACT, 2, true).withCheckDeadlock(false)).outcome());
    }

    @Test
    void aBitstateSearchSaysItDoesNotRunTheProgressCheck() throws SpecException {
        TransitionSystem ts = spec();
        assertNotNull(SearchPolicy.progressCheckSkipped(ts, options(StoreKind.BITSTATE, 1, true)));
        assertNull(SearchPolicy.progressCheckSkipped(ts, options(StoreKind.FINGERPRINT, 1, true)));
        assertNull(SearchPolicy.progressCheckSkipped(ts, options(StoreKind.EXACT, 1, true).withCheckDeadlock(false)));
    }

    // ---- a larger graph, against a reference ------------------------------------------------

    /**
     * {@code nodes} nodes, node 0 initial, five groups sending a node of the free part
     * {@code n < trap} to {@code (n * a + b) mod nodes}, and a node of the trap part to
     * {@code trap + (n * a + b) mod (nodes - trap)}: the trap part can never be left. Terminal:
     * free nodes that are 7 modulo 1000. Every node has successors, so there is no deadlock,
     * but trap nodes (and free nodes that only lead there) can never reach a terminal one.
     */
    static TinySystem trapped(int nodes, int trap) {
        int[][] ab = {{3, 1}, {5, 7}, {7, 3}, {11, 5}, {13, 2}};
        TinySystem.Builder b = TinySystem.builder()
                .slot("n", 0, nodes - 1)
                .initial(0)
                .terminal(s -> s[0] < trap && s[0] % 1000 == 7)
                .expectsTermination();
        for (int[] g : ab) {
            b.group("*" + g[0] + "+" + g[1], TinySystem.when(s -> true, s -> s[0] = next(s[0], g, nodes, trap)));
        }
        return b.build();
    }

    private static int next(int n, int[] g, int nodes, int trap) {
        long v = (long) n * g[0] + g[1];
        return n < trap ? (int) (v % nodes) : trap + (int) (v % (nodes - trap));
    }

    /**
     * The first state (in breadth-first order, groups in index order) that cannot reach a
     * terminal state, found without the search under test: {node, depth}, or null.
     */
    private static int[] referenceStuck(TinySystem ts) {
        Map<Integer, Integer> ids = new HashMap<>();
        List<Integer> nodes = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        List<List<Integer>> preds = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        ids.put(0, 0);
        nodes.add(0);
        depth.add(0);
        preds.add(new ArrayList<>());
        queue.add(0);
        int[] s = new int[1];
        while (!queue.isEmpty()) {
            int id = queue.poll();
            for (int g = 0; g < ts.groupCount(); g++) {
                s[0] = nodes.get(id);
                List<int[]> out = new ArrayList<>();
                ts.stepper().next(g, s, (group, succ) -> out.add(succ.clone()));
                for (int[] t : out) {
                    Integer tid = ids.get(t[0]);
                    if (tid == null) {
                        tid = nodes.size();
                        ids.put(t[0], tid);
                        nodes.add(t[0]);
                        depth.add(depth.get(id) + 1);
                        preds.add(new ArrayList<>());
                        queue.add(tid);
                    }
                    preds.get(tid).add(id);
                }
            }
        }
        BitSet canFinish = new BitSet();
        ArrayDeque<Integer> back = new ArrayDeque<>();
        for (int id = 0; id < nodes.size(); id++) {
            s[0] = nodes.get(id);
            if (ts.isTerminal(s)) {
                canFinish.set(id);
                back.add(id);
            }
        }
        while (!back.isEmpty()) {
            for (int p : preds.get(back.poll())) {
                if (!canFinish.get(p)) {
                    canFinish.set(p);
                    back.add(p);
                }
            }
        }
        int stuck = canFinish.nextClearBit(0);
        return stuck < nodes.size() ? new int[] {nodes.get(stuck), depth.get(stuck)} : null;
    }

    @Test
    void theFirstStuckStateOfALargeGraphIsTheReferenceOneOnAnyWorkersAndStore() {
        TinySystem ts = trapped(40_000, 30_000);
        int[] expected = referenceStuck(ts);
        assertNotNull(expected);
        for (StoreKind store : new StoreKind[] {StoreKind.TREE, StoreKind.EXACT, StoreKind.FINGERPRINT}) {
            for (int workers : new int[] {1, 2, 4}) {
                String config = store + " x" + workers;
                SearchResult r = run(ts, options(store, workers, false));
                int[] stuck = assertStuck(ts, r, expected[1], config);
                assertEquals(expected[0], stuck[0], config);
            }
        }
    }

    @Test
    void theRecordedEdgesCountAgainstTheMemoryBoundWhichStillStopsCleanly() {
        TinySystem ts = trapped(200_000, 200_000);
        SearchOptions base = options(StoreKind.EXACT, 2, false);
        SearchResult without = run(ts, base.withCheckDeadlock(false));
        SearchResult with = run(ts, base);
        assertEquals(Outcome.PASS, without.outcome());
        assertTrue(with.stats().peakBytes() > without.stats().peakBytes() + 4L * with.stats().distinct(),
                with.stats().peakBytes() + " bytes with the progress check, " + without.stats().peakBytes() + " without");
        long between = (with.stats().peakBytes() + without.stats().peakBytes()) / 2;
        SearchResult bounded = run(ts, base.withMemoryBytes(between));
        assertEquals(Outcome.INCOMPLETE, bounded.outcome());
        assertEquals("memory", bounded.stats().stopReason());
        assertTrue(bounded.stats().peakBytes() <= between);
        assertEquals(Outcome.PASS, run(ts, base.withMemoryBytes(between).withCheckDeadlock(false)).outcome());
    }

    @Test
    void aGraphWhoseStatesCanAllFinishPasses() {
        TinySystem ts = trapped(40_000, 40_000); // no trap part
        assertNull(referenceStuck(ts));
        for (int workers : new int[] {1, 3}) {
            SearchResult r = run(ts, options(StoreKind.FINGERPRINT, workers, false));
            assertEquals(Outcome.PASS, r.outcome(), "x" + workers);
            assertEquals(40_000, r.stats().distinct());
        }
    }
}
