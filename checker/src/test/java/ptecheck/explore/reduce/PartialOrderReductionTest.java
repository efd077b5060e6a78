package ptecheck.explore.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ptecheck.testutil.GuardedSystem.add;
import static ptecheck.testutil.GuardedSystem.cond;
import static ptecheck.testutil.GuardedSystem.set;
import static ptecheck.testutil.GuardedSystem.slots;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.ts.Counterexample;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchPolicy;
import ptecheck.explore.SearchResult;
import ptecheck.explore.StoreKind;
import ptecheck.testutil.GuardedSystem;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

/**
 * Partial-order reduction on small systems where the reduced state count can be worked out by
 * hand, pinned with the reduction on and off; every run checks the declared dependencies.
 */
class PartialOrderReductionTest {

    private static SearchResult search(TransitionSystem ts, boolean por, int workers, StoreKind store) {
        return new BfsSearch(ts, SearchOptions.defaults().withPartialOrder(por).withCheckDependencies(true)
                .withWorkers(workers).withStore(store)).run();
    }

    private static SearchResult search(TransitionSystem ts, boolean por) {
        return search(ts, por, 1, StoreKind.EXACT);
    }

    /** {@code k} counters in {@code 0..max}, each with its own increment: nothing depends on anything. */
    static GuardedSystem.Builder counters(int k, int max) {
        GuardedSystem.Builder b = GuardedSystem.builder();
        for (int i = 0; i < k; i++) {
            b.slot("c" + i, 0, max);
        }
        for (int i = 0; i < k; i++) {
            b.group("inc c" + i, List.of(cond("c" + i, "<", max)), add("c" + i, 1));
        }
        return b;
    }

    @Test
    void twoIndependentCountersCollapseToOnePath() {
        // Off: every pair, (3+1)^2 = 16. On: the stubborn set is one increment, so the counters
        // move one after the other: (0,0) (1,0) (2,0) (3,0) (3,1) (3,2) (3,3), 7 states.
        GuardedSystem ts = counters(2, 3).build();
        assertEquals(16, search(ts, false).stats().distinct());
        SearchResult on = search(ts, true);
        assertEquals(Outcome.PASS, on.outcome());
        assertEquals(7, on.stats().distinct());
        assertEquals(6, on.stats().depth());
        // Reduced: (0,0), (1,0), (2,0), where both increments are enabled; from (3,0) on only one is.
        assertEquals(3, on.stats().reducedStates());
    }

    @Test
    void threeCountersGoFromCubeToLine() {
        // 4^3 = 64 states off; 3 * 3 + 1 = 10 on, whatever the workers and the store.
        GuardedSystem ts = counters(3, 3).build();
        assertEquals(64, search(ts, false).stats().distinct());
        for (StoreKind store : StoreKind.values()) {
            for (int w = 1; w <= 3; w++) {
                assertEquals(10, search(ts, true, w, store).stats().distinct(), store + " x" + w);
            }
        }
    }

    @Test
    void withoutFailureInformationTheCycleProvisoKeepsTheSameReductionOnAcyclicSystems() {
        GuardedSystem ts = counters(2, 3).withoutFailureInfo().build();
        assertEquals(7, search(ts, true).stats().distinct());
    }

    @Test
    void aViolationIsFoundWithACounterexampleAsShortAsWithoutReduction() {
        // The invariant reads c2 only, so its up-set is "inc c2": the violation at c2 = 3 is
        // reached in 3 steps either way.
        GuardedSystem ts = counters(3, 3)
                .property(GuardedSystem.invariant("c2_below_3", slots(2), s -> s[2] < 3)).build();
        SearchResult off = search(ts, false);
        SearchResult on = search(ts, true);
        assertEquals("c2_below_3", on.counterexample().property());
        assertEquals(off.counterexample().length(), on.counterexample().length());
        assertEquals(List.of(2, 2, 2), on.counterexample().groups());
        assertTrue(on.stats().distinct() < off.stats().distinct());
    }

