package ptecheck.cli;

import static ptecheck.cli.Ran.ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What scripts read: --json summaries, and the Reproduce line that repeats a run. */
class MachineReadableOutputTest {
    private static final String SPEC = Specs.spec("specs/mprotect/change_pte_range.ptm").toString();

    @Test
    void specErrorsAreObjectsWithFileLineColumnMessageAndHint(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.ptm");
        Files.writeString(bad, "spec bad\nvar x: bool\nkernel k on cpu 0 {\n  x = 3\n}\n");
        Ran r = ptecheck("check", bad.toString(), "--json");
        assertEquals(ExitCode.ERROR, r.exit());
        JsonNode e = r.json().get("errors").get(0);
        assertEquals(bad.toString(), e.get("file").asText());
        assertEquals(4, e.get("line").asInt());
        assertEquals(7, e.get("col").asInt());
        assertEquals("type mismatch: expected bool, found int", e.get("message").asText());
        assertTrue(e.get("hint").isNull());
        assertTrue(r.err().contains("bad.ptm:4:7: error: type mismatch"), "the text report stays on stderr");

        Ran test = ptecheck("test", bad.toString(), "--json");
        assertEquals(4, test.json().get("results").get(0).get("errors").get(0).get("line").asInt());
    }

    @Test
    void anErrorInACommandLineValueHasAHintAndNoPosition() throws IOException {
        JsonNode e = ptecheck("check", SPEC, "--json", "-D", "IMPL=nope").json().get("errors").get(0);
        assertTrue(e.get("file").isNull() && e.get("line").isNull() && e.get("col").isNull(), e.toString());
        assertEquals("-D IMPL=nope: bad value for a const of type Impl", e.get("message").asText());
        assertEquals("one of: naive, get_and_clear, modify_prot", e.get("hint").asText());
    }

    @Test
    void aUsageErrorWithJsonStillPrintsJson() throws IOException {
        Ran unknown = ptecheck("check", SPEC, "--json", "--bogus");
        assertEquals(ExitCode.ERROR, unknown.exit());
        assertEquals("usage_error", unknown.json().get("outcome").asText());
        assertEquals("Unknown option: '--bogus'", unknown.json().get("errors").get(0).get("message").asText());

        Ran twice = ptecheck("check", SPEC, "--json", "-DIMPL=naive", "-DIMPL=modify_prot");
        assertEquals("-D IMPL is given twice (naive, then modify_prot); give each constant once",
                twice.json().get("errors").get(0).get("message").asText());

        Ran afterParsing = ptecheck("check", SPEC, "--json", "--trace-format", "html");
        assertEquals(ExitCode.ERROR, afterParsing.exit());
        assertEquals("usage_error", afterParsing.json().get("outcome").asText());

        Ran test = ptecheck("test", SPEC, "--json", "--workers", "0");
        assertEquals("--workers 0: expected 1 to 1024", test.json().get("errors").get(0).get("message").asText());

        Ran text = ptecheck("check", SPEC, "--bogus");
        assertEquals("", text.out(), "without --json, nothing on standard output");
    }

    @Test
    void configValuesAreTyped(@TempDir Path dir) throws IOException {
        JsonNode config = ptecheck("check", SPEC, "--json", "--quiet").json().get("config");
        assertEquals("{\"IMPL\":\"modify_prot\",\"CPUS\":2,\"PAGES\":1}", config.toString());
        Path spec = dir.resolve("flag.ptm");
        Files.writeString(spec, "spec flag\nconst UP = true\nvar x: bool\nkernel k on cpu 0 {\n  x = UP\n}\n"
                + "expect pass\n");
        assertTrue(ptecheck("check", spec.toString(), "--json").json().get("config").get("UP").isBoolean());
        JsonNode result = ptecheck("test", spec.toString(), "--json", "-D", "UP=false").json().get("results").get(0);
        assertEquals("{\"UP\":false}", result.get("config").toString());
    }

    @Test
    void symmetryReductionIsTrueOnlyWhenSymmetryWasApplied() throws IOException {
        assertTrue(ptecheck("check", SPEC, "--json", "-D", "CPUS=3").json().get("symmetry_reduction").asBoolean());
        assertFalse(ptecheck("check", SPEC, "--json", "-D", "CPUS=3", "--no-symmetry").json()
                .get("symmetry_reduction").asBoolean());
        String noSymmetry = Specs.spec("specs/locks/rcu_table_free.ptm").toString();
        Ran r = ptecheck("check", noSymmetry, "--json");
        assertTrue(ptecheck("check", noSymmetry).out().contains("no symmetry declared"));
        assertFalse(r.json().get("symmetry_reduction").asBoolean(), r.out());
    }

    @Test
    void reproducePinsWhatTheUserChoseAndWhatChangesTheResultOnly() {
        String spec = Specs.spec("specs/xen_pin/pgd_pin.ptm").toString();
        String models = Specs.root().resolve("models").toString();
        String line = ptecheck("check", spec, "--model-path", models).out().lines()
                .filter(l -> l.startsWith("Reproduce: ")).findFirst().orElseThrow();
        assertEquals("Reproduce: ptecheck check " + spec + " -D MC_BATCH=2 -D VARIANT=batched -D TABLES=2"
                + " --model-path " + models, line, "TOP and MAX_HELD follow from TABLES and MC_BATCH");
        assertTrue(ptecheck("check", spec, "-D", "TOP=2").out().contains(" -D TABLES=2 -D TOP=2\n"),
                "a derived const the user set is kept");
        String chosen = ptecheck("check", SPEC, "--workers", "1", "--store", "tree", "--no-por").out();
        assertTrue(chosen.contains("-D PAGES=1 --workers 1 --store tree --no-por\n"), chosen);
    }

    @Test
    void theReproduceLineRepeatsTheRun() {
        String spec = Specs.spec("specs/xen_pin/pgd_pin.ptm").toString();
        Ran first = ptecheck("check", spec, "-D", "VARIANT=batched");
        String line = first.out().lines().filter(l -> l.startsWith("Reproduce: ")).findFirst().orElseThrow();
        String[] args = line.substring("Reproduce: ptecheck ".length()).split(" ");
        Ran again = ptecheck(args);
        assertEquals(first.exit(), again.exit());
        assertEquals(first.out().lines().filter(l -> l.startsWith("Explored") || l.startsWith("No violation")
                        || l.startsWith("Violation")).map(l -> l.replaceAll(", [0-9.]+ s.*", "")).toList(),
                again.out().lines().filter(l -> l.startsWith("Explored") || l.startsWith("No violation")
                        || l.startsWith("Violation")).map(l -> l.replaceAll(", [0-9.]+ s.*", "")).toList());
    }

    @Test
    void aLockdepFindingGivesBothWitnessesAndLockdepsTableInJson() throws IOException {
        JsonNode v = ptecheck("check", Specs.spec("specs/locks/abba_mmap_ptl.ptm").toString(), "-D", "VARIANT=serialized",
                "--json").json().get("violation");
        assertEquals("lock_order_inversion", v.get("property").asText());
        JsonNode ws = v.get("witnesses");
        assertEquals(2, ws.size(), v.toString());
        assertFalse(ws.get(0).get("text").asText().equals(ws.get(1).get("text").asText()), "two different orders");
        assertTrue(ws.get(0).get("steps").size() > 0 && ws.get(1).get("steps").size() > 0);
        assertEquals(v.get("steps"), ws.get(0).get("steps"), "'steps' is witness 1");
        String table = v.get("scenario").toString();
        assertTrue(table.contains("Possible unsafe locking scenario") && table.contains("*** DEADLOCK ***"), table);
    }
}
