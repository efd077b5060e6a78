package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.compile.CompiledSpec;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.MiniJson;
import ptecheck.testutil.Specs;

/**
 * The command line end to end, through {@link Main#run}: exit codes, what is printed where,
 * and that no input, however broken, ever produces a stack trace.
 */
class MainTest {
    private static final String SPEC = Specs.repo("specs/mprotect/change_pte_range.ptm").toString();
    private static final Pattern DISTINCT = Pattern.compile("\\(([\\d,]+) distinct states");

    @TempDir
    Path tmp;

    /** What one invocation returned and printed. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Runs the command line and checks, for every invocation, that nothing leaks a stack trace. */
    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        Result r = new Result(code, out.toString(), err.toString());
        for (String text : List.of(r.out(), r.err())) {
            assertFalse(text.contains("Exception"), () -> "'Exception' in the output of " + List.of(args) + ":\n" + text);
            assertFalse(text.contains("\tat "), () -> "a stack trace in the output of " + List.of(args) + ":\n" + text);
            assertFalse(text.contains("internal error"), () -> "an internal error for " + List.of(args) + ":\n" + text);
        }
        return r;
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    // ------------------------------------------------------------------ check

    @Test
    void naiveReadModifyWriteLosesDirtyBit() {
        Result r = run("check", "-D", "IMPL=naive", SPEC);
        assertEquals(ExitCode.VIOLATION, r.code(), r.all());
        assertTrue(r.out().contains("Violation found: dirty_not_lost"), r.out());
        assertTrue(r.out().contains("IMPL=naive"), r.out());

        List<Step> steps = steps(r.out());
        int read = indexOf(steps, s -> s.actor().equals("mprotect") && s.statement().equals("var old = pt[p]"));
        int write = indexOf(steps, s -> s.actor().equals("mprotect")
                && s.statement().equals("pt[p] = old with { write: false }"));
        int dirty = indexOf(steps, s -> s.actor().startsWith("mmu[1]") && s.setsDirty());
        assertTrue(read >= 0 && dirty >= 0 && write >= 0, () -> "missing steps in:\n" + r.out());
        assertTrue(read < dirty && dirty < write,
                "expected the kernel's read, then mmu[1] setting dirty, then the kernel's write; got steps "
                        + read + ", " + dirty + ", " + write + " in:\n" + r.out());
        assertTrue(steps.get(write).changes().stream().anyMatch(c -> c.startsWith("pt[0]:") && !c.endsWith("dirty")),
                "the write drops dirty: " + steps.get(write));
    }

    @Test
    void getAndClearAndModifyProtKeepTheDirtyBit() throws SpecException {
        for (String impl : List.of("get_and_clear", "modify_prot")) {
            Result r = run("check", "-D", "IMPL=" + impl, SPEC);
            assertEquals(ExitCode.OK, r.code(), r.all());
            assertTrue(r.out().contains("No violation: all interleavings explored"), r.out());
            Matcher m = DISTINCT.matcher(r.out());
            assertTrue(m.find(), r.out());
            long printed = Long.parseLong(m.group(1).replace(",", ""));
            CompiledSpec spec = Specs.compile(Path.of(SPEC), Map.of("IMPL", impl));
            // The command line's defaults: both reductions asked for (they apply where sound).
            SearchResult direct = new ptecheck.explore.BfsSearch(spec.system(),
                    ptecheck.explore.SearchOptions.defaults().withPartialOrder(true).withSymmetry(true)).run();
            assertEquals(direct.stats().distinct(), printed, impl + ": the printed count is the search's");
            assertTrue(r.err().isEmpty(), r.err());
        }
    }

    @Test
    void aSpecWithATypeErrorExitsTwoAndShowsWhere() throws IOException {
        Path bad = write("bad.ptm", "spec bad\nvar x: 0..3\nkernel k on cpu 0 {\n    x = true\n}\n");
        Result r = run("check", bad.toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.out().isEmpty(), r.out());
        assertTrue(r.err().contains(bad + ":4:9: error: type mismatch: expected 0..3, found bool"), r.err());
        assertTrue(r.err().contains("    4 |     x = true\n      |         ^\n"), r.err());
    }