    @Test
    void deadlocksAreStillFoundAtTheSameDepth() {
        // Nothing is terminal, so (3,3) is a deadlock, 6 steps away on every path.
        GuardedSystem ts = counters(2, 3).terminal(s -> false).build();
        Counterexample off = search(ts, false).counterexample();
        Counterexample on = search(ts, true).counterexample();
        assertEquals(Counterexample.DEADLOCK, on.property());
        assertEquals(off.length(), on.length());
        assertEquals(6, on.length());
    }

    @Test
    void aFailingGroupIsFoundWhenTheSystemSaysWhichGroupsMayFail() {
        // "inc c2" fails at c2 = 2; declared, so its up-set keeps it in every stubborn set.
        GuardedSystem ts = failingThirdCounter().build();
        Counterexample off = search(ts, false).counterexample();
        Counterexample on = search(ts, true).counterexample();
        assertEquals("inc c2_failed", on.property());
        assertEquals(off.length(), on.length());
        assertEquals(3, on.length());
    }

    @Test
    void aFailingGroupIsFoundWhenTheSystemDoesNotSayWhichGroupsMayFail() {
        // Without that information the failure is a visible transition kept by the cycle
        // proviso; the counters are reordered, so the trace may be longer, but it is found.
        GuardedSystem ts = failingThirdCounter().withoutFailureInfo().build();
        Counterexample on = search(ts, true).counterexample();
        assertEquals("inc c2_failed", on.property());
        assertEquals(2, on.failingGroup());
    }

    private static GuardedSystem.Builder failingThirdCounter() {
        return GuardedSystem.builder()
                .slot("c0", 0, 3).slot("c1", 0, 3).slot("c2", 0, 3)
                .group("inc c0", List.of(cond("c0", "<", 3)), add("c0", 1))
                .group("inc c1", List.of(cond("c1", "<", 3)), add("c1", 1))
                .failingGroup("inc c2", List.of(cond("c2", "<", 3)), List.of(cond("c2", "==", 2)), add("c2", 1));
    }

    @Test
    void theCycleProvisoStopsAnIndependentLoopFromHidingAFailure() {
        // x toggles forever, independently of y; "boom" fails once y = 1. The cheapest stubborn
        // set in the initial state is the toggle alone: without the proviso the search would
        // go round x = 0, 1, 0 and never move y. The toggle back to x = 0 reaches a state seen
        // at a lower depth, so that state is expanded in full and y moves.
        GuardedSystem ts = GuardedSystem.builder()
                .slot("x", 0, 1).slot("y", 0, 1)
                .group("x up", List.of(cond("x", "==", 0)), set("x", 1))
                .group("x down", List.of(cond("x", "==", 1)), set("x", 0))
                .group("go", List.of(cond("y", "==", 0)), set("y", 1))
                .failingGroup("boom", List.of(cond("y", "==", 1)), List.of(cond("y", "==", 1)), set("y", 1))
                .withoutFailureInfo()
                .build();
        SearchResult on = search(ts, true);
        assertEquals(Outcome.VIOLATION, on.outcome());
        assertEquals("boom_failed", on.counterexample().property());
    }

    @Test
    void aPropertyOutOfScopeOnlyNeedsWhatBringsItIntoScope() {
        // k counts to 3, then "finish" sets done; h counts to 2 on its own. The at-end check
        // "h <= 2" reads h and done but is only in scope once done = 1. Off: 4 * 3 states with
        // done = 0, 3 with done = 1: 15. On: before done only the steps towards it matter, so
        // h stays 0: (k = 0..3, h = 0), then done, then h = 1, 2: 7 states. Without the scope
        // information h is visible all along and nothing is saved.
        GuardedSystem.Builder b = GuardedSystem.builder()
                .slot("k", 0, 3).slot("done", 0, 1).slot("h", 0, 2)
                .group("step", List.of(cond("done", "==", 0), cond("k", "<", 3)), add("k", 1))
                .group("finish", List.of(cond("done", "==", 0), cond("k", "==", 3)), set("done", 1))
                .group("inc h", List.of(cond("h", "<", 2)), add("h", 1));
        GuardedSystem scoped = b.property(GuardedSystem.scoped("h_small", StateProperty.Kind.AT_END, slots(1, 2),
                s -> s[2] <= 2, slots(1), s -> s[1] == 1)).build();
        assertEquals(15, search(scoped, false).stats().distinct());
        assertEquals(7, search(scoped, true).stats().distinct());
        GuardedSystem plain = GuardedSystem.builder()
                .slot("k", 0, 3).slot("done", 0, 1).slot("h", 0, 2)
                .group("step", List.of(cond("done", "==", 0), cond("k", "<", 3)), add("k", 1))
                .group("finish", List.of(cond("done", "==", 0), cond("k", "==", 3)), set("done", 1))
                .group("inc h", List.of(cond("h", "<", 2)), add("h", 1))
                .property(GuardedSystem.invariant("h_small", slots(1, 2), s -> s[1] == 0 || s[2] <= 2))
                .build();
        assertEquals(15, search(plain, true).stats().distinct());
    }

