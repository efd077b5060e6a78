package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;
import ptecheck.ts.Counterexample;
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
    void aVariableHoldingACpuIsRenamedWithTheCpusSoAnArrayIndexedByItStaysSymmetric() throws SpecException {
        CompiledSpec spec = Specs.compile(Specs.resource("features/symmetry_values.ptm"), Map.of());
        TransitionSystem ts = spec.system();
        assertEquals(1, ts.symmetries().size(), String.valueOf(spec.symmetryRefusal()));
        Symmetry cpu = ts.symmetries().get(0);
        assertEquals("CPU", cpu.name());
        assertArrayEquals(new int[] {1, 2, 3}, cpu.values(), "CPU 0 runs the server: left out, so 0 (nobody) stays");
        assertEquals(List.of("owner"), java.util.Arrays.stream(cpu.valueSlots()).mapToObj(s -> ts.layout().slot(s).name())
                .toList());
        assertEquals(20, distinct(ts, false));
        assertEquals(7, distinct(ts, true));
    }

    @Test
    void aRecordFieldAndALocalDeclaredOfTheCpuTypeAreRenamedToo() throws SpecException {
        TransitionSystem ts = system("symmetry_record_local");
        assertEquals(List.of("CPU"), ts.symmetries().stream().map(Symmetry::name).toList());
        assertEquals(20, distinct(ts, false));
        assertEquals(7, distinct(ts, true));
    }

    @Test
    void anIndexReadFromTheStateWithinOneCpusRowMovesWithTheRow() throws SpecException {
        TransitionSystem ts = system("symmetry_row_index");
        assertEquals(List.of("CPU"), ts.symmetries().stream().map(Symmetry::name).toList());
        assertEquals(3, ts.symmetries().get(0).size());
        assertEquals(27, distinct(ts, false));
        assertEquals(10, distinct(ts, true));
    }

    @Test
    void anOptionalCpuIsRenamedWhenItsNoneDoesNotNameAnInterchangeableCpu(@TempDir Path dir)
            throws SpecException, IOException {
        TransitionSystem ts = system("symmetry_optional_owner");
        assertEquals(1, ts.symmetries().size());
        assertEquals(40, distinct(ts, false));
        assertEquals(14, distinct(ts, true));
        // The same spec with the kernel on CPU 1: CPU 0 is interchangeable, and none, stored as 0,
        // would be renamed into a CPU. Not declared.
        Path moved = Files.writeString(dir.resolve("symmetry_optional_owner_cpu1.ptm"), Files.readString(
                Specs.resource("features/symmetry_optional_owner.ptm")).replace("kernel k on cpu 0 {\n    done[0]",
                "kernel k on cpu 1 {\n    done[1]"));
        CompiledSpec spec = Specs.compile(moved, Map.of());
        assertTrue(spec.system().symmetries().isEmpty(), spec.system().symmetries().toString());
        assertEquals("CPU 0 and 2 are told apart by the initial value of owner", spec.symmetryRefusal());
    }

    @Test
    void aCpuValueUsedAsANumberRefusesTheSymmetryAndSaysWhere() throws SpecException {
        CompiledSpec spec = Specs.compile(Specs.resource("features/symmetry_values_as_numbers.ptm"), Map.of());
        assertTrue(spec.system().symmetries().isEmpty(), spec.system().symmetries().toString());
        assertTrue(spec.symmetryRefusal().startsWith("the CPU value of owner is used as a number at "),
                spec.symmetryRefusal());
        assertTrue(spec.symmetryRefusal().endsWith("symmetry_values_as_numbers.ptm:26 (server)"), spec.symmetryRefusal());
        assertEquals(28, distinct(spec.system(), false));
        assertEquals(28, distinct(spec.system(), true));
    }

    @Test
    void aRefusedCpuSymmetryNamesTheRuleThatTellsTwoCpusApart() throws SpecException {
        CompiledSpec spec = Specs.compile(Specs.resource("features/symmetry_broken.ptm"), Map.of());
        assertTrue(spec.symmetryRefusal().startsWith("CPU 0 and 1 are told apart by cpu[0].clear at "),
                spec.symmetryRefusal());
    }

    @Test
    void withRenamedValuesTheVerdictAndAReplayableCounterexampleAreTheSameAsWithout() throws SpecException {
        TransitionSystem ts = Specs.compile(Specs.resource("features/symmetry_values_violation.ptm"), Map.of()).system();
        assertEquals(1, ts.symmetries().size());
        for (boolean symmetry : new boolean[] {false, true}) {
            for (boolean por : new boolean[] {false, true}) {
                SearchResult r = new BfsSearch(ts, SearchOptions.defaults().withSymmetry(symmetry).withPartialOrder(por))
                        .run();
                String what = "symmetry " + symmetry + ", por " + por;
                assertEquals(ptecheck.explore.Outcome.VIOLATION, r.outcome(), what);
                Counterexample cx = r.counterexample();
                assertEquals("someone_waits", cx.property(), what);
                assertEquals(6, cx.length(), what);
                if (!por) {
                    assertEquals(symmetry ? 7 : 20, r.stats().distinct(), what);
                }
                assertReplays(ts, cx, what);
            }
        }
    }

    /** Each step of {@code cx} is a successor its group really has, from an initial state, to a violating state. */
    private static void assertReplays(TransitionSystem ts, Counterexample cx, String what) {
        int[] init = initial(ts);
        assertArrayEquals(init, cx.states().get(0), what + ": starts in the initial state");
        ptecheck.ts.Stepper stepper = ts.stepper();
        for (int i = 0; i < cx.groups().size(); i++) {
            int[] next = cx.states().get(i + 1);
            boolean[] found = {false};
            stepper.next(cx.groups().get(i), cx.states().get(i), (g, succ) -> found[0] |= java.util.Arrays.equals(succ, next));
            assertTrue(found[0], what + ": step " + (i + 1) + " is not a successor of its group");
        }
        StateProperty p = ts.properties().stream().filter(x -> x.name().equals(cx.property())).findFirst().orElseThrow();
        assertFalse(p.holds(cx.last()), what + ": the last state violates " + cx.property());
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
