package ptecheck.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every command-and-output block of README.md, docs/*.md and every README.md under specs/ is run
 * and its output compared with the page (docs/tested-docs.md). With {@code -Dptecheck.regenerateDocs=true}
 * ({@code tools/regen-docs}) the pages are rewritten with the outputs instead.
 */
class DocsTest {
    private static final boolean REGENERATE = Boolean.getBoolean("ptecheck.regenerateDocs");

    static Path root() {
        return Path.of(System.getProperty("ptecheck.root", "..")).toAbsolutePath().normalize();
    }

    /** The pages whose blocks are run: README.md, docs/*.md, every README.md under specs/. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        try (Stream<Path> specs = Files.walk(root().resolve("specs"))) {
            specs.filter(p -> p.getFileName().toString().equals("README.md") && Files.isRegularFile(p)).sorted()
                    .forEach(pages::add);
        }
        return pages;
    }

    @TestFactory
    Stream<DynamicTest> everyShownCommandPrintsWhatThePageShows() throws IOException {
        return pages().stream().map(page -> DynamicTest.dynamicTest(root().relativize(page).toString(),
                () -> checkPage(page)));
    }

    private static void checkPage(Path page) throws Exception {
        String name = root().relativize(page).toString();
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        DocFile doc = new DocFile(name, lines);
        if (!REGENERATE) {
            assertTrue(doc.problems.isEmpty(), String.join("\n", doc.problems));
        }
        List<DocFile.Command> commands = new ArrayList<>();
        doc.blocks.forEach(b -> commands.addAll(b.commands()));
        if (commands.isEmpty()) {
            assertTrue(doc.problems.isEmpty(), String.join("\n", doc.problems));
            return;
        }
        Path dir = Files.createTempDirectory("ptecheck-docs-");
        try {
            List<Result> results = run(doc, commands, dir);
            Map<DocFile.Command, Result> byCommand = new HashMap<>();
            for (int i = 0; i < commands.size(); i++) {
                byCommand.put(commands.get(i), results.get(i));
            }
            if (REGENERATE) {
                // rewrite what can be run, then still fail on what cannot, so nothing is left silently
                regenerate(page, doc, byCommand);
                assertTrue(doc.problems.isEmpty(), String.join("\n", doc.problems));
                return;
            }
            List<String> mismatches = new ArrayList<>();
            for (DocFile.Command c : commands) {
                List<String> want = OutputMask.apply(c.expected());
                List<String> got = OutputMask.apply(byCommand.get(c).shown());
                if (!want.equals(got)) {
                    mismatches.add(name + ":" + c.line() + ": $ " + c.text() + "\n--- the page shows\n"
                            + String.join("\n", want) + "\n--- ptecheck prints\n" + String.join("\n", got));
                }
            }
            if (!mismatches.isEmpty()) {
                fail(mismatches.size() + " block(s) differ from the tool (regenerate with tools/regen-docs, "
                        + "then review the diff):\n" + String.join("\n\n", mismatches));
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** What a command printed: stdout, then stderr, then {@code [exit N]} when N is not 0. */
    record Result(String out, String err, int rc) {
        List<String> shown() {
            List<String> lines = new ArrayList<>();
            addLines(lines, out);
            addLines(lines, err);
            while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            List<String> masked = new ArrayList<>(lines);
            if (rc != 0) {
                masked.add("[exit " + rc + "]");
            }
            return masked;
        }

        private static void addLines(List<String> lines, String text) {
            if (!text.isEmpty()) {
                lines.addAll(List.of(text.split("\n", -1)));
                if (text.endsWith("\n")) {
                    lines.remove(lines.size() - 1);
                }
            }
        }
    }

    /**
     * Runs the page's commands in a fresh folder holding copies of specs/ and models/ and the
     * page's example files, in one JVM started there (output names files relative to it).
     */
    private static List<Result> run(DocFile doc, List<DocFile.Command> commands, Path dir) throws Exception {
        copyTree(root().resolve("specs"), dir.resolve("specs"));
        copyTree(root().resolve("models"), dir.resolve("models"));
        for (DocFile.Example e : doc.examples) {
            String content = e.content();
            if (e.fromDoc() != null) {
                DocFile other = new DocFile(e.fromDoc(),
                        Files.readAllLines(root().resolve(e.fromDoc()), StandardCharsets.UTF_8));
                content = other.examples.stream().filter(x -> x.path().equals(e.path()) && x.content() != null)
                        .map(DocFile.Example::content).findFirst()
                        .orElseThrow(() -> new AssertionError(e.fromDoc() + " shows no example " + e.path()));
            }
            Path file = dir.resolve(e.path());
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
        StringBuilder input = new StringBuilder();
        for (DocFile.Command c : commands) {
            input.append(c.redirect() == null ? "-" : c.redirect());
            if (c.args().isEmpty()) {
                input.append('\t');
            }
            for (String a : c.args()) {
                input.append('\t').append(a);
            }
            input.append('\n');
        }
        Path scratch = Files.createTempDirectory("ptecheck-docs-run-");
        try {
            Path commandFile = scratch.resolve("commands.tsv");
            Files.writeString(commandFile, input, StandardCharsets.UTF_8);
            Path results = Files.createDirectory(scratch.resolve("results"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xss16m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Duser.language=en", "-Duser.country=US",
                    "-Dptecheck.models=" + dir.resolve("models"), "-cp", System.getProperty("java.class.path"),
                    DocCommands.class.getName(), commandFile.toString(), results.toString());
            pb.directory(dir.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(scratch.resolve("jvm.log").toFile());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("the commands of " + doc + " did not finish in 5 minutes");
            }
            String log = Files.readString(scratch.resolve("jvm.log"));
            assertEquals(0, p.exitValue(), "the docs runner failed:\n" + log);
            List<Result> out = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                out.add(new Result(Files.readString(results.resolve(i + ".out")),
                        Files.readString(results.resolve(i + ".err")),
                        Integer.parseInt(Files.readString(results.resolve(i + ".rc")).trim())));
            }
            return out;
        } finally {
            deleteTree(scratch);
        }
    }

    /** Rewrites each block's output with what the tool printed; the rest of the page is kept. */
    private static void regenerate(Path page, DocFile doc, Map<DocFile.Command, Result> results) throws IOException {
        List<String> out = new ArrayList<>();
        int next = 0;
        boolean changed = false;
        for (DocFile.Block b : doc.blocks) {
            out.addAll(doc.lines.subList(next, b.open() + 1));
            List<String> body = new ArrayList<>();
            for (int k = 0; k < b.commands().size(); k++) {
                DocFile.Command c = b.commands().get(k);
                if (k > 0) {
                    body.add("");
                }
                body.add("$ " + c.text());
                List<String> shown = results.get(c).shown();
                if (OutputMask.apply(shown).equals(OutputMask.apply(c.expected()))) {
                    body.addAll(c.expected()); // only masked parts differ: keep the page as it is
                } else {
                    body.addAll(shown.stream().map(String::stripTrailing).toList());
                }
            }
            if (!body.equals(doc.lines.subList(b.open() + 1, b.close()))) {
                changed = true;
            }
            out.addAll(body);
            next = b.close();
        }
        out.addAll(doc.lines.subList(next, doc.lines.size()));
        if (changed) {
            Files.writeString(page, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
            System.out.println("regenerated " + root().relativize(page));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
