package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.trace.JsonTraceRenderer;

/** Issue 12: the tool never vouches for what it did not check, and never destroys an input. */
class NoFalseAssuranceTest {
    @TempDir
    Path tmp;

    private static final String ABBA = Specs.spec("specs/locks/abba_mmap_ptl.ptm").toString();
    private static final String CPR = Specs.spec("specs/mprotect/change_pte_range.ptm").toString();

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        Result r = new Result(code, out.toString(), err.toString());
        assertFalse(r.all().contains("Exception"), () -> "a Java exception name for " + List.of(args) + ":\n" + r.all());
        assertFalse(r.all().contains("internal error"), () -> "an internal error for " + List.of(args) + ":\n" + r.all());
        assertFalse(r.all().contains("\tat "), () -> "a stack trace for " + List.of(args) + ":\n" + r.all());
        return r;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** A JSON trace of the lock-order finding of abba_mmap_ptl (serialized: no deadlock, only the order). */
    private Path abbaTrace() {
        Path trace = tmp.resolve("abba.json");
        Result r = run("check", ABBA, "--quiet", "--trace-format", "json", "--trace-file", trace.toString());
        assertEquals(ExitCode.VIOLATION, r.code(), r.all());
        return trace;
    }

    private Path edited(Path trace, String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode itf = (ObjectNode) JsonTraceRenderer.parse(Files.readString(trace));
        edit.accept(itf);
        return Files.writeString(tmp.resolve(name), itf.toPrettyString());
    }

    // Item 1: lock-order findings are checked again, not taken on trust.

    @Test
    void aLockOrderTraceIsConfirmedByASearchThatFindsTheInversionAgain() {
        Result r = run("replay", abbaTrace().toString());
        assertEquals(ExitCode.VIOLATION, r.code(), r.all());
        assertTrue(r.out().contains("a search of the whole state space finds lock_order_inversion again"), r.out());
    }

    @Test
    void aLockOrderTraceReplayedWhereTheLocksAreTakenInOneOrderIsNotConfirmed() {
        Result r = run("replay", abbaTrace().toString(), "-D", "VARIANT=same_order");
        assertEquals(ExitCode.OK, r.code(), r.all());
        assertFalse(r.out().contains("confirmed"), r.out());
        assertTrue(r.out().contains("does not find lock_order_inversion"), r.out());
    }

