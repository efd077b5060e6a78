package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ptecheck.ts.Counterexample;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;
import ptecheck.ts.Variable;

/**
 * One tiny spec per language feature ({@code src/test/resources/features/}), each with a
 * comment that derives its state count by hand. The checker must agree exactly: distinct
 * states, breadth-first depth and verdict (and, for violations, the property and the length
 * of the shortest counterexample).
 */
class FeatureStateCountTest {

    // ------------------------------------------------------------------ concurrency primitives

    @Test
    void trylockTakesAFreeLockOrSaysNo() throws SpecException {
        assertPass("trylock", 14, 5);
    }

    @Test
    void readersShareAnRwsemAndTheWriterExcludesThem() throws SpecException {
        assertPass("rwsem", 22, 6);
    }

    @Test
    void anIpiIsTakenOnlyWithInterruptsEnabledAndFreezesTheTargetsKernelCode() throws SpecException {
        assertPass("ipi", 14, 6);
    }

    @Test
    void aGracePeriodWaitsOnlyForReadersInsideWhenItStarted() throws SpecException {
        assertPass(Specs.compile(Specs.resource("features/rcu.ptm"), Map.of(), false), "rcu", 20, 6);
    }

    @Test
    void locksOfAFamilyAreSeparateLocks() throws SpecException {
        assertPass("lock_family", 9, 4);
    }

    @Test
    void irqSaveAndRestoreNest() throws SpecException {
        assertPass("irq_save_restore", 5, 4);
    }

    @Test
    void anRcuCallbackRunsOnlyAfterTheReadersItWaitsForHaveLeft() throws SpecException {
        assertPass("call_rcu", 10, 4);
    }

    @Test
    void aProcessThatEndsInsideAnRcuSectionIsReported() throws SpecException {
        assertViolation("rcu_held_at_exit", "rcu_read_lock_held_at_exit", 2, 1, 1);
    }

    @Test
    void aLoopWhoseBodyHasNoStepsCostsNone() throws SpecException {
        assertPass("empty_loop", 2, 1);
    }

    @Test
    void aProcessThatEndsHoldingALockIsReported() throws SpecException {
        assertViolation("lock_held_at_exit", "lock_held_at_exit", 2, 1, 1);
    }

    @Test
    void aProcessThatEndsWithInterruptsOffIsReported() throws SpecException {
        assertViolation("irqs_off_at_exit", "irqs_off_at_exit", 2, 1, 1);
    }

    @Test
    void freeingAPageTwiceFailsTheSecondFree() throws SpecException {
        assertViolation("double_free", "double_free", 2, 1, 2);
    }

    @Test
    void readingAFreedPageIsAUseAfterFree() throws SpecException {
        assertViolation("use_after_free", "use_after_free", 2, 1, 2);
    }

    @Test
    void anUnbalancedRcuReadUnlockFails() throws SpecException {
        assertViolation("rcu_unbalanced", "rcu_unlock_unbalanced", 1, 0, 1);
    }

    // ------------------------------------------------------------------ globals and types

    @Test
    void scalarGlobalsReachEveryCombinationOfBoolRangeAndEnum() throws SpecException {
        assertPass("scalar_globals", 18, 5);
    }

    @Test
    void globalsStartAtTheirInitializerOrTheTypeMinimum() throws SpecException {
        Map<String, String> initial = initialValues(compile("scalar_globals", Map.of()).system());
        assertEquals("true", initial.get("b"));
        assertEquals("1", initial.get("n"));
        assertEquals("green", initial.get("c"));
        assertEquals("red", initial.get("lazy"));
        assertEquals("2", initial.get("low"));
    }

    @Test
    void recordOptionalAndArrayGlobalsCountCopiesTakenAtEachValue() throws SpecException {
        assertPass("compound_globals", 9, 3);
    }

    @Test
    void aScalarInitializerIsBroadcastOverEveryArrayElement() throws SpecException {
        Map<String, String> initial = initialValues(compile("compound_globals", Map.of()).system());
        assertEquals("{x, y: 0}", initial.get("r"));
        assertEquals("none", initial.get("o"));
        assertEquals("true", initial.get("a[0]"));
        assertEquals("true", initial.get("a[1]"));
        assertEquals("true", initial.get("a[2]"));
        assertEquals("{y: 1}", initial.get("ps[false]"));
        assertEquals("{y: 1}", initial.get("ps[true]"));
    }

    @Test
    void constsSizeTypesAndGuards() throws SpecException {
        assertPass("consts", 3, 2);
    }

