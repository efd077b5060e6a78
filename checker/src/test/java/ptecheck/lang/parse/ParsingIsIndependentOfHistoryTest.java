package ptecheck.lang.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.antlr.v4.runtime.dfa.DFA;
import org.junit.jupiter.api.Test;
import ptecheck.grammar.PtmParser;
import ptecheck.lang.diag.SpecException;

/**
 * Issue 12, item 6: ANTLR's prediction cache is static, shared by every parser in the JVM, and
 * its error recovery depends on what is cached; so a spec's diagnostics must not depend on the
 * files parsed before it. The parser shares a cache of its own between parses for the first,
 * SLL, stage (which gives up at the first error), and the second stage, which recovers from
 * errors and reports them, gets fresh caches.
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
    void everySpecAndModelParsesToTheSameTreeWithSharedCachesAsWithFreshOnes() throws Exception {
        Path root = Path.of(System.getProperty("ptecheck.root", "..")).toAbsolutePath().normalize();
        java.util.List<Path> sources = new java.util.ArrayList<>();
        for (String dir : new String[] {"specs", "models"}) {
            try (var files = Files.walk(root.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".ptm")).sorted().forEach(sources::add);
            }
        }
        // Twice round, so that the second parse of each file meets caches warmed by all of them.
        for (int round = 0; round < 2; round++) {
            for (Path p : sources) {
                String text = Files.readString(p);
                assertEquals(SpecParser.parse(p.toString(), text, true), SpecParser.parse(p.toString(), text, false),
                        p.toString());
            }
        }
        assertTrue(sources.size() > 100, sources.size() + " files");
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
