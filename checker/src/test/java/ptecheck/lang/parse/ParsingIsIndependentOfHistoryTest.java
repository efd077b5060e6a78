package ptecheck.lang.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.antlr.v4.runtime.dfa.DFA;
import org.junit.jupiter.api.Test;
import ptecheck.grammar.PtmParser;
import ptecheck.lang.diag.SpecException;

/**
 * Issue 12, item 6: ANTLR's prediction cache is static, shared by every parser in the JVM, and
 * its error recovery depends on what is cached; so each parse gets a cache of its own, and a
 * spec's diagnostics do not depend on the files parsed before it.
 */
class ParsingIsIndependentOfHistoryTest {

    @Test
    void parsingLeavesNothingInTheSharedPredictionCache() throws Exception {
        Path root = Path.of(System.getProperty("ptecheck.root", "..")).toAbsolutePath().normalize();
        SpecParser.parse("x86.ptm", Files.readString(root.resolve("models/x86.ptm")));
        assertThrows(SpecException.class, () -> SpecParser.parse("bad.ptm", "spec bad\nvar x: 0..3 = (1 +]\n"));
        for (DFA dfa : new PtmParser(null).getInterpreter().decisionToDFA) {
            assertEquals(0, dfa.states.size(), "decision " + dfa.decision + " was cached in the shared DFA");
        }
    }

    @Test
    void aSpecsDiagnosticsAreTheSameBeforeAndAfterOtherFiles() throws Exception {
        Path root = Path.of(System.getProperty("ptecheck.root", "..")).toAbsolutePath().normalize();
        String bad = "spec bad\nvar x: 0..3\nagent a { rule r when x == ] { x = 1 } }\n";
        String before = assertThrows(SpecException.class, () -> SpecParser.parse("bad.ptm", bad)).diagnostics().toString();
        try (var files = Files.walk(root.resolve("specs"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".ptm")).toList()) {
                SpecParser.parse(p.toString(), Files.readString(p));
            }
        }
        String after = assertThrows(SpecException.class, () -> SpecParser.parse("bad.ptm", bad)).diagnostics().toString();
        assertEquals(before, after);
    }
}