    @Test
    void aForgedLockOrderTraceWithNoStepIsRejected() throws IOException {
        Path forged = edited(abbaTrace(), "forged.json", itf -> {
            var states = (com.fasterxml.jackson.databind.node.ArrayNode) itf.get("states");
            while (states.size() > 1) {
                states.remove(states.size() - 1);
            }
        });
        Result r = run("replay", forged.toString());
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.out().contains("Trace rejected"), r.out());
    }

    @Test
    void aLockOrderTraceWhoseLastStepTakesNoLockIsRejected() throws IOException {
        Path forged = edited(abbaTrace(), "label.json", itf ->
                ((ObjectNode) itf.path("#meta").path("violation")).put("text", "takes mmap_lock while holding ptl[0]"));
        Result r = run("replay", forged.toString());
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.out().contains("does not show 'takes mmap_lock while holding ptl[0]'"), r.out());
    }

    // Item 7: step metadata is checked.

    @Test
    void editedStepMetadataIsAMismatchNotAConfirmation() throws IOException {
        Path trace = tmp.resolve("cpr.json");
        assertEquals(ExitCode.VIOLATION, run("check", CPR, "-D", "IMPL=naive", "--quiet", "--trace-format", "json",
                "--trace-file", trace.toString()).code());
        assertEquals(ExitCode.VIOLATION, run("replay", trace.toString()).code(), "the unedited trace is confirmed");
        List<Consumer<ObjectNode>> edits = List.of(
                itf -> meta(itf, 1).put("cpu", meta(itf, 1).path("cpu").asInt() + 1),
                itf -> meta(itf, 1).put("kernel", !meta(itf, 1).path("kernel").asBoolean()),
                itf -> meta(itf, 2).put("index", 7),
                itf -> ((ObjectNode) meta(itf, 2).path("changes").get(0)).put("after", "something else"),
                itf -> meta(itf, 2).putArray("changes"));
        for (int i = 0; i < edits.size(); i++) {
            Result r = run("replay", edited(trace, "edit" + i + ".json", edits.get(i)).toString());
            assertEquals(ExitCode.ERROR, r.code(), "edit " + i + ": " + r.all());
            assertTrue(r.out().contains("Trace rejected: step"), r.out());
        }
    }

    private static ObjectNode meta(ObjectNode itf, int step) {
        return (ObjectNode) itf.path("states").get(step).path("#meta");
    }

    // Item 3: never write over an input.

    @Test
    void aTraceFileThatIsTheSpecIsAUsageErrorAndTheSpecIsUntouched() throws IOException {
        Path spec = tmp.resolve("abba.ptm");
        Files.copy(Path.of(ABBA), spec);
        String before = Files.readString(spec);
        Path sameFileOtherName = tmp.resolve("sub/../abba.ptm");
        Files.createDirectories(tmp.resolve("sub"));
        for (Path target : List.of(spec, sameFileOtherName)) {
            Result r = run("check", spec.toString(), "--trace-format", "json", "--trace-file", target.toString());
            assertEquals(ExitCode.ERROR, r.code(), r.all());
            assertTrue(r.err().contains("is the spec"), r.err());
            assertFalse(r.all().contains("Explored"), "refused before the search");
        }
        assertEquals(before, Files.readString(spec));
    }

    @Test
    void aTraceFileThatIsAModelTheSpecUsesIsAUsageError() throws IOException {
        // uses x86 finds x86.ptm next to the spec first
        Path x86 = Files.copy(Specs.root().resolve("models/x86.ptm"), tmp.resolve("x86.ptm"));
        Path spec = Files.copy(Path.of(CPR), tmp.resolve("cpr.ptm"));
        String before = Files.readString(x86);
        Result r = run("check", spec.toString(), "-D", "IMPL=naive", "--trace-file", x86.toString());
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.err().contains("is a model the spec uses"), r.err());
        assertEquals(before, Files.readString(x86));
    }

    // Item 4: an unwritable trace file.

    @Test
    void anUnwritableTraceFileIsRefusedBeforeTheSearch() throws IOException {
        Files.createDirectories(tmp.resolve("dir"));
        for (String target : List.of(tmp.resolve("dir").toString(), tmp.resolve("missing/t.json").toString())) {
            Result r = run("check", CPR, "-D", "IMPL=naive", "--trace-file", target);
            assertEquals(ExitCode.ERROR, r.code(), r.all());
            assertTrue(r.err().startsWith("ptecheck: --trace-file " + target + ": "), r.err());
            assertFalse(r.all().contains("Explored"), "refused before the search");
        }
    }

    @Test
    void aTraceFileThatFailsOnWriteStillReportsTheViolation() {
        Path full = Path.of("/dev/full");
        if (!Files.exists(full)) {
            return; // not Linux
        }
        Result r = run("check", CPR, "-D", "IMPL=naive", "--trace-file", full.toString());
        assertEquals(ExitCode.VIOLATION, r.code(), r.all());
        assertTrue(r.out().contains("Violation found: dirty_not_lost"), r.out());
        assertTrue(r.err().contains("cannot write the trace to /dev/full"), r.err());
        assertTrue(r.out().contains("Trace not written"), r.out());
    }

    // Item 5: compile time is bounded by --memory.

    @Test
    void aHugeArrayStopsAtTheCompileBoundIncomplete() throws IOException {
        Path spec = write("huge.ptm", "spec huge\nconst N = 1000000\nvar a[0..N-1]: bool\n"
                + "agent p { rule r for i in 0..N-1 when not a[i] { a[i] = true } }\n");
        Result r = run("check", spec.toString(), "--max-states", "100", "--memory", "64m");
        assertEquals(ExitCode.INCOMPLETE, r.code(), r.all());
        assertTrue(r.err().contains("huge.ptm:3:5:"), r.err());
        assertTrue(r.err().contains("the state vector would need 1,000,000 slots"), r.err());
    }

    @Test
    void manyPagesStopAtTheCompileBoundIncomplete() {
        Result r = run("check", CPR, "-D", "PAGES=100000");
        assertEquals(ExitCode.INCOMPLETE, r.code(), r.all());
        assertTrue(r.err().contains("the state vector would need"), r.err());
        assertFalse(r.all().contains("Explored"));
    }

    @Test
    void manyRuleInstancesStopAtTheCompileBoundIncomplete() throws IOException {
        Path spec = write("rules.ptm", "spec rules\nvar x: 0..1\n"
                + "agent p { rule r for i in 0..99999 when x == 0 { x = 1 } }\n");
        Result r = run("check", spec.toString(), "--memory", "64m");
        assertEquals(ExitCode.INCOMPLETE, r.code(), r.all());
        assertTrue(r.err().contains("rules.ptm:3:"), r.err());
        assertTrue(r.err().contains("transitions"), r.err());
    }

    @Test
    void deeplyNestedIfsCompileWithoutQuadraticWork() throws IOException {
        // 2,000 levels took ~50 s: every level quoted the text of all the levels inside it.
        // The bound is generous (a guard against the quadratic case, not a benchmark).
        int n = 2000;
        StringBuilder sb = new StringBuilder("spec nest\nvar x: 0..3\nkernel k on cpu 0 {\n");
        sb.append("if x < 1 {\n".repeat(n)).append("x = 1\n").append("}\n".repeat(n)).append("}\n");
        Path spec = write("nest.ptm", sb.toString());
        long start = System.nanoTime();
        Result r = run("check", spec.toString(), "--quiet");
        assertEquals(ExitCode.OK, r.code(), r.all());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(40), "2,000 nested ifs took over 40 s");
    }

    // Item 8: smaller ones.

    @Test
    void tooDeepNestingIsAnErrorWithAPosition() throws IOException {
        Path spec = write("deep.ptm", "spec deep\nvar x: 0..3\nagent a {\n  rule r when x == 0 { x = "
                + "(".repeat(5000) + "1" + ")".repeat(5000) + " }\n}\n");
        Result r = run("check", spec.toString());
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.err().startsWith(spec + ":4:"), r.err());
        assertTrue(r.err().contains("nests too deeply"), r.err());
    }

    @Test
    void deviceZeroIsAnInputErrorNotOutOfMemory() {
        if (!Files.exists(Path.of("/dev/zero"))) {
            return;
        }
        Result r = run("check", "/dev/zero");
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertFalse(r.all().contains("out of memory"), r.all());
        Result replay = run("replay", "/dev/zero", ABBA);
        assertEquals(ExitCode.ERROR, replay.code(), replay.all());
    }

    @Test
    void replayOfABinaryFileIsAnInputError() throws IOException {
        Path bin = Files.write(tmp.resolve("bin.json"), new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, 0, 1, 2});
        Result r = run("replay", bin.toString(), ABBA);
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.err().contains("not UTF-8 text"), r.err());
    }

    @Test
    void crOnlyLineEndingsPutTheErrorOnItsLineWithTheCaretUnderIt() throws IOException {
        Path spec = write("cr.ptm", "spec c\r// a comment\r\rvar x: 0..3\ragent a { rule r when x == 0 { x = y } }\r");
        Result r = run("check", spec.toString());
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.err().startsWith(spec + ":5:36: error: unknown name 'y'"), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals("    5 | agent a { rule r when x == 0 { x = y } }", lines.get(1));
        assertEquals(lines.get(1).indexOf("y }"), lines.get(2).indexOf('^'), r.err());
    }

    @Test
    void textThatIsNotUtf8IsAnErrorAtTheBadByte() throws IOException {
        Path spec = Files.write(tmp.resolve("latin1.ptm"),
                "spec c\nvar x: 0..3\n// caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Result r = run("check", spec.toString());
        assertEquals(ExitCode.ERROR, r.code(), r.all());
        assertTrue(r.err().startsWith(spec + ":3:7: error: not UTF-8 text (byte 0xe9)"), r.err());
    }

    @Test
    void maxStatesBelowOneIsAUsageError() {
        for (String cmd : List.of("check", "test")) {
            for (String n : List.of("0", "-1")) {
                Result r = run(cmd, CPR, "--max-states", n);
                assertEquals(ExitCode.ERROR, r.code(), r.all());
                assertTrue(r.err().contains("--max-states " + n + ": expected at least 1"), r.err());
            }
        }
    }

    @Test
    void sigtermPrintsHowFarTheSearchGotAndExitsIncomplete() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dptecheck.root=" + Specs.root(), "ptecheck.cli.Main", "check", CPR, "-D", "PAGES=3", "-D", "CPUS=3",
                "--progress-interval", "0.5", "--workers", "1"));
        Path log = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Wait for the first progress report (after 2 s of search): the search is under way.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(" distinct, queue ") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), () -> "the search should still be running; it printed:\n" + read(log));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertEquals(ExitCode.INCOMPLETE, p.exitValue(), output);
        assertTrue(output.contains("Interrupted: incomplete, no verdict"), output);
        assertTrue(output.matches("(?s).*\\d[\\d,]* distinct states stored.*"), output);
    }

    // Issue 13: a weak memory model's buffer bound is a bound of the search.

    /** CPU 0 stores three times with nothing in between: three stores in flight at once. */
    private static String threeStores(String memory) {
        return "spec three_stores\n" + memory + "\nvar x: 0..3\nghost r: 0..3\n"
                + "kernel p0 on cpu 0 {\n    x = 1\n    x = 2\n    x = 3\n}\n"
                + "kernel p1 on cpu 1 {\n    r = x\n}\n"
                + "at end last_store_wins: x == 3\n";
    }

    @Test
    void aBufferBoundThatCutsAnExecutionEndsTheCheckIncomplete() throws IOException {
        for (String m : new String[] {"memory tso(2)", "memory arm64(2)"}) {
            Result r = run("check", write("three.ptm", threeStores(m)).toString());
            assertEquals(ExitCode.INCOMPLETE, r.code(), m + ": " + r.all());
            assertTrue(r.out().contains("Incomplete: cpu 0 issued an operation with 2 in flight, the bound of '" + m
                    + "'"), r.out());
            assertFalse(r.all().contains("No violation"), r.all());
            assertFalse(r.all().contains("buffer_bound"), r.all());
        }
    }

    @Test
    void raisingTheBufferBoundGivesTheVerdict() throws IOException {
        for (String m : new String[] {"memory tso(3)", "memory arm64(3)"}) {
            Result r = run("check", write("three.ptm", threeStores(m)).toString());
            assertEquals(ExitCode.OK, r.code(), m + ": " + r.all());
            assertTrue(r.out().contains("No violation: all interleavings explored"), r.out());
        }
    }

    @Test
    void aViolationWithinTheBufferBoundIsStillReported() throws IOException {
        // Store buffering needs one store in flight per CPU; CPU 0's two later stores overflow tso(1).
        String sb = "spec sb_bound\nmemory tso(1)\nvar x: 0..3\nvar y: 0..1\nghost r0: 0..1\nghost r1: 0..3\n"
                + "kernel p0 on cpu 0 {\n    x = 1\n    r0 = y\n    x = 2\n    x = 3\n}\n"
                + "kernel p1 on cpu 1 {\n    y = 1\n    r1 = x\n}\n"
                + "at end one_sees_the_other: r0 == 1 or r1 != 0\n";
        Result r = run("check", write("sb.ptm", sb).toString());
        assertEquals(ExitCode.VIOLATION, r.code(), r.all());
        assertTrue(r.out().contains("Violation found: one_sees_the_other"), r.out());
    }

    @Test
    void testAndSimulateReportACutByTheBufferBoundAsIncomplete() throws IOException {
        Path f = write("three.ptm", threeStores("memory tso(2)") + "expect pass\n");
        Result t = run("test", f.toString());
        assertEquals(ExitCode.INCOMPLETE, t.code(), t.all());
        Result s = run("simulate", f.toString(), "--seed", "1", "--runs", "50");
        assertEquals(ExitCode.INCOMPLETE, s.code(), s.all());
        assertFalse(s.all().contains("Violation found"), s.all());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
