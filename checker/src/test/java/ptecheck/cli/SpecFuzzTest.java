package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: mutated bundled specs must give clean diagnostics or results, never a stack trace or
 * an internal error. Bounded for CI (a fixed seed, a few seconds); the long run is
 * {@code bench/fuzz.sh}, which sets {@code fuzz.mutants}, {@code fuzz.seconds} and {@code fuzz.seed}.
 */
class SpecFuzzTest {
    @TempDir
    Path tmp;

    private static final String[] INSERTS = {"{", "}", "(", ")", "[", "]", "=", ";", ",", "..", "-", "9999999",
        "0", "-1", "\r", "\t", "\u0000", "\u00e9", "none", "if", "for p in PAGE", "lock ptl", "@", "//", "/*", "\"",
        "const", "var", "2147483648", "true"};

    /** One mutation of {@code text}: a span deleted or doubled, a token inserted, or a number replaced. */
    static String mutate(String text, Random r) {
        int i = r.nextInt(text.length());
        int len = Math.min(1 + r.nextInt(12), text.length() - i);
        return switch (r.nextInt(5)) {
            case 0 -> text.substring(0, i) + text.substring(i + len);
            case 1 -> text.substring(0, i) + text.substring(i, i + len) + text.substring(i);
            case 2 -> text.substring(0, i) + INSERTS[r.nextInt(INSERTS.length)] + text.substring(i);
            case 3 -> text.replaceFirst("\\b\\d+\\b", List.of("0", "100000", "-3", "1000000000").get(r.nextInt(4)));
            default -> {
                int j = r.nextInt(text.length());
                int a = Math.min(i, j);
                int b = Math.max(i, j);
                yield text.substring(0, a) + text.substring(b) + text.substring(a, b);
            }
        };
    }

    @Test
    void mutatedSpecsGiveDiagnosticsOrResultsNeverAnInternalError() throws IOException {
        long seed = Long.getLong("fuzz.seed", 12);
        int mutants = Integer.getInteger("fuzz.mutants", 40);
        long deadline = System.nanoTime() + Long.getLong("fuzz.seconds", 5) * 1_000_000_000L;
        List<Path> specs = SpecRunner.specFiles(List.of(Specs.root().resolve("specs")));
        List<String> texts = new ArrayList<>();
        for (Path p : specs) {
            texts.add(Files.readString(p));
        }
        Random r = new Random(seed);
        int done = 0;
        int[] byExit = new int[4];
        for (int k = 0; k < mutants && System.nanoTime() < deadline; k++) {
            int which = r.nextInt(texts.size());
            String m = texts.get(which);
            for (int n = 1 + r.nextInt(3); n > 0 && !m.isEmpty(); n--) {
                m = mutate(m, r);
            }
            // The mutant sits next to a copy of nothing: 'uses' finds the repository's models.
            Path file = tmp.resolve("m" + k + ".ptm");
            Files.write(file, m.getBytes(StandardCharsets.UTF_8));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"check", file.toString(), "--quiet", "--workers", "1", "--max-states", "50",
                "--memory", "64m"}, new PrintWriter(out), new PrintWriter(err));
            String all = out + "" + err;
            String what = "mutant " + k + " of " + specs.get(which) + " (seed " + seed + "):\n" + m + "\n---\n" + all;
            assertTrue(code >= 0 && code <= 3, what);
            assertFalse(all.contains("internal error"), what);
            assertFalse(all.contains("Exception"), what);
            assertFalse(all.contains("\tat "), what);
            if (code == ExitCode.ERROR) {
                assertTrue(all.contains(": error: ") || all.startsWith("ptecheck: "), "an error without a position: " + what);
            }
            byExit[code]++;
            done++;
            Files.delete(file);
        }
        assertTrue(done >= 1, "no mutant ran in the time given");
        System.out.printf("fuzz: %d mutants (seed %d): exit 0: %d, 1: %d, 2: %d, 3: %d%n", done, seed, byExit[0],
                byExit[1], byExit[2], byExit[3]);
    }
}
