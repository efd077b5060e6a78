package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import ptecheck.explore.LivenessSearch;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;
import ptecheck.ts.Counterexample;
import ptecheck.ts.StateProperty;

/**
 * The liveness feature specs ({@code src/test/resources/features/liveness_*.ptm}): each comment
 * derives the full graph's states and edges and the lasso by hand; the check must agree exactly.
 */
class LivenessFeatureTest {

    private record Checked(SearchResult result, long edges, CompiledSpec spec) {}

    private static Checked check(String feature, SearchOptions options) throws SpecException {
        CompiledSpec spec = Specs.compile(Specs.resource("features/" + feature + ".ptm"), Map.of());
        LivenessSearch search = new LivenessSearch(spec.system(), options);
        SearchResult r = search.run();
        return new Checked(r, search.edges(), spec);
    }

    private static Checked check(String feature) throws SpecException {
        return check(feature, SearchOptions.defaults());
    }

    private static void assertGraph(Checked c, long states, long edges) {
        assertEquals(states, c.result().stats().distinct(), "states");
        assertEquals(edges, c.edges(), "edges");
    }

    private static Counterexample assertLasso(Checked c, String property, int stem, int cycle) {
        assertEquals(Outcome.VIOLATION, c.result().outcome());
        Counterexample cx = c.result().counterexample();
        assertEquals(property, cx.property());
        assertEquals(StateProperty.Kind.LIVENESS, cx.kind());
        assertEquals(stem, cx.loop(), "steps before the cycle");
        assertEquals(cycle, cx.groups().size() - cx.loop(), "steps in the cycle");
        if (cycle > 0) {
            assertArrayEquals(cx.states().get(cx.loop()), cx.last(), "the cycle closes");
        }
        assertEquals(property, c.spec().expectation().property(), "the spec expects it");
        return cx;
    }

    private static void assertHolds(Checked c) {
        assertEquals(Outcome.PASS, c.result().outcome(),
                () -> c.result().counterexample() == null ? "" : c.result().counterexample().property());
        assertTrue(c.spec().expectation().pass(), "the spec expects a pass");
    }

    @Test
    void withoutFairnessAnAgentCanStarveTheKernelForever() throws SpecException {
        Checked c = check("liveness_eventually");
        assertGraph(c, 4, 6);
        Counterexample cx = assertLasso(c, "finishes", 0, 2);
        assertTrue(cx.message().contains("no fairness is assumed"), cx.message());
    }

    @Test
    void weakFairnessOnAnAlwaysEnabledProcessForcesItsStep() throws SpecException {
        Checked c = check("liveness_weak_fair");
        assertGraph(c, 4, 6);
        assertHolds(c);
    }

    @Test
    void weakFairnessDoesNotForceAStepEnabledOnlyEveryOtherState() throws SpecException {
        Checked c = check("liveness_weak_not_enough");
        assertGraph(c, 6, 9);
        assertLasso(c, "finishes", 0, 2);
    }

    @Test
    void strongFairnessForcesAStepEnabledInfinitelyOften() throws SpecException {
        Checked c = check("liveness_strong_fair");
        assertGraph(c, 6, 9);
        assertHolds(c);
    }

    @Test
    void leadsToHoldsUnderAFairServerAndAlwaysEventuallyFailsWithoutFairNoise() throws SpecException {
        Checked c = check("liveness_leads_to");
        assertGraph(c, 4, 8);
        assertLasso(c, "flips", 0, 2);
        Checked served = check("liveness_leads_to", SearchOptions.defaults().withIgnored(java.util.Set.of("flips")));
        assertEquals(Outcome.PASS, served.result().outcome());
    }

    @Test
    void aLivenessConditionReadsAKernelLocalInEveryStateOfTheRun() throws SpecException {
        Checked c = check("liveness_process_locals");
        assertGraph(c, 8, 10);
        assertHolds(c);
    }

    @Test
    void aRunThatEndsStaysInItsLastState() throws SpecException {
        Checked c = check("liveness_stutter");
        assertGraph(c, 2, 1);
        Counterexample cx = assertLasso(c, "finishes", 1, 0);
        assertEquals(cx.states().size() - 1, cx.loop(), "the loop state is the last");
    }

    @Test
    void theSafetySearchPassesTheseSpecsWhateverTheirLiveness() throws SpecException {
        for (String f : new String[] {"liveness_eventually", "liveness_weak_not_enough", "liveness_leads_to",
            "liveness_stutter"}) {
            CompiledSpec spec = Specs.compile(Specs.resource("features/" + f + ".ptm"), Map.of());
            SearchResult r = Specs.check(spec);
            assertEquals(Outcome.PASS, r.outcome(), f);
            assertNull(r.counterexample(), f);
        }
    }
}
