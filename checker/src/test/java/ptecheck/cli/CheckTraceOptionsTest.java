package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.trace.JsonTraceRenderer;

/** {@code check --trace-format/--trace-file/--slice/--full-states}, through the command line. */
class CheckTraceOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int check(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "check";
        args[1] = Specs.spec("specs/mprotect/change_pte_range.ptm").toString();
        args[2] = "-DIMPL=naive";
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void kernelFormatPrintsTheRaceDiagramInTheReport() {
        assertEquals(ExitCode.VIOLATION, check("--trace-format", "kernel"));
        String text = out.toString();
        assertTrue(text.contains("Violation found: dirty_not_lost"), text);
        assertTrue(text.contains("CPU 0 (mprotect)                         CPU 1\n"), text);
        assertTrue(text.contains("Explored "), text);
    }

    @Test
    void jsonOnStandardOutputIsTheWholeOutputAndTheReportGoesToStandardError() throws IOException {
        assertEquals(ExitCode.VIOLATION, check("--trace-format", "json"));
        assertEquals("ITF", JsonTraceRenderer.parse(out.toString()).path("#meta").path("format").asText());
        assertTrue(err.toString().contains("Violation found: dirty_not_lost"), err.toString());
    }

    @Test
    void traceFileTakesTheTraceAndTheReportSaysWhere(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("race.txt");
        assertEquals(ExitCode.VIOLATION, check("--trace-format", "kernel", "--trace-file", file.toString()));
        assertTrue(Files.readString(file).startsWith("CPU 0 (mprotect)"));
        assertTrue(out.toString().contains("Trace (kernel) written to " + file), out.toString());
        assertFalse(out.toString().contains("CPU 0 (mprotect)"), out.toString());
    }

    @Test
    void fullStatesListsEveryVariableAfterEachStep() {
        assertEquals(ExitCode.VIOLATION, check("--full-states"));
        String text = out.toString();
        int steps = 7;
        // tlb[0][0] never changes: shown once in the initial state, then after each step
        assertEquals(1 + steps, text.lines().filter(l -> l.strip().startsWith("tlb[0][0] = none")).count(), text);
    }

    @Test
    void sliceKeepsEveryStepOfTheShortestNaiveTrace() {
        assertEquals(ExitCode.VIOLATION, check("--slice", "--trace-format", "kernel"));
        assertFalse(out.toString().contains("not involved"), out.toString());
    }

    @Test
    void documentFormatsOnStandardOutputTakeOneSpecFile() {
        int code = Main.run(new String[] {"check", Specs.root().resolve("specs").toString(),
            Specs.root().resolve("checker/src/test/resources/traces").toString(), "--trace-format", "html"},
            new PrintWriter(out), new PrintWriter(err));
        assertEquals(ExitCode.ERROR, code);
        assertTrue(err.toString().contains("--trace-format html takes one spec file"), err.toString());
    }

    @Test
    void jsonSummaryNeedsATraceFileForAnotherTraceFormat() {
        assertEquals(ExitCode.ERROR, check("--json", "--trace-format", "kernel"));
        assertTrue(err.toString().contains("--trace-file"), err.toString());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertEquals(ExitCode.ERROR, check("--trace-format", "svg"));
        assertTrue(err.toString().contains("text, kernel, json, html"), err.toString());
    }
}
