package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML trace of the naive change_pte_range spec in headless Chromium (Debian's
 * {@code chromium} package): the page must load with no console message and show every step.
 * Skipped when Chromium is not installed.
 */
class HtmlInBrowserTest {

    private static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    @Test
    void theNaiveTraceLoadsWithoutConsoleMessagesAndShowsEveryStep(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed");
        SpecRunner.Run run = Specs.check("specs/mprotect/change_pte_range.ptm", Map.of("IMPL", "naive"));
        Path page = dir.resolve("naive.html");
        Files.writeString(page, TraceOutput.render(run, TraceFormat.html, false, false));
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        String html = Files.readString(dom, StandardCharsets.UTF_8);
        List<String> console = Files.readAllLines(log).stream().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "console messages");
        int steps = run.result().counterexample().length();
        // the page's script counts the step rows (the initial state is row 0) once it has run
        assertTrue(html.contains("data-steps=\"" + (steps + 1) + "\""), html);
        for (int i = 1; i <= steps; i++) {
            assertTrue(html.contains("data-step=\"" + i + "\""), "step " + i);
        }
        assertTrue(html.contains("Violation: at-end check dirty_not_lost"));
    }

    @Test
    void theLockdepPageLoadsWithoutConsoleMessagesAndShowsBothWitnesses(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed");
        SpecRunner.Run run = Specs.check("specs/locks/abba_mmap_ptl.ptm", Map.of("VARIANT", "serialized"));
        assertEquals(2, run.result().witnesses().size());
        Path page = dir.resolve("abba.html");
        Files.writeString(page, TraceOutput.render(run, TraceFormat.html, false, false, "ptecheck check abba"));
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        String html = Files.readString(dom, StandardCharsets.UTF_8);
        List<String> console = Files.readAllLines(log).stream().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "console messages");
        int rows = 0;
        for (var w : run.result().witnesses()) {
            rows += w.length() + 1; // each witness's steps and its initial state
        }
        assertTrue(html.contains("data-steps=\"" + rows + "\""), html);
        assertTrue(html.contains("Witness 1 of 2") && html.contains("Witness 2 of 2"), html);
        assertTrue(html.contains("<pre class=\"reproduce\">ptecheck check abba</pre>"), html);
    }
}
