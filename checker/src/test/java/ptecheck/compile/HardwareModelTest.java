package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;

/**
 * The built-in checks and deviation switches of the hierarchical hardware models
 * ({@code models/x86_pgtable.ptm}, {@code models/arm64_pgtable.ptm}) where the violation's
 * state count depends on the order a level is expanded in: these assert the property and the
 * length of the shortest counterexample, which the feature specs' comments derive. The pass
 * counts are in the specs' {@code // checked:} lines (FeatureStateCountTest).
 */
class HardwareModelTest {

    @Test
    void theKnightsLandingErratumSetsDirtyInAClearedPte() throws SpecException {
        // fill (a clean entry), clear, store: the store's A/D update lands in the cleared PTE.
        SearchResult r = check("model_x86_pgtable_knl", Map.of("KNL_AD_ERRATUM", "true"));
        assertEquals(Outcome.VIOLATION, r.outcome());
        assertEquals("cleared", r.counterexample().property());
        assertEquals(3, r.counterexample().length());
    }

    @Test
    void withoutTheErratumAClearedPteStaysNone() throws SpecException {
        SearchResult r = check("model_x86_pgtable_knl", Map.of("KNL_AD_ERRATUM", "false"));
        assertEquals(Outcome.PASS, r.outcome());
        assertEquals(16, r.stats().distinct());
    }

    @Test
    void changingTheOutputOfALiveDescriptorBreaksBreakBeforeMake() throws SpecException {
        // CPU 0 fills, CPU 1 writes a descriptor with another frame.
        SearchResult r = check("model_arm64_pgtable_bbm", Map.of());
        assertEquals(Outcome.VIOLATION, r.outcome());
        assertEquals("break_before_make", r.counterexample().property());
        assertEquals(2, r.counterexample().length());
    }

    private static SearchResult check(String feature, Map<String, String> overrides) throws SpecException {
        return Specs.check(Specs.compile(Specs.resource("features/" + feature + ".ptm"), overrides));
    }
}
