package ptecheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.SearchOptions;
import ptecheck.testutil.TinySystem;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;

class KernelDiagramRendererTest {

    private static StepInfo kernel(String actor, int cpu, String text) {
        return new StepInfo(new GroupInfo(actor, "", new SourceRef("k.ptm", 1, 1), text), cpu, true);
    }

    private static StepInfo agent(String actor, String rule, int cpu) {
        return new StepInfo(new GroupInfo(actor, rule, new SourceRef("k.ptm", 2, 1), "rule " + rule), cpu, false);
    }

    /** Counts steps; {@code n} groups each bumping the counter until it reaches {@code groups}. */
    private static String diagram(StepInfo... infos) {
        TinySystem.Builder b = TinySystem.builder().slot("c", 0, infos.length).initial(0);
        for (int i = 0; i < infos.length; i++) {
            int at = i;
            b.group(infos[i], TinySystem.when(s -> s[0] == at, s -> s[0]++));
        }
        TinySystem ts = b.property(TinySystem.invariant("short", s -> s[0] < infos.length)).build();
        return KernelDiagramRenderer.render(Trace.of(ts, new BfsSearch(ts, SearchOptions.defaults()).run()
                .counterexample(), ts.provenance()));
    }

    @Test
    void eachCpuHasAColumnAndHardwareStepsAreBracketed() {
        String d = diagram(kernel("mprotect", 0, "lock ptl"), agent("mmu[1]", "fill(p=0)", 1),
                kernel("mprotect", 0, "var old = pt[p]"));
        List<String> lines = d.lines().toList();
        assertEquals("CPU 0 (mprotect)                         CPU 1", lines.get(0));
        assertEquals("----------------                         -----", lines.get(1));
        assertEquals("lock ptl", lines.get(2));
        assertEquals("  // c 0->1", lines.get(3), "a kernel step shows what it changed");
        assertEquals(" ".repeat(41) + "[mmu fill: c 1->2]", lines.get(4));
        assertEquals("old = pt[p]", lines.get(5));
        assertEquals("  // c 2->3", lines.get(6));
        assertEquals("", lines.get(7));
        assertEquals("Violation: invariant short (tiny.ptm:1):", lines.get(8));
    }

    @Test
    void actorsWithoutACpuGetTheirOwnColumnUntilThereAreTooMany() {
        String d = diagram(kernel("mprotect", 0, "lock ptl"), agent("writeback", "clean", -1));
        assertTrue(d.lines().findFirst().orElseThrow().endsWith("writeback"), d);
        assertTrue(d.contains("[clean: c 1->2]"), d);

        String many = diagram(kernel("a", 0, "x = 1"), kernel("b", 1, "x = 2"), kernel("c", 2, "x = 3"),
                agent("writeback", "clean", -1), agent("reclaim", "scan", -1));
        // Four lanes are narrow (13 columns apart), titled CPU n, with a legend of the full titles;
        // a step's text runs from its lane to the margin, so nothing wraps here.
        List<String> lines = many.lines().toList();
        assertEquals("Lanes: CPU 0 (a), CPU 1 (b), CPU 2 (c), other", lines.get(0), many);
        assertEquals("CPU 0        CPU 1        CPU 2        other", lines.get(1), many);
        assertTrue(many.contains("\n" + " ".repeat(39) + "[writeback clean: c 3->4]\n"), many);
        assertTrue(many.contains("\n" + " ".repeat(39) + "[reclaim scan: c 4->5]\n"), many);
        assertTrue(many.contains("\n" + " ".repeat(26) + "x = 3\n"), many);
    }

    @Test
    void severalKernelProcessesOnOneCpuNameThemselves() {
        String d = diagram(kernel("a", 0, "x = 1"), kernel("b", 0, "x = 2"));
        assertTrue(d.startsWith("CPU 0\n"), d);
        assertTrue(d.contains("\na: x = 1\n"), d);
        assertTrue(d.contains("\nb: x = 2\n"), d);
    }

    @Test
    void aCallThatTakesSeveralStepsShowsTheCallSiteOnceAndEachStatementBeneath() {
        StepInfo first = new StepInfo(new GroupInfo("k", "", new SourceRef("m.ptm", 10, 1), "clear_write(pt[0]) > var v = ptep"), 0, true);
        StepInfo second = new StepInfo(new GroupInfo("k", "", new SourceRef("m.ptm", 11, 1),
                "clear_write(pt[0]) > ptep = v with { write: false }"), 0, true);
        StepInfo atomic = new StepInfo(new GroupInfo("k", "", new SourceRef("m.ptm", 20, 1),
                "var old = ptep_get_and_clear(pt[0]) > atomic { var old = ptep ptep = {} return old }"), 0, true);
        String d = diagram(first, second, atomic);
        List<String> lines = d.lines().filter(l -> !l.contains("//")).toList();
        assertEquals(List.of("clear_write(pt[0])", "  v = ptep", "  ptep = v with { write: false }",
                "old = ptep_get_and_clear(pt[0])"), lines.subList(2, 6));
    }

    @Test
    void longTextsWrapWithinTheirColumn() {
        String d = diagram(kernel("k", 0, "pt[p] = old with { write: false, dirty: false, accessed: false, pfn: 1 }"),
                agent("mmu[1]", "fill", 1));
        for (String l : d.lines().toList()) {
            assertTrue(l.length() <= KernelDiagramRenderer.WIDTH, l);
            assertTrue(l.chars().allMatch(c -> c < 128), l);
        }
        assertTrue(d.contains("\npt[p] = old with\n  { write: false, dirty: false,\n"), d);
    }

    @Test
    void wrapBreaksOutsideBracesWhenItCan() {
        assertEquals(List.of("[mmu fill: tlb[1][0] <-", " {pfn: 0, write}]"),
                KernelDiagramRenderer.wrap("[mmu fill: tlb[1][0] <- {pfn: 0, write}]", 30, " "));
        assertEquals(List.of("abcdefghij", "  klmnopqr"), KernelDiagramRenderer.wrap("abcdefghijklmnopqr", 10, "  "));
    }
}
