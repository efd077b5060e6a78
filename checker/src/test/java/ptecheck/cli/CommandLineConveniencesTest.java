package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What Picocli gives the command line for free, and the CI report of {@code test}. */
class CommandLineConveniencesTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static final String SPEC = Specs.spec("specs/mprotect/change_pte_range.ptm").toString();

    @Test
    void aMistypedCommandGetsASuggestion() {
        Result r = run("chek", SPEC);
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains("Did you mean: ptecheck check"), r.err());
    }

    @Test
    void everyCommandPrintsTheVersionWithItsCommit() {
        String top = run("--version").out();
        assertTrue(top.startsWith("ptecheck "), top);
        assertTrue(top.contains("(commit "), top);
        for (String command : new String[] {"check", "test", "replay"}) {
            Result r = run(command, "--version");
            assertEquals(0, r.code(), command);
            assertEquals(top, r.out(), command);
        }
    }

    @Test
    void theHelpListsTheExitCodesAndACompleteSummaryPerCommand() {
        String help = run("--help").out();
        assertTrue(help.contains("Exit codes:"), help);
        assertTrue(help.contains("  3   incomplete"), help);
        assertTrue(help.contains("print the shortest counterexample."), help);
        assertTrue(help.contains("generate-completion"), help);
    }

    @Test
    void aConstantGivenTwiceWithDIsAnError() {
        Result r = run("check", SPEC, "-D", "IMPL=naive", "-D", "IMPL=get_and_clear");
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains("-D IMPL is given twice (naive, then get_and_clear)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void generateCompletionPrintsABashCompletionScript() {
        Result r = run("generate-completion");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r.out());
        assertTrue(r.out().contains("complete -F _complete_ptecheck"), r.out());
        assertTrue(r.out().contains("replay"), "subcommands complete too");
    }

    @Test
    void standardErrorOfTheTestRunIsNotATerminal() {
        // surefire pipes stderr: the progress line must then be printed one line per interval
        assertFalse(Terminal.stderrIsTerminal());
    }

    @Test
    void testWritesJUnitXmlWithOneCasePerConfigurationAndTheFailures() throws Exception {
        Path spec = tmp.resolve("wrong.ptm");
        Files.writeString(spec, """
                spec wrong
                enum Impl { good, bad }
                const IMPL: Impl = good
                var x: 0..3
                kernel k on cpu 0 {
                    if IMPL == bad {
                        x = 2
                    } else {
                        x = 1
                    }
                }
                at end one: x == 1
                expect pass
                """);
        Path xml = tmp.resolve("results.xml");
        Result r = run("test", spec.toString(), "--junit", xml.toString());
        // IMPL selects code but no `when` names it: both values run, and `bad` breaks `expect pass`
        assertEquals(ExitCode.VIOLATION, r.code(), r.out() + r.err());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suites = doc.getDocumentElement();
        assertEquals("testsuites", suites.getTagName());
        assertEquals("2", suites.getAttribute("tests"));
        assertEquals("1", suites.getAttribute("failures"));
        assertEquals("0", suites.getAttribute("errors"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(2, cases.getLength());
        assertEquals("[IMPL=good]", ((Element) cases.item(0)).getAttribute("name"));
        assertEquals(0, ((Element) cases.item(0)).getElementsByTagName("failure").getLength());
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertEquals("expected pass, got violation one", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("Violation found: one"), failure.getTextContent());
    }

    @Test
    void junitRefusesToWriteOverASpec() throws Exception {
        Result r = run("test", SPEC, "--junit", SPEC);
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().contains("would write over a spec"), r.err());
    }
}