    @Test
    void jsonSummarisesAViolationWithItsTrace() {
        Result r = run("check", "--json", "-D", "IMPL=naive", SPEC);
        assertEquals(ExitCode.VIOLATION, r.code());
        Map<String, Object> m = MiniJson.object(MiniJson.parse(r.out().strip()));
        assertEquals(SPEC, m.get("file"));
        assertEquals("change_pte_range", m.get("spec"));
        assertEquals("naive", MiniJson.object(m.get("config")).get("IMPL"));
        assertEquals("violation", m.get("outcome"));
        assertTrue((Long) m.get("distinct_states") > 0);
        assertTrue((Long) m.get("generated_states") >= (Long) m.get("distinct_states"));
        Map<String, Object> v = MiniJson.object(m.get("violation"));
        assertEquals("dirty_not_lost", v.get("property"));
        assertEquals("at_end", v.get("kind"));
        List<?> steps = MiniJson.array(v.get("steps"));
        assertEquals(((Long) m.get("depth")).intValue(), steps.size(), "the shortest trace reaches the deepest level");
        Map<String, Object> first = MiniJson.object(steps.get(0));
        assertEquals(1L, first.get("step"));
        assertEquals("mprotect", first.get("actor"));
        assertEquals(0L, first.get("cpu"));
        assertEquals("lock ptl", first.get("statement"));
        Map<String, Object> change = MiniJson.object(MiniJson.array(first.get("changes")).get(0));
        assertEquals("ptl", change.get("variable"));
        assertEquals("free", change.get("before"));
    }

    @Test
    void jsonSummarisesAPassAndAnError() throws IOException {
        Map<String, Object> pass = MiniJson.object(MiniJson.parse(run("check", "--json", SPEC).out().strip()));
        assertEquals("pass", pass.get("outcome"));
        assertFalse(pass.containsKey("violation"));

        Path bad = write("bad.ptm", "spec bad\nvar x: 0..3 = 9\n");
        Result r = run("check", "--json", bad.toString());
        assertEquals(ExitCode.ERROR, r.code());
        Map<String, Object> err = MiniJson.object(MiniJson.parse(r.out().strip()));
        assertEquals("error", err.get("outcome"));
        Map<String, Object> error = MiniJson.object(MiniJson.array(err.get("errors")).get(0));
        assertEquals(bad.toString(), error.get("file"));
        assertEquals(2L, error.get("line"));
        assertEquals(15L, error.get("col"));
        assertEquals("value 9 is out of range 0..3", error.get("message"));
        assertTrue(error.containsKey("hint"));
    }

    @Test
    void jsonForSeveralFilesIsAnArray() throws IOException {
        Path ok = write("ok.ptm", "spec ok\nvar x: bool\n");
        Result r = run("check", "--json", ok.toString(), SPEC);
        List<?> results = MiniJson.array(MiniJson.parse(r.out().strip()));
        assertEquals(2, results.size());
        assertEquals("ok", MiniJson.object(results.get(0)).get("spec"));
    }

    @Test
    void aStateBoundStopsTheSearchAsIncomplete() {
        Result r = run("check", "--max-states", "5", SPEC);
        assertEquals(ExitCode.INCOMPLETE, r.code(), r.all());
        assertTrue(r.out().contains("Incomplete: stopped at the --max-states bound of 5 distinct states"), r.out());
        assertTrue(r.out().contains("(5 distinct states"), r.out());
    }

    @Test
    void deadlockCheckingCanBeTurnedOff() throws IOException {
        Path stuck = write("stuck.ptm", "spec stuck\nvar go: bool\nkernel k on cpu 0 {\n    await go\n}\n");
        Result on = run("check", stuck.toString());
        assertEquals(ExitCode.VIOLATION, on.code());
        assertTrue(on.out().contains("Violation found: deadlock"), on.out());
        assertTrue(on.out().contains("Blocked:\n  k (cpu 0) at "), on.out());
        assertEquals(ExitCode.OK, run("check", "--no-deadlock", stuck.toString()).code());
    }