    @Test
    void aDefineOverrideChangesTheCount() throws SpecException {
        assertPass("consts", Map.of("N", "4"), 5, 4);
        assertPass("consts", Map.of("UP", "false"), 1, 0);
    }

    @Test
    void theCompiledSpecReportsItsConfiguration() throws SpecException {
        CompiledSpec spec = compile("consts", Map.of("N", "4"));
        assertEquals(Map.of("N", "4", "UP", "true", "START", "0"), spec.config());
        assertEquals(List.of("N", "UP", "START"), new ArrayList<>(spec.config().keySet()));
    }

    @Test
    void ghostVariablesAreStateLikeAnyOther() throws SpecException {
        assertPass("ghost_vars", 9, 5);
    }

    // ------------------------------------------------------------------ agents

    @Test
    void anAgentParameterGivesOneInstancePerValueAndABinderOneGroupPerValue() throws SpecException {
        CompiledSpec spec = compile("agent_parameters", Map.of());
        assertEquals(4, spec.system().groupCount());
        List<String> actors = new ArrayList<>();
        for (int g = 0; g < spec.system().groupCount(); g++) {
            actors.add(spec.system().group(g).actor() + " " + spec.system().group(g).action());
        }
        assertEquals(List.of("walker[0] touch(p=0)", "walker[0] touch(p=1)", "walker[1] touch(p=0)",
                "walker[1] touch(p=1)"), actors);
        assertEquals(0, spec.cpuOf(1));
        assertEquals(1, spec.cpuOf(2));
        assertPass("agent_parameters", 16, 4);
    }

    @Test
    void aRuleWithTwoBindersHasOneGroupPerPair() throws SpecException {
        assertEquals(6, compile("rule_binders", Map.of()).system().groupCount());
        assertPass("rule_binders", 4, 2);
    }

    @Test
    void userRulesWaitUntilTheirCpuLeavesTheKernel() throws SpecException {
        assertPass("in_kernel", 8, 4);
    }

    // ------------------------------------------------------------------ kernel statements

    @Test
    void assignmentsAndInitializedVarsAreStepsButBareDeclarationsAreNot() throws SpecException {
        assertPass("kernel_assign_var", 5, 4);
    }

    @Test
    void anIfTestsItsConditionAsAStepOfItsOwn() throws SpecException {
        assertPass("kernel_if", 8, 3);
    }

    @Test
    void aBranchWhoseStatementsAllVanishCostsNoStepAfterTheTest() throws SpecException {
        assertPass("kernel_if_vanishing_branch", 8, 3);
    }

    @Test
    void aConstantIfIsChosenAtCompileTime() throws SpecException {
        assertPass("kernel_constant_if", 3, 2);
        assertPass("kernel_constant_if", Map.of("MODE", "slow"), 5, 4);
    }

    @Test
    void statementsThatVanishAtCompileTimeCostNoStep() throws SpecException {
        assertPass("empty_unrolled_statements", 3, 2);
    }

    @Test
    void forLoopsAreUnrolledWithoutAStepOfTheirOwn() throws SpecException {
        assertPass("kernel_for", 6, 5);
    }

    @Test
    void whileTestsItsConditionEveryIteration() throws SpecException {
        assertPass("kernel_while", 6, 5);
    }

    @Test
    void atomicIsOneStepGuardedByItsLeadingAwait() throws SpecException {
        assertPass("kernel_atomic_await", 5, 4);
    }

    @Test
    void temporariesOfAnAtomicStepNeverDistinguishStates() throws SpecException {
        assertPass("atomic_temporaries", 4, 2);
    }

    @Test
    void kernelLocalsPersistAcrossStepsWithoutDeadVariableReduction() throws SpecException {
        assertPass(Specs.compile(Specs.resource("features/locals_persist.ptm"), Map.of(), false), "locals_persist", 9, 4);
    }

    @Test
    void eitherChoosesABranchAsAStepOfItsOwn() throws SpecException {
        assertPass("kernel_either", 6, 2);
    }

    @Test
    void labelsCanBeTestedInInvariants() throws SpecException {
        assertPass("labels", 3, 2);
    }

    @Test
    void aProcessCanAwaitTheEndOfAProcessDeclaredAfterIt() throws SpecException {
        assertPass("labels_across_kernels", 4, 3);
    }

    @Test
    void aProcessCanAwaitTheEndOfAProcessDeclaredBeforeIt() throws SpecException {
        assertPass("labels_after_the_process", 4, 3);
    }

    @Test
    void aKernelParameterGivesOneProcessInstancePerValue() throws SpecException {
        assertPass("kernel_parameters", 6, 4);
    }

