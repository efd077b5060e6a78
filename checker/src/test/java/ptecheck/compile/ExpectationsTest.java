package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;

/** Which configurations {@code ptecheck test} runs, and which expect clause applies to each. */
class ExpectationsTest {
    @TempDir
    Path tmp;

    private static final String HEADER = """
            spec e
            enum Impl { naive, fixed }
            const IMPL: Impl = fixed
            const SMP: bool = true
            const N = 2
            const R: 1..3 = 1
            var x: bool
            """;

    private LoadedSpec load(String expects) throws IOException, SpecException {
        Path p = tmp.resolve("e.ptm");
        Files.writeString(p, HEADER + expects);
        return Specs.load(p);
    }

    private List<Map<String, String>> configurations(String expects, Map<String, String> base)
            throws IOException, SpecException {
        LoadedSpec l = load(expects);
        return Expectations.configurations(l.all(), l.spec(), base);
    }

    @Test
    void withoutWhenClausesThereIsOneConfiguration() throws Exception {
        assertEquals(List.of(Map.of()), configurations("expect pass\n", Map.of()));
    }

    @Test
    void everyValueOfEveryFiniteConstInAWhenIsTried() throws Exception {
        List<Map<String, String>> c = configurations("expect violation p when IMPL == naive and SMP\nexpect pass otherwise\n",
                Map.of());
        assertEquals(List.of(
                Map.of("IMPL", "naive", "SMP", "false"), Map.of("IMPL", "naive", "SMP", "true"),
                Map.of("IMPL", "fixed", "SMP", "false"), Map.of("IMPL", "fixed", "SMP", "true")), c);
    }

    @Test
    void aRangeTypedConstTakesEveryValueOfItsRange() throws Exception {
        assertEquals(List.of(Map.of("R", "1"), Map.of("R", "2"), Map.of("R", "3")),
                configurations("expect pass when R > 1\n", Map.of()));
    }

    @Test
    void anUntypedIntegerConstTakesItsDefaultAndTheValuesItIsComparedWith() throws Exception {
        assertEquals(List.of(Map.of("N", "2"), Map.of("N", "4")),
                configurations("expect pass when N == 4\n", Map.of()));
    }

    @Test
    void aConstFixedOnTheCommandLineIsNotVaried() throws Exception {
        assertEquals(List.of(Map.of("IMPL", "naive", "SMP", "false"), Map.of("IMPL", "naive", "SMP", "true")),
                configurations("expect pass when IMPL == naive or SMP\n", Map.of("IMPL", "naive")));
    }

    @Test
    void aBoolOrEnumConstThatSelectsCodeIsVariedEvenWhenNoWhenNamesIt() throws Exception {
        // `expect pass` alone used to run IMPL=fixed only and report the naive path as passed
        List<Map<String, String>> c = configurations("""
                kernel k on cpu 0 {
                    if IMPL == naive {
                        x = true
                    }
                    if N == 3 {
                        x = false
                    }
                }
                expect pass
                """, Map.of());
        assertEquals(List.of(Map.of("IMPL", "naive"), Map.of("IMPL", "fixed")), c);
    }

    @Test
    void aSelectingConstThatAWhenOrTheCommandLinePinsIsNotVariedAgain() throws Exception {
        String spec = """
                kernel k on cpu 0 {
                    if IMPL == naive and SMP {
                        x = true
                    }
                }
                expect pass when IMPL == fixed
                expect pass otherwise
                """;
        assertEquals(List.of(Map.of("IMPL", "naive", "SMP", "false"), Map.of("IMPL", "naive", "SMP", "true"),
                Map.of("IMPL", "fixed", "SMP", "false"), Map.of("IMPL", "fixed", "SMP", "true")),
                configurations(spec, Map.of()));
        assertEquals(List.of(Map.of("SMP", "true", "IMPL", "naive")),
                configurations(spec, Map.of("SMP", "true", "IMPL", "naive")));
    }

    @Test
    void theFirstClauseThatHoldsApplies() throws Exception {
        LoadedSpec l = load("""
                expect violation deadlock when IMPL == naive
                expect violation assertion when SMP
                expect pass otherwise
                """);
        assertEquals("deadlock", SpecCompiler.compile(l, Map.of("IMPL", "naive")).expectation().property());
        assertEquals("assertion", SpecCompiler.compile(l, Map.of()).expectation().property());
        Decl.Expect otherwise = SpecCompiler.compile(l, Map.of("SMP", "false")).expectation();
        assertTrue(otherwise.pass() && otherwise.otherwise());
    }

    @Test
    void noClauseMayApply() throws Exception {
        LoadedSpec l = load("expect pass when IMPL == naive\n");
        assertNull(SpecCompiler.compile(l, Map.of()).expectation());
    }
}