    @Test
    void aViolationInScopeIsFoundAsShortAsWithoutReduction() {
        // As above, but h may reach 2 only while the check requires h < 2 at the end.
        GuardedSystem ts = GuardedSystem.builder()
                .slot("k", 0, 3).slot("done", 0, 1).slot("h", 0, 2)
                .group("step", List.of(cond("done", "==", 0), cond("k", "<", 3)), add("k", 1))
                .group("finish", List.of(cond("done", "==", 0), cond("k", "==", 3)), set("done", 1))
                .group("inc h", List.of(cond("h", "<", 2)), add("h", 1))
                .property(GuardedSystem.scoped("h_small", StateProperty.Kind.AT_END, slots(1, 2), s -> s[2] < 2,
                        slots(1), s -> s[1] == 1))
                .build();
        Counterexample off = search(ts, false).counterexample();
        Counterexample on = search(ts, true).counterexample();
        assertEquals("h_small", on.property());
        assertEquals(6, off.length());
        assertEquals(6, on.length());
    }

    @Test
    void guardConjunctsNarrowWhatCanEnableADisabledGroup() {
        // "use" waits for lock == 0 and then for ready == 1; "other" writes ready only. In the
        // initial state "use" is disabled by its first conjunct (the lock), so only "release"
        // can enable it: "other" need not be in the stubborn set. With whole guards, "other"
        // writes a guard slot of "use" and is pulled in too.
        GuardedSystem.Builder b = GuardedSystem.builder()
                .slot("lock", 0, 1).slot("ready", 0, 1).slot("done", 0, 1).slot("o", 0, 3)
                .initial(1, 0, 0, 0)
                .group("use", List.of(cond("lock", "==", 0), cond("ready", "==", 1)), set("done", 1))
                .group("release", List.of(cond("lock", "==", 1)), set("lock", 0))
                .group("other", List.of(cond("o", "<", 3)), add("o", 1), set("ready", 1));
        GuardedSystem conjuncts = b.build();
        GuardedSystem whole = b.withoutGuardConjuncts().build();
        long full = search(conjuncts, false).stats().distinct();
        long withConjuncts = search(conjuncts, true).stats().distinct();
        long withWholeGuards = search(whole, true).stats().distinct();
        assertTrue(withConjuncts < withWholeGuards, withConjuncts + " vs " + withWholeGuards);
        assertTrue(withWholeGuards <= full);
    }

    /**
     * Two kernel-like processes of two steps each that must both finish, and a hardware toggle
     * that nothing reads; {@code bad} lets B take a branch from which it never finishes.
     */
    private static GuardedSystem processesThatMustFinish(boolean bad) {
        GuardedSystem.Builder b = GuardedSystem.builder()
                .slot("a", 0, 2).slot("b", 0, 3).slot("h", 0, 1)
                .group("a1", List.of(cond("a", "==", 0)), set("a", 1))
                .group("a2", List.of(cond("a", "==", 1)), set("a", 2))
                .group("b1", List.of(cond("b", "==", 0)), set("b", 1))
                .group("b2", List.of(cond("b", "==", 1)), set("b", 2))
                .group("tick", List.of(cond("h", "==", 0)), set("h", 1))
                .group("tock", List.of(cond("h", "==", 1)), set("h", 0))
                .terminalWhen(List.of(cond("a", "==", 2), cond("b", "==", 2)));
        if (bad) {
            b.group("b stuck", List.of(cond("b", "==", 0)), set("b", 3));
        }
        return b.build();
    }

