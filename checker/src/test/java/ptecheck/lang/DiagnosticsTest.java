package ptecheck.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ptecheck.compile.SpecCompiler;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.DiagnosticPrinter;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;

/**
 * Expected diagnostics written in the spec files themselves (the jlox test idiom): each
 * {@code src/test/resources/diagnostics/*.ptm} carries {@code // error: TEXT} on the line the
 * error is reported at, or {@code // error@+1: TEXT} on the line before. TEXT must occur in the
 * message, or in {@code MESSAGE [hint: HINT]} to pin the hint too. Loading and compiling the
 * file must report exactly the annotated errors, no more, and each must render as
 * {@code file:line:col: error: ...}, the source line, and a caret under the column.
 */
class DiagnosticsTest {
    private static final Pattern ANNOTATION = Pattern.compile("//\\s*error(?:@([+-]\\d+))?:\\s*(.*?)\\s*$");
    private static final Pattern HEADER = Pattern.compile("^(.+):(\\d+):(\\d+): error: (.*)$");

    @TestFactory
    Stream<DynamicTest> everyAnnotatedErrorAndNothingElseIsReported() throws IOException {
        Path dir = Specs.resource("diagnostics");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".ptm")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no diagnostics files in " + dir);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(),
                () -> assertReportsExactlyTheAnnotatedErrors(f)));
    }

    @Test
    void errorsInUncalledProceduresAreReported() throws IOException {
        assertReportsExactlyTheAnnotatedErrors(Specs.resource("diagnostics-bugs/uncalled_procedure.ptm"));
    }

    @Test
    void unknownLabelsInInvariantsAreReported() throws IOException {
        assertReportsExactlyTheAnnotatedErrors(Specs.resource("diagnostics-bugs/unknown_label_in_invariant.ptm"));
    }

    @Test
    void anEmptyRangeFromADefineIsTheOnlyErrorReported() throws IOException {
        Path spec = Specs.repo("specs/mprotect/change_protection.ptm");
        SpecException e = null;
        try {
            SpecCompiler.compile(Specs.load(spec), Map.of("CPUS", "0"));
        } catch (SpecException ex) {
            e = ex;
        }
        assertTrue(e != null, "-D CPUS=0 compiled");
        List<Diagnostic> all = e.diagnostics();
        assertEquals(1, all.size(), () -> "errors: " + all);
        Diagnostic d = e.diagnostics().get(0);
        assertEquals("empty range 0..-1", d.message());
        assertEquals("with -D CPUS=0", d.hint());
        assertEquals("type CPU = 0..CPUS-1", Files.readAllLines(spec).get(d.pos().line() - 1).trim());
    }

    @Test
    void theAnnotationsThemselvesAreReadCorrectly() {
        List<Expected> e = annotations(List.of(
                "var x: bool   // error: first",
                "// error@+1: on the next line",
                "kernel k on cpu 0 {   //error@-1:   before  "));
        assertEquals(List.of(new Expected(1, "first"), new Expected(3, "on the next line"),
                new Expected(2, "before")), e);
    }

    /** A (line, text) the file says must be reported. */
    record Expected(int line, String text) {}

    static List<Expected> annotations(List<String> lines) {
        List<Expected> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ANNOTATION.matcher(lines.get(i));
            if (m.find()) {
                int offset = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
                out.add(new Expected(i + 1 + offset, m.group(2)));
            }
        }
        return out;
    }

    static void assertReportsExactlyTheAnnotatedErrors(Path file) throws IOException {
        List<Expected> expected = annotations(Files.readAllLines(file));
        assertFalse(expected.isEmpty(), file + " has no '// error:' annotation");
        SpecException e;
        try {
            SpecCompiler.compile(Specs.load(file), Map.of());
            fail(file.getFileName() + " compiled without errors; expected " + expected);
            return;
        } catch (SpecException ex) {
            e = ex;
        }
        List<Expected> unmatched = new ArrayList<>(expected);
        List<String> unexpected = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) {
            String text = d.message() + (d.hint() == null ? "" : " [hint: " + d.hint() + "]");
            Expected match = unmatched.stream()
                    .filter(x -> x.line() == d.pos().line() && text.contains(x.text()))
                    .findFirst().orElse(null);
            if (match == null) {
                unexpected.add(d.pos() + ": " + text);
            } else {
                unmatched.remove(match);
            }
            assertRendered(file, d, e);
        }
        if (!unmatched.isEmpty() || !unexpected.isEmpty()) {
            fail(file.getFileName() + ":\n  expected but not reported: " + unmatched
                    + "\n  reported but not expected: " + unexpected);
        }
    }

    /** {@code file:line:col: error: message}, then the source line, then a caret under the column. */
    private static void assertRendered(Path file, Diagnostic d, SpecException e) throws IOException {
        String rendered = DiagnosticPrinter.render(d, e.sources());
        String[] lines = rendered.split("\n");
        Matcher header = HEADER.matcher(lines[0]);
        assertTrue(header.matches(), "header: " + lines[0]);
        assertTrue(Path.of(header.group(1)).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize()),
                "reported in " + header.group(1) + ", not in " + file);
        assertEquals(d.pos().line(), Integer.parseInt(header.group(2)), lines[0]);
        assertEquals(d.pos().col() + 1, Integer.parseInt(header.group(3)), lines[0]);
        assertEquals(d.message(), header.group(4));
        assertTrue(lines.length >= 3, () -> "no source line and caret in:\n" + rendered);
        String source = Files.readAllLines(file).get(d.pos().line() - 1);
        assertEquals(String.format("%5d | %s", d.pos().line(), source), lines[1]);
        assertEquals("      | " + " ".repeat(d.pos().col()) + "^", lines[2]);
        if (d.hint() != null) {
            assertEquals("  hint: " + d.hint(), lines[3]);
        }
    }
}