    @Test
    void theExitCodeOfSeveralFilesIsTheWorst() throws IOException {
        String ok = write("ok.ptm", "spec ok\nvar x: bool\n").toString();
        String bad = write("bad.ptm", "spec bad\nvar x: nosuch\n").toString();
        String violation = Specs.resource("features/invariant_violation.ptm").toString();
        assertEquals(ExitCode.OK, run("check", ok).code());
        assertEquals(ExitCode.VIOLATION, run("check", ok, violation).code());
        assertEquals(ExitCode.ERROR, run("check", violation, bad).code());
        assertEquals(ExitCode.INCOMPLETE, run("check", "--max-states", "5", SPEC, ok).code());
        assertEquals(ExitCode.VIOLATION, run("check", "--max-states", "5", SPEC, violation).code());
        assertEquals(ExitCode.ERROR, run("check", "--max-states", "5", SPEC, bad).code());
    }

    // ------------------------------------------------------------------ test

    @Test
    void theSpecSuitePasses() {
        Result r = run("test", Specs.repo("specs").toString());
        assertEquals(ExitCode.OK, r.code(), r.all());
        String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        Matcher m = Pattern.compile("(\\d+) passed, 0 failed$").matcher(last);
        assertTrue(m.find(), "last line: " + last);
        long ok = r.out().lines().filter(l -> l.startsWith("ok ")).count();
        assertEquals(Long.parseLong(m.group(1)), ok);
        assertTrue(ok >= 3, r.out());
        assertTrue(r.out().contains("[IMPL=naive]: violation dirty_not_lost as expected"), r.out());
    }

    @Test
    void anUnmetExpectationFailsTheSuite() throws IOException {
        write("wrong.ptm", "spec wrong\nvar x: 0..1\nkernel k on cpu 0 {\n    x = 1\n}\n"
                + "invariant zero: x == 0\nexpect pass\n");
        Result r = run("test", tmp.toString());
        assertEquals(ExitCode.VIOLATION, r.code(), r.all());
        assertTrue(r.out().contains("FAIL "), r.out());
        assertTrue(r.out().contains("expected pass, got violation zero"), r.out());
        assertTrue(r.out().strip().endsWith("0 passed, 1 failed"), r.out());
    }

    @Test
    void testRunsEveryConfigurationTheWhenClausesName() throws IOException {
        write("modes.ptm", """
                spec modes
                enum Mode { a, b, c }
                const MODE: Mode = a
                const FAST: bool = true
                var x: 0..1
                kernel k on cpu 0 {
                    if MODE == b and FAST { x = 1 }
                }
                invariant zero: x == 0
                expect violation zero when MODE == b and FAST
                expect pass otherwise
                """);
        Result r = run("test", tmp.toString());
        assertEquals(ExitCode.OK, r.code(), r.all());
        assertTrue(r.out().strip().endsWith("6 passed, 0 failed"), r.out());
        assertTrue(r.out().contains("[MODE=b, FAST=true]: violation zero as expected"), r.out());
        assertTrue(r.out().contains("[MODE=b, FAST=false]: pass as expected"), r.out());
    }

    @Test
    void testSkipsModelLibrariesInFolders() {
        Result r = run("test", Specs.repo("models").toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().startsWith("ptecheck: no spec files found in "), r.err());
    }

    // ------------------------------------------------------------------ options and usage

    @Test
    void versionAndHelpExitZero() {
        Result version = run("--version");
        assertEquals(ExitCode.OK, version.code());
        assertTrue(version.out().startsWith("ptecheck "), version.out());

        Result help = run("--help");
        assertEquals(ExitCode.OK, help.code());
        assertTrue(help.out().contains("Usage: ptecheck"), help.out());
        assertTrue(help.out().contains("check") && help.out().contains("test"), help.out());

        for (String[] args : List.of(new String[] {"help", "check"}, new String[] {"help", "test"}, new String[0])) {
            Result r = run(args);
            assertEquals(ExitCode.OK, r.code(), List.of(args).toString());
            assertTrue(r.out().contains("Usage: ptecheck"), r.out());
        }
    }

