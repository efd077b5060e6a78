package ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which package may refer to which: the passes of docs/architecture.md as a table. The front
 * end ({@code lang.*}) knows nothing after it; {@code compile} takes a {@code lang.LoadedSpec},
 * never the parser; {@code explore} sees only the {@code ts} seam; {@code trace} reads
 * transition systems and counterexamples through the seam, never the search that found them;
 * only {@code cli} wires everything together. A source scan (imports, static imports and fully
 * qualified names), so no extra dependency is needed.
 */
class PackageDependenciesTest {
    /** Package (its subpackages count as itself, except under lang) to what it may refer to besides itself. */
    static final Map<String, Set<String>> MAY_REFER_TO = Map.ofEntries(
            Map.entry("lang.ast", Set.of()),
            Map.entry("lang.diag", Set.of("lang.ast")),
            Map.entry("lang.parse", Set.of("lang", "lang.ast", "lang.diag", "grammar")),
            Map.entry("lang.check", Set.of("lang", "lang.ast", "lang.diag")),
            Map.entry("lang", Set.of("lang.ast", "lang.diag")),
            Map.entry("compile", Set.of("lang", "lang.ast", "lang.diag", "lang.check", "ts")),
            Map.entry("ts", Set.of()),
            Map.entry("explore", Set.of("ts")),
            Map.entry("trace", Set.of("ts")),
            Map.entry("cli", Set.of("lang", "lang.ast", "lang.diag", "lang.parse", "lang.check", "compile", "ts", "explore",
                    "trace")));

    private static final Pattern REFERENCE = Pattern.compile("\\bptecheck\\.((?:lang)\\.[a-z]+(?=\\.[A-Za-z])|[a-z]+)\\.[A-Za-z]");

    @Test
    void everyPackageRefersOnlyToWhatTheTableAllows() {
        List<String> problems = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        for (Path file : javaFiles()) {
            String pkg = packageOf(file);
            packages.add(pkg);
            Set<String> allowed = MAY_REFER_TO.get(pkg);
            if (allowed == null) {
                problems.add(file + ": package ptecheck." + pkg + " is not in the table");
                continue;
            }
            for (String referenced : referencedPackages(file)) {
                if (!referenced.equals(pkg) && !allowed.contains(referenced)) {
                    problems.add(file + " refers to ptecheck." + referenced + " (" + pkg + " may refer to " + allowed + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
        assertEquals(new TreeSet<>(MAY_REFER_TO.keySet()), packages, "every package of the table has sources");
    }

    @Test
    void theScanSeesQualifiedNamesAndNotPackageLines() {
        assertEquals(List.of("explore", "lang.parse", "lang"), references(
                "package ptecheck.lang.ast;\nimport ptecheck.explore.reduce.X;\nptecheck.lang.parse.ModuleLoader m;\n"
                        + "ptecheck.lang.LoadedSpec p;\n"));
    }

    private static String packageOf(Path file) {
        Path rel = sourceRoot().resolve("ptecheck").relativize(file.getParent());
        String top = rel.getName(0).toString();
        return top.equals("lang") && rel.getNameCount() > 1 ? "lang." + rel.getName(1) : top;
    }

    private static List<String> referencedPackages(Path file) {
        try {
            return references(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> references(String text) {
        Matcher m = REFERENCE.matcher(text.replaceAll("(?m)^package [^;]*;", ""));
        List<String> packages = new ArrayList<>();
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    private static List<Path> javaFiles() {
        Path dir = sourceRoot().resolve("ptecheck");
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
                assertTrue(Files.isDirectory(c.resolve("ptecheck/ts")));
                return c;
            }
        }
        return fail("cannot find checker/src/main/java; tried " + candidates);
    }
}
