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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import ptecheck.lang.check.Prelude;

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
        assertEquals(prelude.all().stream().map(Prelude.Primitive::name).toList(), List.copyOf(lowerings.keySet()));
        for (Prelude.Primitive p : prelude.all()) {
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
    void malformedOrUndocumentedDeclarationsAreRejectedWithTheirLine() {
        var bad = assertThrows(IllegalStateException.class, () -> Prelude.parse("// c\nprimitve x() by X\n"));
        assertTrue(bad.getMessage().contains(":2: not a primitive declaration"), bad.getMessage());
        var undocumented = assertThrows(IllegalStateException.class, () -> Prelude.parse("primitive x() by X\n"));
        assertTrue(undocumented.getMessage().contains("has no /// documentation"), undocumented.getMessage());
        var twice = assertThrows(IllegalStateException.class,
                () -> Prelude.parse("/// a\nprimitive x() by X\n/// b\nprimitive x() by X\n"));
        assertTrue(twice.getMessage().contains(":4: 'x' is declared twice"), twice.getMessage());
    }

    /** No name switch anywhere: a primitive's name as a string literal occurs in no source file. */
    @Test
    void noSourceOfTheCheckerSpellsAPrimitivesName() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                for (Prelude.Primitive p : Prelude.standard().all()) {
                    if (text.contains("\"" + p.name() + "\"")) {
                        found.add(main.relativize(f) + ": \"" + p.name() + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
