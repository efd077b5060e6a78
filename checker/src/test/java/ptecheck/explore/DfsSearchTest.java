package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Counterexample;
import ptecheck.testutil.Odometer;
import ptecheck.testutil.Specs;
import ptecheck.testutil.TinySystem;
import ptecheck.testutil.TinySystems;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

class DfsSearchTest {
    private static final SearchOptions DFS = SearchOptions.defaults().withStrategy(SearchStrategy.DFS);

    private static SearchResult dfs(TransitionSystem ts, SearchOptions options) {
        return options.strategy().create(ts, options).run();
    }

    /** Replays the counterexample: each group takes each state to the next. */
    private static void assertIsAPath(TransitionSystem ts, Counterexample cx) {
        for (int i = 0; i < cx.groups().size(); i++) {
            int[] to = cx.states().get(i + 1);
            boolean[] found = {false};
            ts.stepper().next(cx.groups().get(i), cx.states().get(i), (g, s) -> found[0] |= java.util.Arrays.equals(s, to));
            assertTrue(found[0], "step " + (i + 1) + " is not a transition");
        }
    }

    @Test
    void depthFirstStoresEveryStateOnceWhateverTheStore() {
        for (StoreKind store : new StoreKind[] {StoreKind.EXACT, StoreKind.FINGERPRINT}) {
            SearchResult r = dfs(new Odometer(3, 10), DFS.withStore(store));
            assertEquals(Outcome.PASS, r.outcome(), store.label());
            assertEquals(1331, r.stats().distinct(), store.label());
            assertEquals(new BfsSearch(new Odometer(3, 10), SearchOptions.defaults()).run().stats().generated(),
                    r.stats().generated(), "every state expanded once: " + store.label());
        }
    }

    @Test
    void depthFirstFindsTheViolationWithATraceThatIsNotNecessarilyShortest() {
        // 0 -> 1 -> 2 -> 3 (bad), and 0 -> 4 -> 3: BFS takes the short way, DFS goes down the
        // first group first.
        TinySystem ts = TinySystems.graph(5, 3, Set.of(), new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 3},
                new int[] {0, 4}, new int[] {4, 3});
        Counterexample bfs = new BfsSearch(ts, SearchOptions.defaults()).run().counterexample();
        Counterexample dfs = dfs(ts, DFS).counterexample();
        assertEquals("not_bad", dfs.property());
        assertEquals(2, bfs.length());
        assertEquals(3, dfs.length());
        assertIsAPath(ts, dfs);
    }

    @Test
    void depthFirstReportsDeadlocksAndFailingSteps() {
        TinySystem stuck = TinySystems.graph(3, 99, Set.of(2), new int[] {0, 1}, new int[] {0, 2});
        SearchResult r = dfs(stuck, DFS);
        assertEquals(Counterexample.DEADLOCK, r.counterexample().property());
        assertEquals(1, r.counterexample().last()[0]);
        SearchResult failing = dfs(TinySystems.failingCounter(5, 3), DFS);
        assertEquals(Outcome.VIOLATION, failing.outcome());
        assertTrue(failing.counterexample().failingGroup() >= 0);
        assertIsAPath(TinySystems.failingCounter(5, 3), failing.counterexample());
    }

    @Test
    void depthFirstRunsTheProgressCheck() throws Exception {
        TransitionSystem ts = Specs.compile(Specs.resource("progress/stuck_while_tlbs_move.ptm"), Map.of()).system();
        assertNull(SearchPolicy.progressCheckSkipped(ts, DFS));
        SearchResult r = dfs(ts, DFS);
        assertEquals(Outcome.VIOLATION, r.outcome());
        assertEquals(StateProperty.Kind.DEADLOCK, r.counterexample().kind());
        assertTrue(r.counterexample().text().contains("can never all finish"), r.counterexample().text());
        assertIsAPath(ts, r.counterexample());
        assertEquals(Outcome.PASS, dfs(ts, DFS.withCheckDeadlock(false)).outcome());
    }

    @Test
    void depthFirstTurnsPartialOrderReductionOffAndSaysWhy() {
        TransitionSystem ts = new Odometer(2, 3);
        assertNotNull(SearchPolicy.partialOrderUnsound(ts, DFS.withPartialOrder(true)));
        assertTrue(!SearchPolicy.partialOrderApplies(ts, DFS.withPartialOrder(true)));
        assertEquals(16, dfs(ts, DFS.withPartialOrder(true)).stats().distinct());
    }

    @Test
    void aBitstateDepthFirstSearchIsIncomplete() {
        SearchResult r = dfs(new Odometer(3, 10), DFS.withStore(StoreKind.BITSTATE).withBitstate(20, 3));
        assertEquals(Outcome.INCOMPLETE, r.outcome());
        assertEquals("bitstate", r.stats().stopReason());
    }

    @Test
    void theStateBoundStopsADepthFirstSearch() {
        SearchResult r = dfs(new Odometer(3, 10), DFS.withMaxStates(100));
        assertEquals(Outcome.INCOMPLETE, r.outcome());
        assertEquals("max-states", r.stats().stopReason());
        assertEquals(100, r.stats().distinct());
    }
}