    @Test
    void subcommandHelpExitsZero() {
        for (String command : List.of("check", "test")) {
            Result r = run(command, "--help");
            assertEquals(ExitCode.OK, r.code(), r.all());
            assertTrue(r.out().contains("Usage: ptecheck " + command), r.out());
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"check", "--bogus", SPEC},
                new String[] {"check"}, new String[] {"frobnicate"}, new String[] {"check", "--max-states", "many", SPEC})) {
            Result r = run(args);
            assertEquals(ExitCode.ERROR, r.code(), List.of(args).toString());
            assertTrue(r.err().startsWith("ptecheck: "), r.err());
            assertTrue(r.err().contains("--help' for more information."), r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
    }

    @Test
    void aBadDefineValueIsReportedOnTheCommandLine() {
        Result r = run("check", "-D", "IMPL=bogus", SPEC);
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().startsWith("ptecheck: error: -D IMPL=bogus: bad value for a const of type Impl\n"),
                r.err());
        assertTrue(r.err().contains("hint: one of: naive, get_and_clear, modify_prot"), r.err());
        assertEquals(1, count(r.err(), "error:"), r.err());

        Result range = run("check", "-D", "IMPL=naive", "-D", "CPUS=3", Specs.resource("features/consts.ptm").toString(),
                "-D", "START=7");
        assertEquals(ExitCode.ERROR, range.code());
        assertTrue(range.err().contains("-D START=7: value out of range 0..1"), range.err());
    }

    @Test
    void anUnknownDefineNameIsReportedWithTheConstsThatExist() {
        Result r = run("check", "-D", "NOPE=1", SPEC);
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains("ptecheck: error: -D NOPE: no const named 'NOPE' in this spec"), r.err());
        assertTrue(r.err().contains("hint: consts: IMPL, CPUS, PAGES"), r.err());
    }

    @Test
    void aDefineWithoutAValueIsAUsageError() {
        Result r = run("check", "-D", "IMPL", SPEC);
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().startsWith("ptecheck: -D IMPL: expected NAME=VALUE\n"), r.err());
    }

    @Test
    void aBadIntegerDefineGivesOneError() {
        Result r = run("check", "-D", "CPUS=x", SPEC);
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().startsWith("ptecheck: error: -D CPUS=x: bad value for a const of type int"), r.err());
        assertEquals(1, count(r.err(), "error:"), r.err());
    }

    // ------------------------------------------------------------------ broken input

    @Test
    void aMissingFileIsACleanError() {
        Path missing = tmp.resolve("missing.ptm");
        Result r = run("check", missing.toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains("error: no such file: " + missing), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void brokenFilesAreErrorsNotCrashes() throws IOException {
        List<Path> broken = new ArrayList<>();
        broken.add(write("empty.ptm", ""));
        broken.add(write("blank.ptm", "\n\n   // only a comment\n"));
        byte[] garbage = new byte[512];
        new java.util.Random(42).nextBytes(garbage);
        Path bin = tmp.resolve("garbage.ptm");
        Files.write(bin, garbage);
        broken.add(bin);
        broken.add(write("nul.ptm", "spec nul\u0000\u0001 var x: bool\n"));
        broken.add(write("unterminated.ptm", "spec s\n/* never closed\nvar x: bool\n"));
        broken.add(write("deep.ptm", "spec deep\ninvariant i: " + "(".repeat(3000) + "true" + ")".repeat(3000) + "\n"));
        broken.add(Specs.repo("models/x86.ptm"));
        broken.add(tmp);
        for (Path p : broken) {
            Result r = run("check", p.toString());
            assertTrue(r.code() == ExitCode.ERROR || r.code() == ExitCode.OK && p.getFileName().toString().equals("deep.ptm"),
                    p + " exited " + r.code() + ":\n" + r.all());
            if (r.code() == ExitCode.ERROR) {
                assertTrue(r.err().contains("error") || r.err().startsWith("ptecheck: "), p + ":\n" + r.err());
            }
        }
    }

    @Test
    void aLabelOnABareDeclarationIsNotACrash() throws IOException {
        Path p = write("label.ptm", "spec label\nvar x: bool\nkernel k on cpu 0 {\n    l: var t: bool\n    x = true\n}\n");
        Result r = run("check", p.toString());
        assertTrue(r.code() == ExitCode.OK || r.code() == ExitCode.ERROR, r.all());
    }

    @Test
    void aModelLibraryIsNotASpec() {
        Path model = Specs.repo("models/x86.ptm");
        Result r = run("check", model.toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains("is a model library, not a spec"), r.err());
        assertTrue(r.err().contains("    1 | model x86\n      | ^\n"), r.err());
    }

    @Test
    void aSpecUsedAsAModelIsAnError() throws IOException {
        write("lib.ptm", "spec lib\nvar y: bool\n");
        Path user = write("user.ptm", "spec user\nuses lib\nvar x: bool\n");
        Result r = run("check", user.toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains(user + ":2:6: error: '"), r.err());
        assertTrue(r.err().contains("is a spec, not a model library"), r.err());
    }

    @Test
    void modelsAreFoundThroughTheModelPath() throws IOException {
        Path libs = Files.createDirectories(tmp.resolve("libs"));
        Files.writeString(libs.resolve("extra.ptm"), "model extra\nvar y: bool = true\n");
        Path dir = Files.createDirectories(tmp.resolve("specs"));
        Path user = Files.writeString(dir.resolve("user.ptm"), "spec user\nuses extra\ninvariant i: y\n");
        assertEquals(ExitCode.ERROR, run("check", user.toString()).code());
        Result r = run("check", "--model-path", libs.toString(), user.toString());
        assertEquals(ExitCode.OK, r.code(), r.all());
    }

    // ------------------------------------------------------------------ helpers

    /** One "Step N ..." block of a text trace: actor column, statement and its change lines. */
    record Step(String actor, String statement, List<String> changes) {
        boolean setsDirty() {
            return changes.stream().anyMatch(c -> {
                Matcher m = Pattern.compile("^pt\\[\\d+\\]: (\\{[^}]*\\}) -> (\\{[^}]*\\})$").matcher(c);
                // a set flag is named bare; a false one that matters reads "dirty: false"
                Pattern set = Pattern.compile("\\bdirty\\b(?!:)");
                return m.matches() && !set.matcher(m.group(1)).find() && set.matcher(m.group(2)).find();
            });
        }
    }

    private static final Pattern STEP = Pattern.compile("^Step \\d+\\s+(?:cpu \\d+|-)\\s+(\\S+)(?: \\S+)?\\s+\\S+:\\d+\\s+(.*)$");

    static List<Step> steps(String trace) {
        List<Step> out = new ArrayList<>();
        String actor = null;
        String statement = null;
        List<String> changes = new ArrayList<>();
        for (String line : trace.split("\n")) {
            Matcher m = STEP.matcher(line);
            if (m.matches()) {
                if (actor != null) {
                    out.add(new Step(actor, statement, changes));
                }
                actor = m.group(1);
                statement = m.group(2);
                changes = new ArrayList<>();
            } else if (actor != null && line.startsWith("        ") && line.contains(": ")) {
                changes.add(line.strip());
            } else if (actor != null) {
                out.add(new Step(actor, statement, changes));
                actor = null;
            }
        }
        if (actor != null) {
            out.add(new Step(actor, statement, changes));
        }
        return out;
    }

    private static int indexOf(List<Step> steps, java.util.function.Predicate<Step> p) {
        for (int i = 0; i < steps.size(); i++) {
            if (p.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theTraceParserReadsTheRenderedFormat() {
        List<Step> s = steps("""
                Initial state:
                  x = 0
                Step 1  cpu 0  k               f.ptm:3   x = 1
                        x: 0 -> 1
                Step 2  -      agent rule(p=0)  f.ptm:9   rule r when x == 1
                        pt[0]: {present} -> {present, dirty}
                Violation: invariant i (f.ptm:12): x < 1
                """);
        assertEquals(2, s.size());
        assertEquals(new Step("k", "x = 1", List.of("x: 0 -> 1")), s.get(0));
        assertEquals("agent", s.get(1).actor());
        assertTrue(s.get(1).setsDirty());
        if (s.get(0).setsDirty()) {
            fail("x = 1 does not set dirty");
        }
    }
}
