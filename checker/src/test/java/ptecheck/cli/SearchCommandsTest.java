package ptecheck.cli;

import static ptecheck.cli.Ran.ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.testutil.MiniJson;

/** {@code --search dfs}, {@code --swarm}, {@code --continue}, {@code simulate}, and bitstate runs that claim nothing. */
class SearchCommandsTest {
    private static final Path ROOT = Path.of(System.getProperty("ptecheck.root", ".."));
    private static final String WALK = ROOT.resolve("specs/ppc_lockless_walk/hash_page_walk.ptm").toString();
    private static final String NOTIFIER = ROOT.resolve("specs/mprotect/mprotect_notifier.ptm").toString();

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Ran r) {
        return (Map<String, Object>) MiniJson.parse(r.out());
    }

    @Test
    void aTinyBitstateArrayThatMissesTheViolationEndsIncompleteWithoutACoverageFigure() {
        Ran r = ptecheck("check", WALK, "-D", "VARIANT=collapse_no_kick", "--store", "bitstate", "--bitstate-bits", "6",
                "--quiet");
        assertEquals(ExitCode.INCOMPLETE, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("No violation"), r.out());
        assertFalse(r.out().contains("%"), "no coverage percentage: " + r.out());
        assertTrue(r.out().contains("coverage unknown"), r.out());
        Map<String, Object> j = json(ptecheck("check", WALK, "-D", "VARIANT=collapse_no_kick", "--store", "bitstate",
                "--bitstate-bits", "6", "--quiet", "--json"));
        assertEquals("incomplete", j.get("outcome"));
        assertEquals("bitstate", j.get("stopped_by"));
        assertEquals("unknown", j.get("coverage"));
        assertTrue(((Number) j.get("miss_probability_at_least")).doubleValue() > 0.99, j.toString());
        // The exact store finds what the bitstate run missed.
        assertEquals(ExitCode.VIOLATION, ptecheck("check", WALK, "-D", "VARIANT=collapse_no_kick", "--quiet").exit());
    }

    @Test
    void testWithABitstateStoreNeverPassesAsExpected() {
        Ran r = ptecheck("test", ROOT.resolve("specs/mprotect/change_pte_range.ptm").toString(), "--store", "bitstate",
                "--bitstate-bits", "20", "--quiet");
        assertEquals(ExitCode.INCOMPLETE, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("pass as expected"), r.out());
    }

    @Test
    void theCountsOfAViolatingRunDoNotDependOnTheWorkers() {
        Map<String, Object> one = json(ptecheck("check", NOTIFIER, "-D", "VARIANT=no_notifier", "--workers", "1",
                "--quiet", "--json"));
        assertEquals("violation", one.get("outcome"));
        for (int i = 0; i < 4; i++) {
            Map<String, Object> two = json(ptecheck("check", NOTIFIER, "-D", "VARIANT=no_notifier", "--workers", "2",
                    "--quiet", "--json"));
            assertEquals(one.get("generated_states"), two.get("generated_states"), "run " + i);
            assertEquals(one.get("distinct_states"), two.get("distinct_states"), "run " + i);
        }
    }

    @Test
    void depthFirstFindsTheViolationAndSaysItsTraceIsNotNecessarilyShortest() {
        Ran r = ptecheck("check", WALK, "-D", "VARIANT=collapse_no_kick", "--search", "dfs", "--quiet");
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Violation found: subpage_mapped_during_copy (counterexample, not necessarily "
                + "shortest"), r.out());
        assertTrue(r.out().contains("Search: depth-first"), r.out());
        assertTrue(r.out().contains("partial-order reduction off (its provisos need breadth-first levels; a dfs search"), r.out());
        assertTrue(r.out().contains("--search dfs"), r.out());
        assertEquals(ExitCode.OK, ptecheck("check", WALK, "--search", "dfs", "--quiet").exit());
        assertEquals(ExitCode.ERROR, ptecheck("check", WALK, "--search", "sideways").exit());
    }

    @Test
    void aSwarmThatFindsNothingIsIncompleteAndListsItsMembers() {
        Ran r = ptecheck("check", WALK, "--swarm", "3", "--quiet");
        assertEquals(ExitCode.INCOMPLETE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Incomplete: the swarm of bitstate searches found no violation"), r.out());
        Matcher m = Pattern.compile("Swarm: 3 of 3 members ran; states each stored: [0-9,]+, [0-9,]+, [0-9,]+")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        Ran found = ptecheck("check", WALK, "-D", "VARIANT=collapse_no_kick", "--swarm", "3", "--quiet");
        assertEquals(ExitCode.VIOLATION, found.exit(), found.out());
        assertEquals(ExitCode.ERROR, ptecheck("check", WALK, "--swarm", "2", "--store", "fingerprint").exit());
    }

    @Test
    void continueReportsEveryViolatedPropertyWithItsShortestTrace() throws Exception {
        Path spec = Files.writeString(dir.resolve("two.ptm"), """
                spec two

                var x: bool = false
                var y: bool = false

                agent setter on cpu 0 {
                    rule set_x when not x {
                        x = true
                    }
                    rule set_y when x and not y {
                        y = true
                    }
                }

                invariant not_x: not x
                invariant not_y: not y
                """);
        Ran first = ptecheck("check", spec.toString(), "--no-deadlock", "--quiet");
        assertTrue(first.out().contains("Violation found: not_x"), first.out());
        assertFalse(first.out().contains("not_y"), first.out());
        Ran r = ptecheck("check", spec.toString(), "--no-deadlock", "--quiet", "--continue");
        assertEquals(ExitCode.VIOLATION, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Violation found: not_x (shortest counterexample, 1 step)"), r.out());
        assertTrue(r.out().contains("Violation found: not_y (shortest counterexample, 2 steps)"), r.out());
        assertTrue(r.out().contains("No other violation: all interleavings explored"), r.out());
        assertTrue(r.out().contains("Violated: not_x, not_y (--continue: 3 searches)"), r.out());
    }

    @Test
    void simulationRepeatsItselfFromItsSeedAndNeverClaimsAPass() {
        String[] args = {"simulate", NOTIFIER, "-D", "VARIANT=no_notifier", "--seed", "5", "--runs", "200"};
        Ran a = ptecheck(args);
        Ran b = ptecheck(args);
        assertEquals(ExitCode.VIOLATION, a.exit(), a.out() + a.err());
        assertTrue(a.out().contains("Violation found: write_protected (random walk"), a.out());
        String trace = a.out().replaceAll("[0-9.]+ s", "");
        assertEquals(trace, b.out().replaceAll("[0-9.]+ s", ""));
        assertTrue(a.out().contains("--seed 5"), a.out());
        Ran clean = ptecheck("simulate", NOTIFIER, "--seed", "5", "--runs", "20", "--depth", "30");
        assertEquals(ExitCode.INCOMPLETE, clean.exit(), clean.out() + clean.err());
        assertTrue(clean.out().contains("Incomplete: 20 random walks of up to 30 steps found no violation"), clean.out());
        assertFalse(clean.out().contains("No violation"), clean.out());
        Map<String, Object> j = json(ptecheck("simulate", NOTIFIER, "--seed", "5", "--runs", "20", "--json"));
        assertEquals("incomplete", j.get("outcome"));
    }
}