    @Test
    void procedureCallsAreInlinedWithRefParametersAndReturnValues() throws SpecException {
        assertPass("procedures", 7, 6);
    }

    @Test
    void aReturnInsideAnAtomicStepEndsTheStepAndTheProcedure() throws SpecException {
        assertPass("procedure_atomic_return", 6, 3);
    }

    @Test
    void twoProcessesContendingForASpinlockInterleaveOutsideTheCriticalSection() throws SpecException {
        assertPass("spinlocks", 12, 6);
    }

    // ------------------------------------------------------------------ properties

    @Test
    void anAbbaLockCycleIsADeadlock() throws SpecException {
        Counterexample cx = assertViolation("deadlock_abba", "deadlock", 6, 2, 2);
        assertEquals(StateProperty.Kind.DEADLOCK, cx.kind());
    }

    @Test
    void aLockCycleIsADeadlockEvenWhileHardwareCanStillMove() throws SpecException {
        assertViolation("deadlock_abba_with_hardware", "deadlock", 9, 2, 2);
    }

    @Test
    void retakingAHeldSpinlockIsADeadlock() throws SpecException {
        assertViolation("deadlock_relock", "deadlock", 3, 1, 1);
    }

    @Test
    void waitingForALockWhoseHolderHasFinishedIsADeadlock() throws SpecException {
        assertViolation("deadlock_finished_holder", "deadlock", 3, 1, 1);
    }

    @Test
    void aProcessThatCanNeverMoveAgainIsADeadlock() throws SpecException {
        Counterexample cx = assertViolation("deadlock_stuck", "deadlock", 1, 0, 0);
        assertEquals(StateProperty.Kind.DEADLOCK, cx.kind());
        assertEquals(1, cx.blocked().size());
        assertTrue(cx.blocked().get(0).startsWith("k (cpu 0) at "), cx.blocked().get(0));
        assertTrue(cx.blocked().get(0).endsWith("waits for its condition"), cx.blocked().get(0));
    }

    @Test
    void invariantsAreCheckedOnEveryState() throws SpecException {
        Counterexample cx = assertViolation("invariant_violation", "small", 3, 2, 2);
        assertEquals(StateProperty.Kind.INVARIANT, cx.kind());
        assertEquals("x < 2", cx.text());
    }

    @Test
    void atEndChecksOnlyStatesWhereEveryProcessHasFinished() throws SpecException {
        Counterexample cx = assertViolation("at_end_violation", "stays", 3, 2, 2);
        assertEquals(StateProperty.Kind.AT_END, cx.kind());
    }

    @Test
    void aFailingAssertIsAStepThatBreaksTheNamedProperty() throws SpecException {
        Counterexample cx = assertViolation("assert_violation", "big", 2, 1, 2);
        assertEquals(StateProperty.Kind.ASSERTION, cx.kind());
        assertEquals(1, cx.groups().size());
        assertTrue(cx.failingGroup() >= 0);
    }

    @Test
    void anUnnamedAssertIsReportedAsAssertion() throws SpecException {
        assertViolation("assert_unnamed", "assertion", 2, 1, 2);
    }

    // ------------------------------------------------------------------ runtime errors

    @Test
    void storingOutsideARangeIsOutOfRange() throws SpecException {
        Counterexample cx = assertViolation("error_out_of_range", "out_of_range", 1, 0, 1);
        assertEquals("value 2 is out of range 0..1 of x", cx.message());
    }

    @Test
    void indexingOutsideAnArrayIsIndexOutOfRange() throws SpecException {
        Counterexample cx = assertViolation("error_index_out_of_range", "index_out_of_range", 1, 0, 1);
        assertEquals("index 2 out of range 0..1 in a", cx.message());
    }

    @Test
    void readingThroughNoneIsNoneDereference() throws SpecException {
        Counterexample cx = assertViolation("error_none_dereference", "none_dereference", 5, 3, 3);
        assertEquals("o is none", cx.message());
    }

    @Test
    void writingThroughNoneIsNoneDereference() throws SpecException {
        assertViolation("error_none_write", "none_dereference", 1, 0, 1);
    }

    @Test
    void releasingALockNotHeldIsUnlockNotHeld() throws SpecException {
        Counterexample cx = assertViolation("error_unlock_not_held", "unlock_not_held", 4, 2, 2);
        assertEquals("unlock of l, which this process does not hold", cx.message());
    }

