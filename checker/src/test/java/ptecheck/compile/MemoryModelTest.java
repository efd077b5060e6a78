package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchResult;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;

class MemoryModelTest {
    @TempDir
    Path dir;

    /** Store buffering: each CPU stores, then loads what the other stored. */
    private static String sb(String memory, boolean fenced) {
        String fence = fenced ? "    smp_mb()\n" : "";
        return "spec sb\n" + memory + "\nvar x: 0..1\nvar y: 0..1\nghost r0: 0..1\nghost r1: 0..1\n"
                + "kernel p0 on cpu 0 {\n    x = 1\n" + fence + "    r0 = y\n}\n"
                + "kernel p1 on cpu 1 {\n    y = 1\n" + fence + "    r1 = x\n}\n"
                + "at end one_sees_the_other: r0 == 1 or r1 == 1\n";
    }

    private SearchResult check(String text) throws IOException, SpecException {
        Path f = dir.resolve("sb.ptm");
        Files.writeString(f, text);
        return Specs.check(Specs.compile(f, Map.of()));
    }

    @Test
    void declaringScChangesNothing() throws Exception {
        SearchResult none = check(sb("", false));
        SearchResult sc = check(sb("memory sc", false));
        assertEquals(Outcome.PASS, none.outcome());
        assertEquals(none.stats().distinct(), sc.stats().distinct());
        assertEquals(none.stats().depth(), sc.stats().depth());
    }

    @Test
    void storeBufferingIsReachableUnderTsoAndArm64() throws Exception {
        for (String m : new String[] {"memory tso", "memory arm64"}) {
            SearchResult r = check(sb(m, false));
            assertEquals(Outcome.VIOLATION, r.outcome(), m);
            assertEquals("one_sees_the_other", r.counterexample().property(), m);
        }
    }

    @Test
    void fullBarriersForbidStoreBuffering() throws Exception {
        assertEquals(Outcome.PASS, check(sb("memory tso", true)).outcome());
        assertEquals(Outcome.PASS, check(sb("memory arm64", true)).outcome());
    }

    @Test
    void storeForwardingLetsACpuReadItsOwnBufferedStore() throws Exception {
        String spec = "spec fwd\nmemory tso\nvar x: 0..1\nghost r: 0..1\n"
                + "kernel p on cpu 0 {\n    x = 1\n    r = x\n    seen: skip\n}\n"
                + "invariant own_store: p@seen implies r == 1\n";
        assertEquals(Outcome.PASS, check(spec).outcome());
    }

    @Test
    void aBufferedStoreIsNotInMemoryYet() throws Exception {
        String spec = "spec buffered\nmemory tso\nvar x: 0..1\n"
                + "kernel p on cpu 0 {\n    x = 1\n    seen: skip\n}\n"
                + "invariant in_memory: p@seen implies x == 1\n";
        SearchResult r = check(spec);
        assertEquals(Outcome.VIOLATION, r.outcome());
        assertEquals("in_memory", r.counterexample().property());
    }

    @Test
    void weakModelsTurnSymmetryOff() throws Exception {
        String text = Files.readString(Specs.repo("specs/mprotect/change_pte_range.ptm"));
        for (String m : new String[] {"sc", "tso", "arm64"}) {
            Path f = dir.resolve("change_pte_range.ptm");
            Files.writeString(f, text.replaceFirst("\n", "\nmemory " + m + "\n"));
            // CPU symmetry is found under sc; buffer entries name slots, which a permutation would not rename
            assertEquals(m.equals("sc"), !Specs.compile(f, Map.of("CPUS", "3")).system().symmetries().isEmpty(), m);
        }
    }

    /** TLB maintenance of t (any non-memory variable stands for a TLB entry), then {@code barrier}. */
    private static String tlbi(String memory, String before, String barrier) {
        return "spec tlbi_order\n" + memory + "\nvar x: 0..1\nghost t: bool = true\n"
                + "kernel k on cpu 0 {\n    x = 1\n" + before + "    __tlbi(t)\n" + barrier + "    done: skip\n}\n"
                + "invariant complete_at_done: k@done implies not t\n"
                + "invariant after_the_store: not t implies x == 1\n";
    }

    @Test
    void onlyADsbCompletesTlbMaintenanceOnArm64() throws Exception {
        for (String barrier : new String[] {"", "    dmb_ish()\n", "    smp_mb()\n", "    dsb_ishst()\n"}) {
            SearchResult r = check(tlbi("memory arm64", "    dsb_ishst()\n", barrier));
            assertEquals(Outcome.VIOLATION, r.outcome(), barrier);
            assertEquals("complete_at_done", r.counterexample().property(), barrier);
        }
        assertEquals(Outcome.PASS, check(tlbi("memory arm64", "    dsb_ishst()\n", "    dsb_ish()\n")).outcome());
    }

    @Test
    void tlbMaintenanceCanPassAnEarlierStoreUnlessADsbIshstIsBetween() throws Exception {
        for (String before : new String[] {"", "    dmb_ishst()\n", "    smp_wmb()\n"}) {
            SearchResult r = check(tlbi("memory arm64", before, "    dsb_ish()\n"));
            assertEquals(Outcome.VIOLATION, r.outcome(), before);
            assertEquals("after_the_store", r.counterexample().property(), before);
        }
    }

    @Test
    void tlbMaintenanceIsImmediateUnderScAndTso() throws Exception {
        for (String m : new String[] {"", "memory sc", "memory tso"}) {
            assertEquals(Outcome.PASS, check(tlbi(m, "", "")).outcome(), m);
        }
    }
}
