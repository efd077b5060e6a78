package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.testutil.Odometer;
import ptecheck.testutil.TinySystem;
import ptecheck.testutil.TinySystems;
import ptecheck.ts.Counterexample;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.TransitionSystem;

class BfsSearchTest {
    private static final SearchOptions DEFAULTS = SearchOptions.defaults();

    private static SearchResult bfs(TransitionSystem ts, SearchOptions options) {
        return new BfsSearch(ts, options).run();
    }

    @Test
    void countsEveryPairOfTwoCounters() {
        // (3+1)^2 = 16 states; (3,3) is 6 increments away; generated = 1 initial + 2*3*4 = 25.
        SearchResult r = bfs(TinySystems.counters(3), DEFAULTS);
        assertEquals(Outcome.PASS, r.outcome());
        assertNull(r.counterexample());
        assertEquals(16, r.stats().distinct());
        assertEquals(6, r.stats().depth());
        assertEquals(25, r.stats().generated());
    }

    @Test
    void binaryClockHasTwoStatesBothInitial() {
        // Both values are initial (depth 0); each tick leads back to a known state: 2 + 2 generated.
        SearchResult r = bfs(TinySystems.binaryClock(), DEFAULTS);
        assertEquals(Outcome.PASS, r.outcome());
        assertEquals(2, r.stats().distinct());
        assertEquals(0, r.stats().depth());
        assertEquals(4, r.stats().generated());
    }

    @Test
    void statsReportStoreBytesAndRates() {
        Stats s = bfs(TinySystems.counters(20), DEFAULTS).stats();
        assertEquals(441, s.distinct());
        assertTrue(s.storeBytes() > 0);
        assertEquals((double) s.storeBytes() / 441, s.bytesPerState(), 1e-9);
        assertTrue(s.statesPerSecond() > 0);
    }

