package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.testutil.Odometer;
import ptecheck.testutil.TinySystem;
import ptecheck.ts.Counterexample;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StepFailure;
import ptecheck.ts.TransitionSystem;

/**
 * Breadth-first search gives the same answer, and the same counterexample, whatever the number
 * of workers and the store (cf. LTSmin's testsuite running one model through every back end).
 */
class ParallelSearchTest {
    private static final int[] WORKERS = {1, 2, 3, 4};
    private static final StoreKind[] STORES = StoreKind.values();

    private static SearchResult run(TransitionSystem ts, int workers, StoreKind store) {
        return new BfsSearch(ts, SearchOptions.defaults().withWorkers(workers).withStore(store).withBitstate(24, 3))
                .run();
    }

    /**
     * {@code nodes} nodes, node 0 initial, and five groups sending node {@code n} to
     * {@code (n * a + b) mod nodes}: a pseudo-random graph with many paths of equal length to
     * every node. Node {@code bad} violates {@code not_bad}.
     */
    static TinySystem scrambled(int nodes, int bad) {
        int[][] ab = {{3, 1}, {5, 7}, {7, 3}, {11, 5}, {13, 2}};
        TinySystem.Builder b = TinySystem.builder()
                .slot("n", 0, nodes - 1)
                .initial(0)
                .terminal(s -> true)
                .property(TinySystem.invariant("not_bad", s -> s[0] != bad));
        for (int[] g : ab) {
            b.group("*" + g[0] + "+" + g[1], TinySystem.when(s -> true,
                    s -> s[0] = (int) (((long) s[0] * g[0] + g[1]) % nodes)));
        }
        return b.build();
    }

    @Test
    void everyWorkerCountAndStoreFindsTheSameStates() {
        Odometer odometer = new Odometer(3, 25); // 26^3 = 17,576 states, depth 75
        for (StoreKind store : STORES) {
            for (int w : WORKERS) {
                Stats s = run(odometer, w, store).stats();
                assertEquals(17_576, s.distinct(), store + " x" + w);
                assertEquals(75, s.depth(), store + " x" + w);
                assertEquals(1 + 3 * 25 * 26 * 26, s.generated(), store + " x" + w);
                assertEquals(w, s.workers());
            }
        }
    }

