package ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ptecheck.compile.CompiledSpec;
import ptecheck.compile.Expectations;
import ptecheck.compile.SpecCompiler;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchResult;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;

/**
 * Every spec under {@code specs/}, in every configuration its {@code expect ... when} clauses
 * name, meets the expectation that applies to that configuration. The same contract as
 * {@code ptecheck test}, checked here without the command line.
 */
class SpecSuiteTest {

    @TestFactory
    Stream<DynamicNode> everySpecMeetsItsExpectationsInEveryConfiguration() throws IOException, SpecException {
        Path specs = Specs.repo("specs");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(specs)) {
            files = walk.filter(p -> p.toString().endsWith(".ptm") && !Specs.isModel(p)).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no specs under " + specs);
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            LoadedSpec loaded = Specs.load(file);
            List<DynamicTest> configs = new ArrayList<>();
            for (Map<String, String> config : Expectations.configurations(loaded.all(), loaded.spec(), Map.of())) {
                configs.add(DynamicTest.dynamicTest(describe(config), file.toUri(),
                        () -> assertMeetsExpectation(loaded, config)));
            }
            nodes.add(DynamicContainer.dynamicContainer(specs.relativize(file).toString(), file.toUri(), configs.stream()));
        }
        return nodes.stream();
    }

    private static void assertMeetsExpectation(LoadedSpec loaded, Map<String, String> config)
            throws SpecException {
        CompiledSpec spec = SpecCompiler.compile(loaded, config);
        Decl.Expect expect = spec.expectation();
        assertNotNull(expect, spec.name() + " has no expect clause for " + describe(config));
        SearchResult r = Specs.checkWithLiveness(spec);
        String got = switch (r.outcome()) {
            case PASS -> "pass";
            case INCOMPLETE -> "incomplete";
            case VIOLATION -> "violation " + r.counterexample().property();
        };
        String expected = expect.pass() ? "pass" : "violation " + expect.property();
        assertEquals(expected, got, () -> spec.name() + " " + describe(config) + " (" + r.stats().distinct()
                + " states)");
        if (r.outcome() == Outcome.VIOLATION) {
            assertFalse(r.counterexample().states().isEmpty());
        }
    }

    private static String describe(Map<String, String> config) {
        return config.isEmpty() ? "[defaults]"
                : config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ", "[", "]"));
    }
}