    @Test
    void findsTheShortestCounterexampleEvenWhenALongerPathComesFirst() {
        // Edges are listed so that following the first edge each time (as DFS would) reaches
        // bad node 5 in four steps: 0->1->2->3->5. BFS must report 0->4->5.
        TransitionSystem ts = TinySystems.graph(6, 5, Set.of(),
                new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 3}, new int[] {3, 5}, new int[] {0, 4},
                new int[] {4, 5});
        SearchResult r = bfs(ts, DEFAULTS);
        assertEquals(Outcome.VIOLATION, r.outcome());
        Counterexample cx = r.counterexample();
        assertEquals("not_bad", cx.property());
        assertEquals(StateProperty.Kind.INVARIANT, cx.kind());
        assertEquals(List.of(0, 4, 5), nodes(cx));
        assertEquals(List.of(4, 5), cx.groups()); // edge indexes 0->4 and 4->5
        assertEquals(2, r.stats().depth());
        assertEquals(-1, cx.failingGroup());
        assertEquals(2, cx.length());
    }

    @Test
    void anInitialStateThatViolatesGivesAnEmptyPath() {
        SearchResult r = bfs(TinySystems.graph(2, 0, Set.of(1), new int[] {0, 1}), DEFAULTS);
        Counterexample cx = r.counterexample();
        assertEquals(List.of(0), nodes(cx));
        assertTrue(cx.groups().isEmpty());
        assertEquals(0, r.stats().depth());
    }

    @Test
    void replayPicksTheRightSuccessorOfANondeterministicGroup() {
        // One group with several successors; bad node 3 is reached via 0->2->3.
        TransitionSystem ts = TinySystems.graphWithOneGroup(4, 3,
                new int[] {0, 1}, new int[] {0, 2}, new int[] {2, 3}, new int[] {1, 1});
        Counterexample cx = bfs(ts, DEFAULTS).counterexample();
        assertEquals(List.of(0, 2, 3), nodes(cx));
        assertEquals(List.of(0, 0), cx.groups());
    }

    @Test
    void aStateWithoutSuccessorsThatIsNotTerminalIsADeadlock() {
        TransitionSystem ts = TinySystems.stoppingCounter(3, false);
        SearchResult r = bfs(ts, DEFAULTS);
        assertEquals(Outcome.VIOLATION, r.outcome());
        Counterexample cx = r.counterexample();
        assertEquals(Counterexample.DEADLOCK, cx.property());
        assertEquals(StateProperty.Kind.DEADLOCK, cx.kind());
        assertEquals(SourceRef.NONE, cx.where());
        assertEquals(List.of(0, 1, 2, 3), nodes(cx));
        assertEquals(List.of("inc waits for c < 3"), cx.blocked());
    }

    @Test
    void aTerminalStateWithoutSuccessorsIsNotADeadlock() {
        SearchResult r = bfs(TinySystems.stoppingCounter(3, true), DEFAULTS);
        assertEquals(Outcome.PASS, r.outcome());
        assertEquals(4, r.stats().distinct());
        assertEquals(3, r.stats().depth());
    }

    @Test
    void deadlocksAreIgnoredWhenNotChecked() {
        SearchResult r = bfs(TinySystems.stoppingCounter(3, false), DEFAULTS.withCheckDeadlock(false));
        assertEquals(Outcome.PASS, r.outcome());
    }

    @Test
    void aDeadlockBeatsALongerViolationFoundEarlierInTheSameLevel() {
        // Level 1 is {1, 2}. Expanding 1 finds bad node 3 (two steps); expanding 2, which has no
        // edge and is not terminal, finds a deadlock one step away: the shorter one is reported.
        TransitionSystem ts = TinySystems.graph(4, 3, Set.of(3), new int[] {0, 1}, new int[] {0, 2},
                new int[] {1, 3});
        Counterexample cx = bfs(ts, DEFAULTS).counterexample();
        assertEquals(Counterexample.DEADLOCK, cx.property());
        assertEquals(List.of(0, 2), nodes(cx));

        Counterexample withoutDeadlocks = bfs(ts, DEFAULTS.withCheckDeadlock(false)).counterexample();
        assertEquals("not_bad", withoutDeadlocks.property());
        assertEquals(List.of(0, 1, 3), nodes(withoutDeadlocks));
    }

    @Test
    void aHeldBackViolationIsReportedWhenItsLevelHasNoDeadlock() {
        // Level 1 is {1, 2}; 1 leads to bad 3, 2 leads on to terminal 4: no deadlock at depth 1.
        TransitionSystem ts = TinySystems.graph(5, 3, Set.of(3, 4), new int[] {0, 1}, new int[] {0, 2},
                new int[] {1, 3}, new int[] {2, 4});
        Counterexample cx = bfs(ts, DEFAULTS).counterexample();
        assertEquals("not_bad", cx.property());
        assertEquals(List.of(0, 1, 3), nodes(cx));
    }

    @Test
    void aFailingStepIsAViolationWithThePathToItsSourceAndTheFailingGroup() {
        // inc throws at c = 3: the path is 0,1,2,3 and the fourth transition fails.
        SearchResult r = bfs(TinySystems.failingCounter(5, 3), DEFAULTS);
        assertEquals(Outcome.VIOLATION, r.outcome());
        Counterexample cx = r.counterexample();
        assertEquals("overflow_check", cx.property());
        assertEquals(StateProperty.Kind.ASSERTION, cx.kind());
        assertEquals(TinySystems.FAILURE_AT, cx.where());
        assertEquals("counter reached 3", cx.message());
        assertEquals("inc", cx.text());
        assertEquals(List.of(0, 1, 2, 3), nodes(cx));
        assertEquals(0, cx.failingGroup());
        assertEquals(4, cx.length());
        assertEquals(4, r.stats().distinct());
        assertEquals(3, r.stats().depth());
    }

    @Test
    void aFailureAtDepthZeroGivesAOneStepCounterexample() {
        Counterexample cx = bfs(TinySystems.failingCounter(5, 0), DEFAULTS).counterexample();
        assertEquals(List.of(0), nodes(cx));
        assertEquals(1, cx.length());
    }

    @Test
    void theStateBoundGivesIncompleteWithExactlyThatManyStates() {
        SearchResult r = bfs(TinySystems.counters(3), DEFAULTS.withMaxStates(10));
        assertEquals(Outcome.INCOMPLETE, r.outcome());
        assertNull(r.counterexample());
        assertEquals(10, r.stats().distinct());
    }

    @Test
    void aBoundEqualToTheStateCountStillPasses() {
        assertEquals(Outcome.PASS, bfs(TinySystems.counters(3), DEFAULTS.withMaxStates(16)).outcome());
        assertEquals(Outcome.INCOMPLETE, bfs(TinySystems.counters(3), DEFAULTS.withMaxStates(15)).outcome());
    }

    @Test
    void theBoundAppliesToInitialStatesToo() {
        SearchResult r = bfs(TinySystems.binaryClock(), DEFAULTS.withMaxStates(1));
        assertEquals(Outcome.INCOMPLETE, r.outcome());
        assertEquals(1, r.stats().distinct());
    }

    @Test
    void aViolationWithinTheBoundIsStillReported() {
        TransitionSystem ts = TinySystems.graph(6, 5, Set.of(), new int[] {0, 4}, new int[] {4, 5});
        assertEquals(Outcome.VIOLATION, bfs(ts, DEFAULTS.withMaxStates(3)).outcome());
    }

    @Test
    void replayThatDoesNotReproduceAStoredStateIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bfs(TinySystems.nondeterministic(), DEFAULTS));
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
        assertTrue(e.getMessage().contains("not deterministic"), e.getMessage());
    }

    @Test
    void aSearchCanBeRunTwiceWithTheSameResult() {
        BfsSearch search = new BfsSearch(TinySystems.counters(4), DEFAULTS);
        assertEquals(search.run().stats().distinct(), search.run().stats().distinct());
    }

    @Test
    void groupsFireInIndexOrderSoTheFirstShortestPathIsReported() {
        // (2,1) is three steps away by a,a,b or a,b,a or b,a,a; BFS stores (1,0) before (0,1)
        // and (2,0) before (1,1), so the path through (2,0) is found first.
        TinySystem ts = TinySystem.builder()
                .slot("a", 0, 2).slot("b", 0, 2).initial(0, 0)
                .group("inc a", TinySystem.when(s -> s[0] < 2, s -> s[0]++))
                .group("inc b", TinySystem.when(s -> s[1] < 2, s -> s[1]++))
                .property(TinySystem.invariant("not_2_1", s -> !(s[0] == 2 && s[1] == 1)))
                .terminal(s -> true)
                .build();
        Counterexample cx = bfs(ts, DEFAULTS).counterexample();
        List<int[]> states = cx.states();
        assertEquals(4, states.size());
        assertArrayEquals(new int[] {0, 0}, states.get(0));
        assertArrayEquals(new int[] {1, 0}, states.get(1));
        assertArrayEquals(new int[] {2, 0}, states.get(2));
        assertArrayEquals(new int[] {2, 1}, states.get(3));
        assertEquals(List.of(0, 0, 1), cx.groups());
    }

    /**
     * Level 1 is x = 1..200 (ids in that order). Each x has eight "join k" successors,
     * 1000 + (x + k) % 50, shared by many states of the level, and "reset" back to 0; with
     * {@code deeper}, each 1000 + j has one more successor, 2000 + j. A worker asks the store
     * about the successors of several states at once (a chunk is 16 states, 144 records), so a
     * state's successor may repeat a pending record of an earlier state.
     */
    private static TinySystem.Builder sharedSuccessors(boolean deeper) {
        TinySystem.Builder b = TinySystem.builder().slot("x", 0, 2049).initial(0)
                .group("spawn", (s, out) -> {
                    if (s[0] == 0) {
                        for (int x = 1; x <= 200; x++) {
                            out.accept(new int[] {x});
                        }
                    }
                })
                .group("reset", TinySystem.when(s -> s[0] >= 1 && s[0] <= 200, s -> s[0] = 0));
        for (int k = 0; k < 8; k++) {
            int step = k;
            b.group("join " + k, TinySystem.when(s -> s[0] >= 1 && s[0] <= 200, s -> s[0] = 1000 + (s[0] + step) % 50));
        }
        if (deeper) {
            b.group("deeper", TinySystem.when(s -> s[0] >= 1000 && s[0] < 1050, s -> s[0] += 1000));
        }
        return b.terminal(s -> true);
    }

    @Test
    void successorsSharedAcrossStatesLookedUpTogetherKeepTheirFirstParent() {
        // 1 + 200 + 50 = 251 states; generated: 1 + 200 + 200 * 9 (the 50 have no successors).
        // The first state of level 1 reaching 1030 is x = 23 (by "join 7"): 22 would need k = 8.
        TinySystem all = sharedSuccessors(false).build();
        TinySystem to1030 = sharedSuccessors(false).property(TinySystem.invariant("not_1030", s -> s[0] != 1030)).build();
        for (int workers : new int[] {1, 2}) {
            SearchResult pass = bfs(all, DEFAULTS.withWorkers(workers));
            assertEquals(Outcome.PASS, pass.outcome());
            assertEquals(251, pass.stats().distinct(), "workers " + workers);
            assertEquals(2_001, pass.stats().generated(), "workers " + workers);
            Counterexample cx = bfs(to1030, DEFAULTS.withWorkers(workers)).counterexample();
            assertEquals(List.of(0, 23, 1030), nodes(cx), "workers " + workers);
            assertEquals(List.of(0, 2 + 7), cx.groups(), "workers " + workers);
        }
    }

    @Test
    void aViolationPartWayThroughALevelCountsTheLevelsBeforeIt() {
        // Level 2 (the 50 joins) is four chunks; one worker stores their successors (level 3)
        // as it goes, but a violation in level 2 reports levels 0-2 alone, 251 states, as two
        // workers do. Without the violation: 301 states, 2,051 generated.
        // 1040 is first reached from x = 33 (33 + 7).
        TinySystem all = sharedSuccessors(true).build();
        TinySystem to1040 = sharedSuccessors(true).property(TinySystem.invariant("not_1040", s -> s[0] != 1040)).build();
        for (int workers : new int[] {1, 2}) {
            SearchResult pass = bfs(all, DEFAULTS.withWorkers(workers));
            assertEquals(301, pass.stats().distinct(), "workers " + workers);
            assertEquals(2_051, pass.stats().generated(), "workers " + workers);
            SearchResult r = bfs(to1040, DEFAULTS.withWorkers(workers));
            assertEquals(Outcome.VIOLATION, r.outcome());
            assertEquals(251, r.stats().distinct(), "workers " + workers);
            assertEquals(2, r.stats().depth(), "workers " + workers);
            assertEquals(List.of(0, 33, 1040), nodes(r.counterexample()), "workers " + workers);
        }
    }

    @Test
    void aStepFailingPartWayThroughALevelKeepsOnlyTheSuccessorsBeforeIt() {
        // Level 1 is x = 1..200; "boom" fails at x = 150, after one worker has stored the
        // successors of the states before it as it went. Those are all fifty joins
        // (1000..1049, every one reached from some x <= 50); "late" (x = 151..200 to
        // 1951..2000) comes after the failure, so none of its states is stored:
        // 1 + 200 + 50 states, whatever the number of workers.
        java.util.function.IntFunction<TinySystem> forbidding = bad -> sharedSuccessors(false)
                .group("late", TinySystem.when(s -> s[0] >= 151 && s[0] <= 200, s -> s[0] += 1800))
                .group("boom", (s, out) -> {
                    if (s[0] == 150) {
                        throw new StepFailure("boom", "exploded", SourceRef.NONE);
                    }
                })
                .property(TinySystem.invariant("not_" + bad, s -> s[0] != bad))
                .build();
        for (int workers : new int[] {1, 2}) {
            // 1960 is only reached after the failure: the failure is what is reported.
            SearchResult failed = bfs(forbidding.apply(1960), DEFAULTS.withWorkers(workers));
            assertEquals("boom", failed.counterexample().property(), "workers " + workers);
            assertEquals(List.of(0, 150), nodes(failed.counterexample()), "workers " + workers);
            assertEquals(List.of(0), failed.counterexample().groups(), "workers " + workers);
            assertEquals(11, failed.counterexample().failingGroup(), "workers " + workers);
            assertEquals(251, failed.stats().distinct(), "workers " + workers);
            // 1049, first reached by x = 42 ("join 7"), is stored before the failure, and a
            // violation as short as the failing step comes first.
            SearchResult violated = bfs(forbidding.apply(1049), DEFAULTS.withWorkers(workers));
            assertEquals("not_1049", violated.counterexample().property(), "workers " + workers);
            assertEquals(List.of(0, 42, 1049), nodes(violated.counterexample()), "workers " + workers);
            assertEquals(List.of(0, 9), violated.counterexample().groups(), "workers " + workers);
            assertEquals(251, violated.stats().distinct(), "workers " + workers);
        }
    }

    @Test
    void aDeadlockBeatsALongerStepFailureFoundEarlierInTheSameLevel() {
        // Level 1 is {1, 2}: firing "boom" on 1 fails (two transitions), while 2 is a deadlock one step away.
        TinySystem ts = TinySystem.builder()
                .slot("node", 0, 2).initial(0)
                .group("0->1", TinySystem.when(s -> s[0] == 0, s -> s[0] = 1))
                .group("0->2", TinySystem.when(s -> s[0] == 0, s -> s[0] = 2))
                .group("boom", (s, out) -> {
                    if (s[0] == 1) {
                        throw new StepFailure("boom", "exploded", SourceRef.NONE);
                    }
                })
                .build();
        assertEquals(Counterexample.DEADLOCK, bfs(ts, DEFAULTS).counterexample().property());
        assertEquals("boom", bfs(ts, DEFAULTS.withCheckDeadlock(false)).counterexample().property());
    }

    @Test
    void theSearchAllocatesNothingPerState() {
        // Only the store's arrays grow, by doubling, so everything allocated stays below twice
        // the store's final size; one small object per state would break that bound.
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "allocation counting needs a HotSpot JVM");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        BfsSearch search = new BfsSearch(new Odometer(4, 20), DEFAULTS);
        search.run(); // warm up, so that class loading and compilation are not counted
        long before = threads.getThreadAllocatedBytes(thread);
        SearchResult r = search.run();
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(194_481, r.stats().distinct()); // 21^4
        assertEquals(80, r.stats().depth());
        assertTrue(allocated < 2 * r.stats().storeBytes() + (1 << 20),
                allocated + " bytes allocated for a store of " + r.stats().storeBytes());
    }

    private static List<Integer> nodes(Counterexample cx) {
        List<Integer> nodes = new ArrayList<>();
        for (int[] s : cx.states()) {
            nodes.add(s[0]);
        }
        return nodes;
    }

    @Test
    void searchesOfOneSystemShareItsGeneratedPackingCode() {
        // Generating it (and JIT-compiling what was generated) is per system, not per search:
        // that was a quarter of the agreement tests' CPU time, 25 configurations per spec.
        Odometer a = new Odometer(3, 4);
        Odometer b = new Odometer(3, 4);
        ptecheck.explore.store.StatePacker packer = new ptecheck.explore.store.StatePacker(a.layout());
        assertTrue(BfsSearch.packingCode(a, packer) == BfsSearch.packingCode(a, packer));
        assertTrue(BfsSearch.packingCode(a, packer) != BfsSearch.packingCode(b, packer));
        // And the shared code still gives every search the whole state space.
        assertEquals(125, new BfsSearch(a, DEFAULTS).run().stats().distinct());
        assertEquals(125, new BfsSearch(a, DEFAULTS.withWorkers(2)).run().stats().distinct());
    }
}
