package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code check --trace-format kernel} report, on bundled specs: it fits in 80 columns
 * (footer included), shows indices as values, kernel steps' changes, atomic blocks on several
 * lines without folded code, the false fields that matter, and lockdep's scenario table with
 * both witnesses; the HTML page carries both witnesses, the slice, keys, source lines, the
 * reproduce command and the version.
 */
class KernelReportTest {

    private static String check(String spec, String... more) {
        List<String> args = new ArrayList<>(List.of("check", Specs.spec(spec).toString()));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(1, code, out + "\n" + err);
        return Specs.portable(out.toString());
    }

    private static String kernel(String spec, String... defines) {
        List<String> args = new ArrayList<>();
        for (String d : defines) {
            args.add("-D");
            args.add(d);
        }
        args.addAll(List.of("--trace-format", "kernel"));
        return check(spec, args.toArray(new String[0]));
    }

    private static void fitsIn80Columns(String report) {
        for (String line : report.lines().toList()) {
            assertTrue(line.length() <= 80, line.length() + " columns: " + line + "\n" + report);
            assertTrue(line.chars().allMatch(c -> c < 128), "not ASCII: " + line);
        }
    }

    @Test
    void everyKernelReportOfTheseBundledViolationsFitsIn80Columns() {
        fitsIn80Columns(kernel("specs/apply_pt_clean/apply_pt_clean.ptm", "VARIANT=deferred", "CPUS=3"));
        fitsIn80Columns(kernel("specs/ppc_lockless_walk/hash_page_walk.ptm", "VARIANT=collapse_no_kick"));
        fitsIn80Columns(kernel("specs/arm64_access_flags/set_access_flags.ptm", "VARIANT=load_store"));
        fitsIn80Columns(kernel("specs/xen_pin/pgd_pin.ptm", "VARIANT=lock_dropped"));
        fitsIn80Columns(kernel("specs/locks/abba_mmap_ptl.ptm", "VARIANT=serialized"));
        fitsIn80Columns(kernel("specs/locks/irq_unsafe_lock.ptm", "VARIANT=irqs_on_late"));
    }

    @Test
    void theReproduceCommandWrapsAsAShellContinuation() {
        String r = kernel("specs/mprotect/change_pte_range.ptm", "IMPL=naive");
        String shown = r.substring(r.indexOf("Reproduce: "));
        assertTrue(shown.contains(" \\\n    "), "a command over 80 columns continues on the next line:\n" + shown);
        String cmd = shown.substring("Reproduce: ".length()).replace(" \\\n    ", " ").strip();
        assertTrue(cmd.startsWith("ptecheck check specs/mprotect/change_pte_range.ptm -D "), cmd);
        assertTrue(cmd.contains("-D IMPL=naive"), cmd);
    }

    @Test
    void loopVariablesLocalsAndIndicesReadAsValues() {
        String naive = kernel("specs/mprotect/change_pte_range.ptm", "IMPL=naive");
        assertTrue(naive.contains("\nold = pt[0]\n"), naive);
        assertTrue(naive.contains("\npt[0] = old with { write: false }\n"), naive);
        String hash = kernel("specs/ppc_lockless_walk/hash_page_walk.ptm", "VARIANT=collapse_no_kick");
        assertTrue(hash.contains("hash_page[1]: ptev = ptes[1][0]\n"), hash);
        assertFalse(hash.contains("ptes[t][entry_of(c)]"), hash);
        String diagram = hash.substring(0, hash.indexOf("Violation: "));
        assertFalse(diagram.matches("(?s).*\\w\\[[a-z_]+\\].*"), "an index left as a name:\n" + diagram);
    }

    @Test
    void kernelStepsShowWhatTheyChanged() {
        String naive = kernel("specs/mprotect/change_pte_range.ptm", "IMPL=naive");
        assertTrue(naive.contains("\npt[0] = old with { write: false }\n  // pt[0].write 1->0,"), naive);
        assertTrue(naive.contains("\nold = pt[0]\n  // old = {present, write, pfn: 0}\n"), naive);
    }

    @Test
    void atomicBlocksReadOnSeveralLinesWithoutTheCodeConstantsFoldAway() {
        String r = kernel("traces/folded.ptm");
        assertTrue(r.contains("\natomic {\n  pt[0] = true\n  count = count + 1\n}\n"), r);
        assertTrue(r.contains("\natomic {\n  pt[1] = true\n"), r);
        assertFalse(r.contains("CHECK_I5 {"), r);
        assertFalse(r.contains("assert pt["), r);
        assertTrue(r.contains("\npt[1] = false\n"), "a local index reads as its value:\n" + r);
        String clean = kernel("specs/apply_pt_clean/apply_pt_clean.ptm", "VARIANT=deferred", "CPUS=3");
        assertTrue(clean.contains("atomic {\n" + " ".repeat(22) + "if bitmap[0] {\n"), clean);
    }

