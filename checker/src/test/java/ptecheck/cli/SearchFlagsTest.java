package ptecheck.cli;

import static ptecheck.cli.Ran.ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SearchFlagsTest {
    private static final String SPEC = Path.of(System.getProperty("ptecheck.root", ".."),
            "specs", "mprotect", "change_pte_range.ptm").toString();

    @Test
    void sizesTakeTheUsualSuffixes() throws Exception {
        assertEquals(2L << 30, SearchFlags.parseSize("2g"));
        assertEquals(512L << 20, SearchFlags.parseSize("512M"));
        assertEquals(64L << 10, SearchFlags.parseSize("64kb"));
        assertEquals(1000, SearchFlags.parseSize("1000"));
        assertEquals(3L << 29, SearchFlags.parseSize("1.5g"));
        assertThrows(SpecRunner.UsageError.class, () -> SearchFlags.parseSize("lots"));
        assertThrows(SpecRunner.UsageError.class, () -> SearchFlags.parseSize("-1g"));
    }

    @Test
    void aFingerprintRunReportsItsStoreAndHowToRepeatIt() {
        Ran r = ptecheck("check", SPEC, "--store", "fingerprint", "--workers", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Store: fingerprint"), r.out());
        assertTrue(r.out().contains("collision probability"), r.out());
        assertTrue(r.out().contains("Workers: 2"), r.out());
        assertTrue(r.out().contains("Reproduce: ptecheck check " + SPEC
                + " -D IMPL=modify_prot -D CPUS=2 -D PAGES=1 --workers 2 --store fingerprint"), r.out());
    }

    @Test
    void theMemoryBoundGivesExitThreeAndWhatWasExplored() {
        Ran r = ptecheck("check", SPEC, "-D", "CPUS=4", "-D", "PAGES=2", "--memory", "1m", "--workers", "1");
        assertEquals(ExitCode.INCOMPLETE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("Incomplete: stopped at the memory bound of 1.0 MiB"), r.out());
        assertTrue(r.out().contains("distinct states"), r.out());
    }

    @Test
    void aBitstateRunSaysItIsPartial() {
        Ran r = ptecheck("check", SPEC, "--store", "bitstate", "--bitstate-bits", "20");
        assertEquals(ExitCode.INCOMPLETE, r.exit(), r.err());
        assertTrue(r.out().contains("Incomplete: the bitstate search found no violation"), r.out());
        assertTrue(r.out().contains("coverage unknown"), r.out());
        assertTrue(!r.out().contains("No violation"), r.out());
        assertTrue(r.out().contains("--bitstate-bits 20 --hash-functions 3"), r.out());
        // The progress check needs the id of every successor, which a bitstate store does not keep.
        assertTrue(r.out().contains("progress check NOT run (the bitstate store keeps no state ids"), r.out());
    }

    @Test
    void otherStoresDoNotMentionTheProgressCheck() {
        Ran r = ptecheck("check", SPEC, "--store", "fingerprint");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!r.out().contains("progress check NOT run"), r.out());
        Ran json = ptecheck("check", SPEC, "--store", "bitstate", "--bitstate-bits", "20", "--json");
        assertTrue(json.out().contains("\"progress_check_not_run\""), json.out());
    }

    @Test
    void badSearchFlagsAreUsageErrors() {
        assertEquals(ExitCode.ERROR, ptecheck("check", SPEC, "--store", "magic").exit());
        assertEquals(ExitCode.ERROR, ptecheck("check", SPEC, "--workers", "0").exit());
        assertEquals(ExitCode.ERROR, ptecheck("check", SPEC, "--memory", "much").exit());
        assertEquals(ExitCode.ERROR, ptecheck("test", SPEC, "--store", "magic").exit());
        assertEquals(ExitCode.ERROR, ptecheck("check", SPEC, "--memory", "100k").exit());
        Ran tooBig = ptecheck("check", SPEC, "--store", "bitstate", "--memory", "64m");
        assertEquals(ExitCode.ERROR, tooBig.exit());
        assertTrue(tooBig.err().contains("lower --bitstate-bits"), tooBig.err());
    }

    @Test
    void theRegressionRunnerTakesTheSameFlags() {
        Ran r = ptecheck("test", SPEC, "--store", "fingerprint", "--workers", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("0 failed"), r.out());
    }
}
