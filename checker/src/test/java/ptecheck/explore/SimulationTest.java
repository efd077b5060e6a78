package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.ts.Counterexample;
import ptecheck.testutil.Odometer;
import ptecheck.testutil.TinySystem;
import ptecheck.testutil.TinySystems;

class SimulationTest {
    /** 0 branches to 1 (a dead end that is terminal) and to 2, which leads on to the bad 3. */
    private static TinySystem branching() {
        return TinySystems.graph(4, 3, Set.of(1), new int[] {0, 1}, new int[] {0, 2}, new int[] {2, 3});
    }

    @Test
    void theSameSeedGivesTheSameWalksAndTrace() {
        Simulation.Report a = new Simulation(branching(), new Simulation.Options(50, 10, 42, true)).run();
        Simulation.Report b = new Simulation(branching(), new Simulation.Options(50, 10, 42, true)).run();
        assertEquals(Outcome.VIOLATION, a.result().outcome());
        assertEquals(a.walks(), b.walks());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.result().counterexample().groups(), b.result().counterexample().groups());
        assertEquals(2, a.result().counterexample().length());
    }

    @Test
    void otherSeedsTakeOtherWalks() {
        java.util.Set<Integer> walks = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            walks.add(new Simulation(branching(), new Simulation.Options(50, 10, seed, true)).run().walks());
        }
        assertTrue(walks.size() > 1, "the violation was found on walk " + walks);
    }

    @Test
    void findingNothingIsIncompleteNeverAPass() {
        Simulation.Report r = new Simulation(new Odometer(3, 5), new Simulation.Options(20, 100, 1, true)).run();
        assertEquals(Outcome.INCOMPLETE, r.result().outcome());
        assertEquals("simulation", r.result().stats().stopReason());
        assertEquals(20, r.walks());
        assertEquals(20 * 15, r.steps(), "every walk goes to the end: 15 steps");
    }

    @Test
    void deadlocksAndFailingStepsAreFound() {
        TinySystem stuck = TinySystems.graph(3, 99, Set.of(2), new int[] {0, 1}, new int[] {0, 2});
        Simulation.Report r = new Simulation(stuck, new Simulation.Options(100, 10, 3, true)).run();
        assertEquals(Counterexample.DEADLOCK, r.result().counterexample().property());
        Simulation.Report f = new Simulation(TinySystems.failingCounter(5, 3), new Simulation.Options(1, 10, 3, true))
                .run();
        assertEquals("overflow_check", f.result().counterexample().property());
        assertEquals(4, f.result().counterexample().length());
    }
}
