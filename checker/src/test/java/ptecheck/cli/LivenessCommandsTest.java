package ptecheck.cli;

import static ptecheck.cli.Ran.ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.compile.CompiledSpec;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchStrategy;
import ptecheck.testutil.MiniJson;
import ptecheck.testutil.Specs;

/** Liveness on the command line: lassos in every format, replay, agreement, vacuity warnings, {@code --coverage}. */
class LivenessCommandsTest {
    private static final Path ROOT = Path.of(System.getProperty("ptecheck.root", ".."));
    private static final String LOCK = ROOT.resolve("specs/liveness/lock_fairness.ptm").toString();

    @TempDir
    Path dir;

    private static final String SPIN = """
            spec spin

            var x: 0..1 = 0
            var done: bool = false

            agent noise {
                rule flip {
                    x = 1 - x
                }
            }

            kernel k on cpu 0 {
                done = true
            }

            liveness finishes: eventually done
            """;

    @Test
    void aTestAndSetLockStarvesTheWaiterAndTheTextTraceMarksTheCycle() {
        Ran r = ptecheck("check", LOCK, "-D", "LOCK=test_and_set");
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Violation found: waiter_gets_lock (lasso counterexample"), r.out());
        int start = r.out().indexOf("START OF CYCLE");
        int back = r.out().indexOf("Back to the initial state: steps 1-2 repeat forever");
        assertTrue(start > 0 && back > start, r.out());
        assertTrue(r.out().contains("Violation: liveness waiter_gets_lock"), r.out());
        assertTrue(r.out().contains("partial-order reduction off"), "the liveness check runs without it: " + r.out());
        assertEquals(ExitCode.OK, ptecheck("check", LOCK, "-D", "LOCK=ticket").exit());
    }

    @Test
    void theKernelDiagramAndHtmlMarkTheCycleToo() {
        Ran kernel = ptecheck("check", LOCK, "-D", "LOCK=test_and_set", "--trace-format", "kernel");
        assertTrue(kernel.out().contains("--- START OF CYCLE (repeats forever) ---"), kernel.out());
        assertTrue(kernel.out().contains("--- Back to the initial state"), kernel.out());
        Ran html = ptecheck("check", LOCK, "-D", "LOCK=test_and_set", "--trace-format", "html");
        assertTrue(html.out().contains("class=\"fold cycle\""), html.out());
        assertTrue(html.out().contains("START OF CYCLE"), html.out());
    }

    @Test
    void anItfLassoHasALoopIndexAndReplaysOnlyWhereItIsFair() throws Exception {
        Path spec = dir.resolve("spin.ptm");
        Files.writeString(spec, SPIN);
        Path trace = dir.resolve("spin.itf.json");
        Ran r = ptecheck("check", spec.toString(), "--trace-format", "json", "--trace-file", trace.toString());
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out() + r.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> itf = (Map<String, Object>) MiniJson.parse(Files.readString(trace));
        // states 0, 1, 2 with state 2 = state 0: state 2 is followed by state 1
        assertEquals(3, ((List<?>) itf.get("states")).size());
        assertEquals(1, ((Number) itf.get("loop")).intValue());
        Ran confirmed = ptecheck("replay", trace.toString(), spec.toString());
        assertEquals(ExitCode.VIOLATION, confirmed.exit(), confirmed.out() + confirmed.err());
        assertTrue(confirmed.out().contains("the run is fair"), confirmed.out());
        // The same spec with k declared fair: the cycle never runs k, so it is not a fair run.
        Path fair = dir.resolve("fair").resolve("spin.ptm");
        Files.createDirectories(fair.getParent());
        Files.writeString(fair, SPIN + "fair k\n");
        Ran unfair = ptecheck("replay", trace.toString(), fair.toString());
        assertEquals(ExitCode.OK, unfair.exit(), unfair.out() + unfair.err());
        assertTrue(unfair.out().contains("not fair: weak fair k is enabled throughout the cycle but never taken"),
                unfair.out());
        // A loop index that does not close the cycle is rejected.
        String tampered = Files.readString(trace).replace("\"loop\": 1", "\"loop\": 2");
        Path bad = dir.resolve("bad.itf.json");
        Files.writeString(bad, tampered);
        Ran rejected = ptecheck("replay", bad.toString(), spec.toString());
        assertEquals(ExitCode.ERROR, rejected.exit(), rejected.out() + rejected.err());
        assertTrue(rejected.out().contains("the cycle does not close"), rejected.out());
    }

    @Test
    void continueReportsEachViolatedLivenessPropertyWithItsLasso() throws Exception {
        Path spec = dir.resolve("two.ptm");
        Files.writeString(spec, SPIN + "liveness answered: x == 1 leads_to done\n");
        Ran r = ptecheck("check", spec.toString(), "--continue");
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Violated: finishes, answered (--continue: 3 searches)"), r.out());
        assertTrue(r.out().contains("the left side holds after step 1"), r.out());
    }

    @Test
    void livenessVerdictsAndGraphsAgreeWhateverTheSearchAndItsReductions() throws Exception {
        List<Path> specs = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("specs/liveness"))) {
            files.filter(f -> f.toString().endsWith(".ptm")).sorted().forEach(specs::add);
        }
        for (Path file : specs) {
            for (Map<String, String> config : ptecheck.compile.Expectations.configurations(
                    Specs.load(file).all(), Specs.load(file).spec(), Map.of())) {
                CompiledSpec spec = Specs.compile(file, config);
                SpecRunner.Run reference = null;
                for (SearchStrategy strategy : new SearchStrategy[] {SearchStrategy.BFS, SearchStrategy.DFS}) {
                    for (boolean reductions : new boolean[] {true, false}) {
                        for (int workers : new int[] {1, 2}) {
                            SearchOptions o = SearchOptions.defaults().withStrategy(strategy).withPartialOrder(reductions)
                                    .withSymmetry(reductions).withWorkers(workers);
                            SpecRunner.Run run = SpecRunner.search(file, spec, o);
                            String what = file.getFileName() + " " + config + " " + strategy + " reductions=" + reductions
                                    + " x" + workers;
                            assertTrue(run.liveness() != null, what + ": the liveness check ran");
                            if (reference == null) {
                                reference = run;
                                continue;
                            }
                            assertEquals(reference.result().outcome(), run.result().outcome(), what);
                            assertEquals(reference.liveness().result().stats().distinct(),
                                    run.liveness().result().stats().distinct(), what + ": states");
                            assertEquals(reference.liveness().edges(), run.liveness().edges(), what + ": edges");
                            if (run.result().outcome() == Outcome.VIOLATION) {
                                assertEquals(reference.result().counterexample().property(),
                                        run.result().counterexample().property(), what);
                                assertEquals(reference.result().counterexample().groups(),
                                        run.result().counterexample().groups(), what + ": the same lasso");
                            }
                        }
                    }
                }
            }
        }
    }

    private static final String VACUOUS = """
            spec vacuous

            var x: 0..3 = 0
            var y: bool = false

            kernel k on cpu 0 {
                x = 1
            }

            agent a {
                rule set_y when x == 3 {
                    y = true
                }
                rule tick when x == 1 {
                    x = 2
                }
            }

            invariant ok: x == 3 implies y
            invariant busy: x == 1 implies not y
            at end done: x >= 1
            """;

    @Test
    void aPropertyThatHoldsVacuouslyIsAWarningInEveryPassingRun() throws Exception {
        Path spec = dir.resolve("vacuous.ptm");
        Files.writeString(spec, VACUOUS);
        Ran r = ptecheck("check", spec.toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Warning: ok holds vacuously: the left side of its 'implies', x == 3, is never true"),
                r.out());
        assertFalse(r.out().contains("busy holds vacuously"), "x == 1 is reached: " + r.out());
        assertFalse(r.out().contains("at end done was never checked"), "k finishes: " + r.out());
        Files.writeString(spec, VACUOUS.replace("rule tick when x == 1", "rule tick when x == 7")
                .replace("var x: 0..3 = 0", "var x: 0..7 = 0").replace("kernel k on cpu 0 {\n    x = 1\n}",
                        "kernel k on cpu 0 {\n    x = 1\n    await y\n}"));
        // k never finishes: without the deadlock and progress checks, the run passes, and says
        // that the at-end check was never checked.
        Ran never = ptecheck("check", spec.toString(), "--no-deadlock");
        assertEquals(ExitCode.OK, never.exit(), never.out() + never.err());
        assertTrue(never.out().contains("Warning: at end done was never checked"), never.out());
    }

    @Test
    void testPrintsTheWarningsUnderThePassingRun() throws Exception {
        Path spec = dir.resolve("vacuous.ptm");
        Files.writeString(spec, VACUOUS + "expect pass\n");
        Ran test = ptecheck("test", spec.toString());
        assertEquals(ExitCode.OK, test.exit(), test.out() + test.err());
        assertTrue(test.out().contains("\n     warning: ok holds vacuously"), test.out());
    }

    @Test
    void coverageListsTheRulesThatNeverFiredFirst() throws Exception {
        Path spec = dir.resolve("vacuous.ptm");
        Files.writeString(spec, VACUOUS);
        Ran r = ptecheck("check", spec.toString(), "--coverage");
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        int never = r.out().indexOf("Never fired (1 of 3 rule instances and kernel steps):");
        int setY = r.out().indexOf("a set_y");
        int fired = r.out().indexOf("Fired (edges of the graph):");
        int tick = r.out().indexOf("1  a tick");
        assertTrue(never > 0 && setY > never && fired > setY && tick > fired, r.out());
        assertTrue(r.out().contains("Coverage: the full state graph, without reductions (3 states, 2 edges)"), r.out());
    }
}
