package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency rule of STYLE.md section 7: {@code explore} sees only the {@code ts}
 * seam, and {@code trace} never reaches into the front end, the compiler or the command line.
 * A source scan, so no extra dependency is needed.
 */
class ExploreDependsOnlyOnSeamTest {
    // Any mention of a ptecheck package followed by a class or subpackage: imports, static
    // imports and fully qualified names alike.
    private static final Pattern REFERENCE = Pattern.compile("\\bptecheck\\.([a-z]+)\\.[A-Za-z]");

    @Test
    void exploreReferencesOnlyTheSeamAndItself() {
        assertReferencesOnly("explore", Set.of("ts", "explore"));
    }

    @Test
    void traceDoesNotReferenceTheFrontEndCompilerOrCommandLine() {
        List<String> problems = new ArrayList<>();
        for (Path file : javaFiles("trace")) {
            for (String pkg : referencedPackages(file)) {
                if (Set.of("lang", "compile", "cli").contains(pkg)) {
                    problems.add(file + " references ptecheck." + pkg);
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static void assertReferencesOnly(String pkg, Set<String> allowed) {
        List<String> problems = new ArrayList<>();
        for (Path file : javaFiles(pkg)) {
            for (String referenced : referencedPackages(file)) {
                if (!allowed.contains(referenced)) {
                    problems.add(file + " references ptecheck." + referenced + " (allowed: " + allowed + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static List<String> referencedPackages(Path file) {
        try {
            Matcher m = REFERENCE.matcher(Files.readString(file));
            List<String> packages = new ArrayList<>();
            while (m.find()) {
                packages.add(m.group(1));
            }
            return packages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The package's sources, failing rather than passing vacuously when none are found. */
    private static List<Path> javaFiles(String pkg) {
        Path dir = sourceRoot().resolve("ptecheck").resolve(pkg);
        assertTrue(Files.isDirectory(dir), "no source directory " + dir);
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> java = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertFalse(java.isEmpty(), "no Java sources under " + dir);
            return java;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire sets {@code ptecheck.root}; otherwise run from the repository root or the module. */
    private static Path sourceRoot() {
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("ptecheck.root");
        if (root != null) {
            candidates.add(Path.of(root, "checker", "src", "main", "java").toAbsolutePath().normalize());
        }
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve("checker/src/main/java"));
        candidates.add(cwd.resolve("src/main/java"));
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("ptecheck"))) {
                return c;
            }
        }
        return fail("cannot find checker/src/main/java; tried " + candidates);
    }
}