    @Test
    void dividingByZeroIsDivisionByZero() throws SpecException {
        Counterexample cx = assertViolation("error_division_by_zero", "division_by_zero", 1, 0, 1);
        assertEquals("division by zero", cx.message());
    }

    // ------------------------------------------------------------------ helpers

    private static final Pattern CHECKED = Pattern.compile(
            "(?m)^// checked: (pass|violation (\\w+)), (\\d+) states, depth (\\d+)$");

    /**
     * A feature spec may carry its hand-derived verdict, count and depth in a
     * {@code // checked:} line instead of a method here, so a new statement's test is one file.
     */
    @TestFactory
    Stream<DynamicTest> eachFeatureSpecWithACheckedLineHasThatCount() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Specs.resource("features"))) {
            files = list.filter(p -> p.toString().endsWith(".ptm")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Matcher m = CHECKED.matcher(Files.readString(f));
            if (!m.find()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                CompiledSpec spec = Specs.compile(f, Map.of());
                SearchResult r = Specs.check(spec);
                assertEquals(m.group(2) == null ? Outcome.PASS : Outcome.VIOLATION, r.outcome(), f.toString());
                if (m.group(2) != null) {
                    assertEquals(m.group(2), r.counterexample().property(), f + ": property");
                }
                assertEquals(Long.parseLong(m.group(3)), r.stats().distinct(), f + ": distinct states");
                assertEquals(Integer.parseInt(m.group(4)), r.stats().depth(), f + ": depth");
                assertNotNull(spec.expectation(), f + ": every feature spec states its expectation");
                assertEquals(m.group(2) == null, spec.expectation().pass(), f + ": expectation");
            }));
        }
        assertFalse(tests.isEmpty(), "no feature spec has a '// checked:' line");
        return tests.stream();
    }

    @Test
    void aLocalThatNoStepReadsAgainIsResetAndSplitsNoState() throws SpecException {
        // locals_persist with the reduction: t is never read, so every step that writes it resets
        // it: (x, pc) alone, 2 x 3 = 6 states; (1,end) is var, x = 0, set: depth 3.
        assertPass("locals_persist", 6, 3);
        // rcu: the reader's d is never read either: at UE, R2(T)/R2(F) and RE(T)/RE(F) merge.
        assertPass("rcu", 18, 6);
    }

    private static CompiledSpec compile(String feature, Map<String, String> overrides) throws SpecException {
        return Specs.compile(Specs.resource("features/" + feature + ".ptm"), overrides);
    }

    private static void assertPass(String feature, long distinct, int depth) throws SpecException {
        assertPass(feature, Map.of(), distinct, depth);
    }

    private static void assertPass(String feature, Map<String, String> overrides, long distinct, int depth)
            throws SpecException {
        assertPass(compile(feature, overrides), feature + " " + overrides, distinct, depth);
    }

    private static void assertPass(CompiledSpec spec, String what, long distinct, int depth) {
        SearchResult r = Specs.check(spec);
        assertEquals(Outcome.PASS, r.outcome(),
                () -> what + ": " + (r.counterexample() == null ? "" : r.counterexample().property()));
        assertEquals(distinct, r.stats().distinct(), what + ": distinct states");
        assertEquals(depth, r.stats().depth(), what + ": depth");
        assertNotNull(spec.expectation(), what + ": every feature spec states its expectation");
        assertTrue(spec.expectation().pass(), what + ": expectation");
    }

    private static Counterexample assertViolation(String feature, String property, long distinct, int depth,
                                                  int length) throws SpecException {
        CompiledSpec spec = compile(feature, Map.of());
        SearchResult r = Specs.check(spec);
        assertEquals(Outcome.VIOLATION, r.outcome(), feature);
        Counterexample cx = r.counterexample();
        assertEquals(property, cx.property(), feature + ": property");
        assertEquals(distinct, r.stats().distinct(), feature + ": distinct states");
        assertEquals(depth, r.stats().depth(), feature + ": depth");
        assertEquals(length, cx.length(), feature + ": counterexample length");
        assertNotNull(spec.expectation(), feature + ": every feature spec states its expectation");
        assertEquals(property, spec.expectation().property(), feature + ": expectation");
        return cx;
    }

    /** Each variable of the initial state, rendered as in traces. */
    private static Map<String, String> initialValues(TransitionSystem ts) {
        int[][] initial = new int[1][];
        ts.initialStates((g, s) -> initial[0] = s.clone());
        Map<String, String> out = new LinkedHashMap<>();
        for (Variable v : ts.layout().variables()) {
            out.put(v.name(), v.format(initial[0]));
        }
        return out;
    }
}
