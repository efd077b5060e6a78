package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchResult;
import ptecheck.lang.check.Prelude;
import ptecheck.testutil.Specs;

/**
 * The kernel primitives are declared in the prelude and lowered by the class each declaration
 * names; nothing else in the checker knows them by name. That is what keeps a new primitive to
 * three files: its prelude line, its class, its test.
 */
class PrimitivesTest {

    @Test
    void everyPrimitiveOfThePreludeHasALoweringOfTheKindItsDeclarationSays() {
        Prelude prelude = Prelude.standard();
        var lowerings = Primitives.load(prelude);
        assertEquals(statements().stream().map(Prelude.Primitive::name).toList(), List.copyOf(lowerings.keySet()));
        for (Prelude.Primitive p : statements()) {
            assertEquals(p.waits(), lowerings.get(p.name()) instanceof Primitive.Waiting, p.name());
            assertFalse(p.doc().isBlank(), p.name() + " has documentation");
        }
        assertTrue(prelude.declares("synchronize_rcu") && prelude.get("synchronize_rcu").waits());
        assertEquals("trylock(l: spinlock) -> bool", prelude.get("trylock").signature());
        assertTrue(prelude.get("call_rcu").variadic() && prelude.get("call_rcu").inAgents());
    }

    @Test
    void aDeclarationWhoseClassIsMissingFailsWhenTheRegistryLoads() {
        Prelude p = Prelude.parse("/// frobnicates\nprimitive frob() by NoSuchPrimitive\n");
        var e = assertThrows(IllegalStateException.class, () -> Primitives.load(p));
        assertTrue(e.getMessage().contains(":2: no lowering class ptecheck.compile.NoSuchPrimitive"), e.getMessage());
    }

    @Test
    void aWaitingDeclarationMustBeLoweredByAWaitingClass() {
        Prelude p = Prelude.parse("/// takes it\nprimitive grab(l: spinlock) waits by LockPrimitives.Trylock\n");
        var e = assertThrows(IllegalStateException.class, () -> Primitives.load(p));
        assertTrue(e.getMessage().contains("declared 'waits' but"), e.getMessage());
    }

    @Test
    void aFunctionIsLoweredByTheExpressionCompilerAndAPrimitiveNamesItsClass() {
        Prelude p = Prelude.parse("/// the cpu\nfunction cpu_id() -> int on cpu\n");
        assertTrue(p.get("cpu_id").function() && p.get("cpu_id").onCpu());
        assertEquals(Map.of(), Primitives.load(p));
        var unlowered = assertThrows(IllegalStateException.class, () -> Prelude.parse("/// x\nprimitive x()\n"));
        assertTrue(unlowered.getMessage().contains(":2: a primitive names its lowering"), unlowered.getMessage());
        var valueless = assertThrows(IllegalStateException.class, () -> Prelude.parse("/// f\nfunction f()\n"));
        assertTrue(valueless.getMessage().contains("functions return a value"), valueless.getMessage());
    }

    @Test
    void malformedOrUndocumentedDeclarationsAreRejectedWithTheirLine() {
        var bad = assertThrows(IllegalStateException.class, () -> Prelude.parse("// c\nprimitve x() by X\n"));
        assertTrue(bad.getMessage().contains(":2: not a primitive declaration"), bad.getMessage());
        var undocumented = assertThrows(IllegalStateException.class, () -> Prelude.parse("primitive x() by X\n"));
        assertTrue(undocumented.getMessage().contains("has no /// documentation"), undocumented.getMessage());
        var twice = assertThrows(IllegalStateException.class,
                () -> Prelude.parse("/// a\nprimitive x() by X\n/// b\nprimitive x() by X\n"));
        assertTrue(twice.getMessage().contains(":4: 'x' is declared twice"), twice.getMessage());
    }

    /** The primitives called as statements (the builtin functions are lowered by ExprCompiler, by name). */
    private static List<Prelude.Primitive> statements() {
        return Prelude.standard().all().stream().filter(p -> !p.function()).toList();
    }

    /** No name switch anywhere: a primitive's name as a string literal occurs in no source file. */
    @Test
    void noSourceOfTheCheckerSpellsAPrimitivesName() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                for (Prelude.Primitive p : statements()) {
                    if (text.contains("\"" + p.name() + "\"")) {
                        found.add(main.relativize(f) + ": \"" + p.name() + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static final Pattern CHECKED = Pattern.compile(
            "(?m)^// checked: (pass|violation (\\w+)), (\\d+) states, depth (\\d+)$");

    /**
     * A primitive's test is one spec in {@code src/test/resources/primitives/}, whose
     * {@code // checked:} line gives the hand-derived verdict, state count and depth.
     */
    @TestFactory
    Stream<DynamicTest> eachPrimitiveSpecHasItsHandDerivedCount() throws IOException {
        Path dir = Specs.resource("primitives");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".ptm")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no specs in " + dir);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Matcher m = CHECKED.matcher(Files.readString(f));
            assertTrue(m.find(), f + " has a '// checked: ...' line");
            SearchResult r = Specs.check(Specs.compile(f, Map.of()));
            assertEquals(m.group(2) == null ? Outcome.PASS : Outcome.VIOLATION, r.outcome(), f.toString());
            if (m.group(2) != null) {
                assertEquals(m.group(2), r.counterexample().property(), f + ": property");
            }
            assertEquals(Long.parseLong(m.group(3)), r.stats().distinct(), f + ": distinct states");
            assertEquals(Integer.parseInt(m.group(4)), r.stats().depth(), f + ": depth");
        }));
    }

    /** Every primitive is exercised by a spec with a checked count, and documented for users. */
    @Test
    void everyPrimitiveIsCalledInATestSpecAndDocumented() throws IOException {
        StringBuilder specs = new StringBuilder();
        for (String dir : List.of("features", "primitives")) {
            try (Stream<Path> list = Files.list(Specs.resource(dir))) {
                for (Path f : list.filter(p -> p.toString().endsWith(".ptm")).toList()) {
                    specs.append(Files.readString(f)).append('\n');
                }
            }
        }
        String docs = Files.readString(docs("language.md"));
        List<String> missing = new ArrayList<>();
        for (Prelude.Primitive p : Prelude.standard().all()) {
            if (!p.function() && !Pattern.compile("(?m)^[^/]*\\b" + p.name() + "\\(").matcher(specs).find()) {
                missing.add(p.name() + " is called in no test spec");
            }
            if (!docs.contains("`" + p.name() + "(") && !docs.contains(p.name() + "(")) {
                missing.add(p.name() + " is not in docs/language.md");
            }
        }
        assertEquals(List.of(), missing);
    }

    private static Path docs(String name) {
        for (Path root = Path.of("").toAbsolutePath(); root != null; root = root.getParent()) {
            if (Files.isRegularFile(root.resolve("docs").resolve(name))) {
                return root.resolve("docs").resolve(name);
            }
        }
        throw new AssertionError("no docs/" + name + " above " + Path.of("").toAbsolutePath());
    }
}