    @Test
    void everyWorkerCountAndStoreReportsTheSameCounterexample() {
        TinySystem ts = scrambled(100_003, 77_777);
        SearchResult first = run(ts, 1, StoreKind.EXACT);
        assertEquals(Outcome.VIOLATION, first.outcome());
        for (StoreKind store : STORES) {
            for (int w : WORKERS) {
                SearchResult r = run(ts, w, store);
                assertEquals(Outcome.VIOLATION, r.outcome(), store + " x" + w);
                assertEquals(first.counterexample().groups(), r.counterexample().groups(), store + " x" + w);
                assertEquals(first.stats().distinct(), r.stats().distinct(), store + " x" + w);
                assertEquals(first.stats().depth(), r.stats().depth(), store + " x" + w);
                List<int[]> a = first.counterexample().states();
                List<int[]> b = r.counterexample().states();
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i), b.get(i));
                }
            }
        }
    }

    @Test
    void theFailureWithTheSmallestParentAndGroupIsReported() {
        // Level 2 holds nodes 3 and 4 (via 1 and 2); "boom" fails on both and on nothing else.
        // Node 3 comes first, so every configuration reports the failure from node 3.
        TinySystem ts = TinySystem.builder()
                .slot("n", 0, 4).initial(0).terminal(s -> true)
                .group("0->1", TinySystem.when(s -> s[0] == 0, s -> s[0] = 1))
                .group("0->2", TinySystem.when(s -> s[0] == 0, s -> s[0] = 2))
                .group("1->3", TinySystem.when(s -> s[0] == 1, s -> s[0] = 3))
                .group("2->4", TinySystem.when(s -> s[0] == 2, s -> s[0] = 4))
                .group("boom", (s, out) -> {
                    if (s[0] >= 3) {
                        throw new StepFailure("boom", "at " + s[0], SourceRef.NONE);
                    }
                })
                .build();
        for (StoreKind store : STORES) {
            for (int w : WORKERS) {
                Counterexample cx = run(ts, w, store).counterexample();
                assertEquals("boom", cx.property());
                assertEquals("at 3", cx.message(), store + " x" + w);
                assertEquals(List.of(0, 2), cx.groups());
            }
        }
    }

    @Test
    void theDeadlockWithTheSmallestIdIsReported() {
        // Nodes 1, 2, 3 are all deadlocks at depth 1; 1 is stored first.
        TinySystem ts = TinySystem.builder()
                .slot("n", 0, 3).initial(0)
                .group("0->1", TinySystem.when(s -> s[0] == 0, s -> s[0] = 1))
                .group("0->2", TinySystem.when(s -> s[0] == 0, s -> s[0] = 2))
                .group("0->3", TinySystem.when(s -> s[0] == 0, s -> s[0] = 3))
                .build();
        for (StoreKind store : STORES) {
            for (int w : WORKERS) {
                Counterexample cx = run(ts, w, store).counterexample();
                assertEquals(Counterexample.DEADLOCK, cx.property());
                assertEquals(List.of(0), cx.groups(), store + " x" + w);
            }
        }
    }

    @Test
    void aMemoryBoundStopsTheSearchCleanlyWithWhatItExplored() {
        SearchOptions tight = SearchOptions.defaults().withMemoryBytes(400_000);
        for (StoreKind store : List.of(StoreKind.TREE, StoreKind.EXACT, StoreKind.FINGERPRINT)) {
            for (int w : WORKERS) {
                SearchResult r = new BfsSearch(new Odometer(4, 30), tight.withWorkers(w).withStore(store)).run();
                assertEquals(Outcome.INCOMPLETE, r.outcome(), store + " x" + w);
                assertEquals("memory", r.stats().stopReason());
                assertTrue(r.stats().distinct() > 1000, r.stats().distinct() + " states");
                assertTrue(r.stats().peakBytes() <= 400_000, r.stats().peakBytes() + " bytes");
                assertEquals(400_000, r.stats().memoryLimit());
            }
        }
    }

    @Test
    void theStateBoundIsExactWhateverTheWorkerCount() {
        for (int w : WORKERS) {
            SearchResult r = new BfsSearch(new Odometer(3, 10), SearchOptions.defaults().withWorkers(w)
                    .withMaxStates(500)).run();
            assertEquals(Outcome.INCOMPLETE, r.outcome());
            assertEquals(500, r.stats().distinct());
            assertEquals("max-states", r.stats().stopReason());
        }
    }

    @Test
    void fingerprintRunsReportACollisionProbability() {
        Stats s = run(new Odometer(3, 20), 2, StoreKind.FINGERPRINT).stats();
        double expected = s.distinct() * ((s.generated() - s.distinct()) / Math.pow(2, 64));
        assertEquals(expected, s.collisionProbability(), expected * 1e-12);
        assertTrue(s.observedCollisionProbability() > 0);
        assertTrue(s.bytesPerState() < 40);
    }

    @Test
    void aTinyBitstateArrayMissesStatesAndSaysSo() {
        SearchOptions o = SearchOptions.defaults().withStore(StoreKind.BITSTATE).withBitstate(10, 2);
        Stats s = new BfsSearch(new Odometer(3, 20), o).run().stats();
        assertTrue(s.distinct() < 9261, s.distinct() + " of 9261 states");
        assertTrue(s.missProbability() > 0.99, "miss probability " + s.missProbability());
        SearchResult roomyRun = run(new Odometer(3, 20), 1, StoreKind.BITSTATE);
        Stats roomy = roomyRun.stats();
        assertEquals(9261, roomy.distinct());
        assertTrue(roomy.missProbability() < 0.01, "miss probability " + roomy.missProbability());
        // Even a search that lost nothing is no proof.
        assertEquals(Outcome.INCOMPLETE, roomyRun.outcome());
        assertEquals("bitstate", roomy.stopReason());
    }
}
