package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;
import ptecheck.ts.Guards;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Symmetry;
import ptecheck.ts.TransitionSystem;

/**
 * What the compiler tells the reductions through the seam: interchangeable CPUs (checked, not
 * trusted), the groups that may fail, guards as conjunctions with the pc test first, and the
 * scope of at-end properties. State counts are derived by hand in each feature spec.
 */
class ReductionSeamTest {

    private static TransitionSystem system(String feature) throws SpecException {
        return Specs.compile(Specs.resource("features/" + feature + ".ptm"), Map.of()).system();
    }

    private static long distinct(TransitionSystem ts, boolean symmetry) {
        SearchResult r = new BfsSearch(ts, SearchOptions.defaults().withSymmetry(symmetry).withPartialOrder(false)).run();
        return r.stats().distinct();
    }

    @Test
    void cpusThatNothingTellsApartAreDeclaredInterchangeable() throws SpecException {
        TransitionSystem ts = system("symmetry_cpus");
        List<Symmetry> s = ts.symmetries();
        assertEquals(1, s.size());
        assertEquals("CPU", s.get(0).name());
        assertEquals(3, s.get(0).size());
        assertEquals(8, distinct(ts, false));
        assertEquals(4, distinct(ts, true));
    }

    @Test
    void aCpuWithARuleOfItsOwnBreaksTheSymmetry() throws SpecException {
        TransitionSystem ts = system("symmetry_broken");
        assertTrue(ts.symmetries().isEmpty(), ts.symmetries().toString());
        assertEquals(8, distinct(ts, false));
        assertEquals(8, distinct(ts, true));
    }

    @Test
    void theCpuRunningKernelCodeIsLeftOutOfTheSymmetry() throws SpecException {
        TransitionSystem ts = system("symmetry_kernel_cpu");
        assertEquals(1, ts.symmetries().size());
        assertEquals(2, ts.symmetries().get(0).size());
        assertEquals(12, distinct(ts, false));
        assertEquals(9, distinct(ts, true));
    }

    @Test
    void pagesTheKernelVisitsInOrderAreNotInterchangeable() throws SpecException {
        TransitionSystem ts = Specs.compile(Specs.repo("specs/mprotect/change_pte_range.ptm"),
                Map.of("CPUS", "3", "PAGES", "2")).system();
        assertEquals(List.of("CPU"), ts.symmetries().stream().map(Symmetry::name).toList());
        assertEquals(2, ts.symmetries().get(0).size());
    }

    @Test
    void onlyAStoreThatCanLeaveItsRangeMayFail() throws SpecException {
        TransitionSystem ts = system("may_fail_overflow");
        BitSet mayFail = ts.mayFail();
        for (int g = 0; g < ts.groupCount(); g++) {
            assertEquals(ts.group(g).text().contains("up"), mayFail.get(g), ts.group(g).text());
        }
    }

    /** unlock may find the lock not held; lock is declared may-fail so lockdep survives POR. */
    @Test
    void hardwareRulesOfTheX86ModelCannotFailButLockStatementsCount() throws SpecException {
        TransitionSystem ts = Specs.compile(Specs.repo("specs/mprotect/change_pte_range.ptm"), Map.of()).system();
        BitSet mayFail = ts.mayFail();
        assertFalse(mayFail.isEmpty());
        for (int g = 0; g < ts.groupCount(); g++) {
            String text = ts.group(g).text();
            assertEquals(text.startsWith("unlock") || text.startsWith("lock"), mayFail.get(g), text);
        }
    }

    @Test
    void kernelGuardsStartWithTheProgramCounterTest() throws SpecException {
        TransitionSystem ts = Specs.compile(Specs.repo("specs/mprotect/change_pte_range.ptm"), Map.of()).system();
        Guards guards = ts.guards();
        int kernel = -1;
        for (int g = 0; g < ts.groupCount() && kernel < 0; g++) {
            if (ts.group(g).text().startsWith("lock")) {
                kernel = g;
            }
        }
        assertTrue(kernel >= 0);
        BitSet first = guards.reads(kernel, 0);
        assertEquals(1, first.cardinality());
        assertTrue(ts.layout().slot(first.nextSetBit(0)).name().endsWith(".pc"));
        int[] initial = initial(ts);
        for (int i = 0; i < guards.conjuncts(kernel); i++) {
            assertTrue(guards.holds(kernel, i, initial), "lock ptl is enabled initially: conjunct " + i);
        }
    }

    @Test
    void atEndPropertiesAreOutOfScopeUntilTheKernelFinishes() throws SpecException {
        TransitionSystem ts = Specs.compile(Specs.repo("specs/mprotect/change_pte_range.ptm"), Map.of()).system();
        StateProperty p = ts.properties().stream().filter(x -> x.name().equals("dirty_not_lost")).findFirst().orElseThrow();
        assertEquals(StateProperty.Kind.AT_END, p.kind());
        assertFalse(p.inScope(initial(ts)));
        BitSet scope = p.scopeReads();
        for (int s = scope.nextSetBit(0); s >= 0; s = scope.nextSetBit(s + 1)) {
            assertTrue(ts.layout().slot(s).name().endsWith(".pc"), ts.layout().slot(s).name());
        }
    }

    @Test
    void theAtEndScopeAndTheTerminalTestHaveOnePartPerKernelProcess() throws SpecException {
        // S5 runs the cleaner and the writeback (and the x86 model's flush IPI handler on each
        // CPU, idle at the start): each part is "this process stands at its end, this handler is
        // idle", so partial-order reduction needs only one unfinished process to move.
        TransitionSystem ts = Specs.compile(Specs.repo("specs/apply_pt_clean/apply_pt_clean.ptm"), Map.of()).system();
        StateProperty p = ts.properties().stream().filter(x -> x.name().equals("write_not_lost")).findFirst().orElseThrow();
        int[] init = initial(ts);
        for (ptecheck.ts.Conjunction c : List.of(p.scopeConjunction(), ts.terminalConjunction())) {
            List<String> falseInitially = new java.util.ArrayList<>();
            for (int i = 0; i < c.size(); i++) {
                BitSet r = c.reads(i);
                assertEquals(1, r.cardinality());
                assertTrue(ts.layout().slot(r.nextSetBit(0)).name().endsWith(".pc"));
                if (!c.holds(i, init)) {
                    falseInitially.add(ts.layout().slot(r.nextSetBit(0)).name());
                }
            }
            assertEquals(List.of("cleaner.pc", "writeback.pc"), falseInitially);
            assertFalse(c.holds(init));
        }
        assertTrue(ts.expectsTermination());
    }

    private static int[] initial(TransitionSystem ts) {
        int[][] out = new int[1][];
        ts.initialStates((g, s) -> out[0] = s.clone());
        return out[0];
    }
}
