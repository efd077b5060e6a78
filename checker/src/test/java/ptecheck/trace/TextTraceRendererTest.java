package ptecheck.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.ts.Counterexample;
import ptecheck.explore.SearchOptions;
import ptecheck.testutil.TinySystem;
import ptecheck.testutil.TinySystems;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Variable;

class TextTraceRendererTest {
    private static final int PRESENT = 1;
    private static final int WRITE = 2;
    private static final int ACCESSED = 4;
    private static final String[] FLAG_NAMES = {"present", "write", "accessed", "dirty"};

    /**
     * A page-table entry {@code pt[0]}, a TLB entry of CPU 1 and mprotect's local {@code old}.
     * The hardware fill sets the accessed bit; mprotect reads the entry and writes it back
     * without the write bit.
     */
    private static TinySystem pteSystem() {
        return TinySystem.builder()
                .slot("pt0", 0, 15).slot("tlb1", 0, 1).slot("old", 0, 15)
                .variable(new Variable("pt[0]", 0, 1, (s, i) -> flags(s[i])))
                .variable(new Variable("tlb[1][0]", 1, 1, (s, i) -> s[i] == 0 ? "none" : "{pfn: 0, write}"))
                .variable(new Variable("old", 2, 1, (s, i) -> flags(s[i])))
                .initial(PRESENT | WRITE, 0, 0)
                .group(new StepInfo(new GroupInfo("mmu[1]", "fill", new SourceRef("x86.ptm", 40, 5),
                        "rule fill for p in PAGE"), 1, false), TinySystem.when(s -> s[1] == 0, s -> {
                            s[1] = 1;
                            s[0] |= ACCESSED;
                        }))
                .group(new StepInfo(new GroupInfo("mprotect", "", new SourceRef("change_pte_range.ptm", 21, 5),
                        "old = pt[p]"), 0, true), TinySystem.when(s -> s[2] == 0, s -> s[2] = s[0]))
                .group(new StepInfo(new GroupInfo("mprotect", "", new SourceRef("change_pte_range.ptm", 22, 5),
                        "pt[p] = old & ~write"), 0, true), TinySystem.when(s -> s[2] != 0, s -> s[0] = s[2] & ~WRITE))
                .build();
    }

    private static String flags(int v) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < FLAG_NAMES.length; b++) {
            if ((v & (1 << b)) != 0) {
                names.add(FLAG_NAMES[b]);
            }
        }
        return "{" + String.join(", ", names) + "}";
    }

    @Test
    void rendersStepsWithTheirColumnsChangesAndTheViolatedProperty() {
        TinySystem ts = pteSystem();
        int[] s0 = {PRESENT | WRITE, 0, 0};
        int[] s1 = {PRESENT | WRITE | ACCESSED, 1, 0};
        int[] s2 = {PRESENT | WRITE | ACCESSED, 1, PRESENT | WRITE | ACCESSED};
        int[] s3 = {PRESENT | ACCESSED, 1, PRESENT | WRITE | ACCESSED};
        Counterexample cx = new Counterexample("stale_writable_tlb", StateProperty.Kind.INVARIANT,
                new SourceRef("change_pte_range.ptm", 30, 1), "forall p in PAGE: ...", "",
                List.of(s0, s1, s2, s3), List.of(0, 1, 2), -1, List.of());

        String text = TextTraceRenderer.render(Trace.of(ts, cx, ts.provenance()));

        assertEquals("""
                Initial state:
                  pt[0] = {present, write}
                  tlb[1][0] = none
                  old = {}
                Step 1  cpu 1  mmu[1] fill  x86.ptm:40               rule fill for p in PAGE
                        pt[0]: {present, write} -> {present, write, accessed}
                        tlb[1][0]: none -> {pfn: 0, write}
                Step 2  cpu 0  mprotect     change_pte_range.ptm:21  old = pt[p]
                        old: {} -> {present, write, accessed}
                Step 3  cpu 0  mprotect     change_pte_range.ptm:22  pt[p] = old & ~write
                        pt[0]: {present, write, accessed} -> {present, accessed}
                Violation: invariant stale_writable_tlb (change_pte_range.ptm:30): forall p in PAGE: ...
                """, text);
    }

    @Test
    void aFailingStepShowsItsMessageAndTheAssertionEndsTheTrace() {
        TinySystem ts = TinySystems.failingCounter(5, 2);
        String text = render(ts);
        List<String> lines = text.lines().toList();
        assertEquals("Step 3  -  inc  tiny.ptm:10  inc", lines.get(lines.size() - 4));
        assertEquals("        fails: counter reached 2", lines.get(lines.size() - 3));
        assertEquals("Violation: assertion overflow_check (tiny.ptm:7): inc", lines.get(lines.size() - 2));
        assertEquals("  counter reached 2", lines.get(lines.size() - 1));
    }

    @Test
    void aDeadlockListsWhoIsBlocked() {
        String text = render(TinySystems.stoppingCounter(2, false));
        assertEquals("""
                Initial state:
                  c = 0
                Step 1  -  inc  tiny.ptm:10  inc
                        c: 0 -> 1
                Step 2  -  inc  tiny.ptm:10  inc
                        c: 1 -> 2
                Blocked:
                  inc waits for c < 2
                Violation: deadlock: no transition is enabled and the state is not terminal
                """, text);
    }

    @Test
    void aViolationInTheInitialStateHasNoSteps() {
        TinySystem ts = TinySystems.graph(2, 0, Set.of(1), new int[] {0, 1});
        String text = render(ts);
        assertEquals("""
                Initial state:
                  node = 0
                Violation: invariant not_bad (tiny.ptm:1): not_bad
                """, text);
    }

    @Test
    void outputIsPlainAscii() {
        String text = render(TinySystems.failingCounter(3, 1));
        assertTrue(text.chars().allMatch(c -> c < 128), text);
    }

    private static String render(TinySystem ts) {
        Counterexample cx = new BfsSearch(ts, SearchOptions.defaults()).run().counterexample();
        return TextTraceRenderer.render(Trace.of(ts, cx, ts.provenance()));
    }
}