    @Test
    void threeCpusGetNarrowLanesAndALegendAndNoIdentifierIsSplit() {
        String r = kernel("specs/apply_pt_clean/apply_pt_clean.ptm", "VARIANT=deferred", "CPUS=3");
        assertTrue(r.contains("\nLanes: CPU 0 (cleaner), CPU 1 (writeback), CPU 2\nCPU 0               CPU 1"
                + "               CPU 2\n"), r);
        assertTrue(r.contains("\nold = ptep_modify_prot_start(pt[0])\n"), r);
        assertTrue(r.contains("\nptep_modify_prot_commit(pt[0], old with { dirty: false })\n"), r);
    }

    @Test
    void recordsShowTheFalseFieldsThatMatter() {
        String naive = kernel("specs/mprotect/change_pte_range.ptm", "IMPL=naive");
        // the property reads pt[0].dirty: false must be visible
        assertTrue(naive.contains("with written[0] = true, pt[0] = {present, dirty: false, pfn: 0}"), naive);
        String text = check(Specs.root().relativize(Specs.spec("specs/mprotect/change_pte_range.ptm")).toString(),
                "-D", "IMPL=naive");
        // the step that write-protects the entry shows the cleared bits, not {present, pfn: 0}
        assertTrue(text.contains("pt[0]: {present, write, dirty, accessed, pfn: 0} -> "
                + "{present, write: false, dirty: false, accessed: false, pfn: 0}"), text);
    }

    @Test
    void lockdepFindingsPrintLockdepsScenarioAndBothWitnessesInTextAndKernel() {
        List<String> table = List.of(
                " Possible unsafe locking scenario:",
                "",
                "       CPU0                    CPU1",
                "       ----                    ----",
                "  rlock(mmap_lock);",
                "                               lock(ptl[0]);",
                "                               lock(mmap_lock);",
                "  lock(ptl[0]);",
                "",
                " *** DEADLOCK ***");
        for (String format : List.of("text", "kernel")) {
            String r = check("specs/locks/abba_mmap_ptl.ptm", "-D", "VARIANT=serialized", "--trace-format", format);
            assertTrue(r.contains(String.join("\n", table)), format + ":\n" + r);
            assertTrue(r.contains("Witness 1 of 2: takes ptl[0] while holding mmap_lock"), r);
            assertTrue(r.contains("Witness 2 of 2: takes mmap_lock while holding ptl[0]"), r);
        }
        String irq = kernel("specs/locks/irq_unsafe_lock.ptm", "VARIANT=irqs_on_late");
        assertTrue(irq.contains("       CPU0\n       ----\n  lock(stats_lock);\n  <Interrupt>\n    lock(stats_lock);\n"), irq);
    }

    @Test
    void theVerdictThatTestPrintsShowsEachLockdepWitnessOnce() {
        String v = Reports.verdict(Specs.check("specs/locks/abba_mmap_ptl.ptm", java.util.Map.of("VARIANT", "serialized")), 0);
        assertEquals(1, v.split("Witness 1 of 2", -1).length - 1, v);
        assertEquals(2, v.split("Initial state:", -1).length - 1, "one text trace per witness:\n" + v);
        assertTrue(v.contains(" Possible unsafe locking scenario:"), v);
    }

    @Test
    void theHtmlPageOfALockdepFindingHasBothWitnessesTheSliceKeysSourceLinesAndHowToReproduce(@TempDir Path dir)
            throws Exception {
        Path page = dir.resolve("abba.html");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main.run(new String[] {"check", Specs.spec("specs/locks/abba_mmap_ptl.ptm").toString(), "-D", "VARIANT=serialized",
            "--trace-format", "html", "--trace-file", page.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        String html = Files.readString(page);
        assertTrue(html.contains("<h2>Witness 1 of 2: takes ptl[0] while holding mmap_lock</h2>"), html);
        assertTrue(html.contains("<h2>Witness 2 of 2: takes mmap_lock while holding ptl[0]</h2>"), html);
        assertTrue(html.contains("Possible unsafe locking scenario"), html);
        assertTrue(html.contains("class=\"step kernel last culprit\""), "the acquisition is in the slice");
        assertTrue(html.contains("'ArrowDown'") && html.contains("'k'"), "keyboard navigation");
        assertTrue(html.contains("<span class=\"ln\">19</span> lock ptl[0]"), "the source line of a step");
        assertTrue(html.contains("<pre class=\"reproduce\">ptecheck check "), "the reproduce command");
        assertTrue(html.matches("(?s).*<p class=\"version\">ptecheck \\S+.*"), "the version");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "self-contained");
    }
}