    @Test
    void theProgressCheckKeepsOneUnfinishedProcessMovingAndNothingElse() {
        // Off: a 0..2 x b 0..2 x h, 18 states. On, with the progress check: the stubborn set is
        // the first unfinished process (the up-set of "terminal"), so A runs, then B, and the
        // toggle only moves once both have finished: (0,0,0) (1,0,0) (2,0,0) (2,1,0) (2,2,0)
        // (2,2,1), 6 states, depth 5. The last state's only successor is old, so it is expanded
        // in full (it has one enabled group anyway).
        GuardedSystem ts = processesThatMustFinish(false);
        SearchResult off = search(ts, false);
        assertEquals(Outcome.PASS, off.outcome());
        assertEquals(18, off.stats().distinct());
        SearchResult on = search(ts, true);
        assertEquals(Outcome.PASS, on.outcome());
        assertEquals(6, on.stats().distinct());
        assertEquals(5, on.stats().depth());
        assertTrue(SearchPolicy.partialOrderApplies(ts, SearchOptions.defaults().withPartialOrder(true)));
    }

    @Test
    void aProcessThatCanNeverFinishIsFoundWithTheReductionAndShownByTheShortestTrace() {
        // Off: 3 x 4 x 2 = 24 states; the shortest stuck state is one step away ("b stuck").
        // Reduced: A runs first, then B's two choices: (0,0,0) (1,0,0) (2,0,0) (2,1,0) (2,3,0)
        // (2,2,0) (2,3,1) (2,2,1), 8 states, where B can never finish from (2,3,0), at depth 3.
        // The reduction keeps stuck states, not their distance, so the search then runs again in
        // full for the shortest trace: the reported run is the full one, 24 states, 1 step.
        GuardedSystem ts = processesThatMustFinish(true);
        SearchResult off = search(ts, false);
        assertEquals(Outcome.VIOLATION, off.outcome());
        assertEquals(Counterexample.DEADLOCK, off.counterexample().property());
        assertEquals(24, off.stats().distinct());
        // A lasso: one step to the stuck state, then on to a cycle B repeats without finishing.
        assertTrue(off.counterexample().lasso());
        assertTrue(off.counterexample().loop() >= 1);
        assertFalse(ts.isTerminal(off.counterexample().states().get(1)));
        for (int workers : new int[] {1, 2}) {
            for (StoreKind store : new StoreKind[] {StoreKind.TREE, StoreKind.EXACT, StoreKind.FINGERPRINT}) {
                SearchResult on = search(ts, true, workers, store);
                String config = store + " x" + workers;
                assertEquals(Outcome.VIOLATION, on.outcome(), config);
                assertEquals(Counterexample.DEADLOCK, on.counterexample().property(), config);
                assertTrue(on.counterexample().text().contains("can never all finish"), config);
                assertEquals(off.counterexample().groups(), on.counterexample().groups(), config);
                assertEquals(24, on.stats().distinct(), config);
            }
        }
    }

    @Test
    void withoutTheTerminalTestInPartsTheProgressCheckTurnsTheReductionOff() {
        GuardedSystem parts = GuardedSystem.builder().slot("a", 0, 1)
                .group("a1", List.of(cond("a", "==", 0)), set("a", 1))
                .terminalWhen(List.of(cond("a", "==", 1))).build();
        assertTrue(SearchPolicy.partialOrderApplies(parts, SearchOptions.defaults().withPartialOrder(true)));
        GuardedSystem opaque = GuardedSystem.builder().slot("a", 0, 1)
                .group("a1", List.of(cond("a", "==", 0)), set("a", 1))
                .terminalWhen(List.of(cond("a", "==", 1))).withoutTerminalParts().build();
        assertTrue(!SearchPolicy.partialOrderApplies(opaque, SearchOptions.defaults().withPartialOrder(true)));
        assertTrue(SearchPolicy.partialOrderApplies(opaque, SearchOptions.defaults().withPartialOrder(true).withCheckDeadlock(false)));
    }
}
