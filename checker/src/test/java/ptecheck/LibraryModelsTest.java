package ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ptecheck.compile.CompiledSpec;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.testutil.Specs;

/**
 * The mm library models ({@code models/} files that docs/library.md describes) each have a test
 * spec in {@code src/test/resources/library/} whose {@code // checked:} line holds the verdict,
 * the hand-derived count of distinct states and the depth. The same count must come out with
 * partial-order reduction off, so the reduction is not what makes a count match.
 */
class LibraryModelsTest {

    private static final Pattern CHECKED = Pattern.compile(
            "(?m)^// checked: (pass|violation (\\w+)), (\\d+) states, depth (\\d+)$");
    private static final Pattern USES = Pattern.compile("(?m)^uses (\\w+)\\s*$");

    @TestFactory
    Stream<DynamicTest> eachLibraryTestSpecHasItsHandDerivedCountWithAndWithoutPartialOrder() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : librarySpecs()) {
            Matcher m = CHECKED.matcher(Files.readString(f));
            assertTrue(m.find(), f + " has no '// checked:' line");
            for (boolean por : new boolean[] {true, false}) {
                tests.add(DynamicTest.dynamicTest(f.getFileName() + (por ? "" : " --no-por"), () -> {
                    CompiledSpec spec = Specs.compile(f, Map.of());
                    SearchResult r = new BfsSearch(spec.system(),
                            SearchOptions.defaults().withPartialOrder(por)).run();
                    assertEquals(m.group(2) == null ? Outcome.PASS : Outcome.VIOLATION, r.outcome(), f.toString());
                    if (m.group(2) != null) {
                        assertEquals(m.group(2), r.counterexample().property(), f + ": property");
                    }
                    assertEquals(Long.parseLong(m.group(3)), r.stats().distinct(), f + ": distinct states");
                    assertEquals(Integer.parseInt(m.group(4)), r.stats().depth(), f + ": depth");
                    assertNotNull(spec.expectation(), f + ": states its expectation");
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    @Test
    void everyLibraryModelIsUsedByATestSpec() throws IOException {
        TreeSet<String> library = new TreeSet<>();
        try (Stream<Path> list = Files.list(Specs.repo("models"))) {
            for (Path p : list.filter(p -> p.toString().endsWith(".ptm")).toList()) {
                if (Files.readString(p).contains("docs/library.md")) {
                    library.add(p.getFileName().toString().replace(".ptm", ""));
                }
            }
        }
        assertFalse(library.isEmpty(), "no library model names docs/library.md");
        TreeSet<String> used = new TreeSet<>();
        for (Path f : librarySpecs()) {
            Matcher m = USES.matcher(Files.readString(f));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        // A model used only through another (pgtable_generic through rmap) is covered by that use.
        for (String name : List.copyOf(used)) {
            used.addAll(usedBy(name));
        }
        library.removeAll(used);
        assertTrue(library.isEmpty(), "library models without a test spec: " + library);
    }

    private static List<String> usedBy(String model) throws IOException {
        Path p = Specs.repo("models/" + model + ".ptm");
        List<String> out = new ArrayList<>();
        if (!Files.exists(p)) {
            return out;
        }
        Matcher m = USES.matcher(Files.readString(p));
        while (m.find()) {
            out.add(m.group(1));
            out.addAll(usedBy(m.group(1)));
        }
        return out;
    }

    private static List<Path> librarySpecs() throws IOException {
        try (Stream<Path> list = Files.list(Specs.resource("library"))) {
            return list.filter(p -> p.toString().endsWith(".ptm") && !Specs.isModel(p)).sorted().toList();
        }
    }
}
