package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ptecheck.explore.Outcome;

/**
 * Every trace format on the bundled specs against the files in {@code golden/}. After an
 * intended change, regenerate them with {@code mvn -pl checker test -Dtest=TraceGoldenTest
 * -Dptecheck.golden.update=true} and review the diff.
 */
class TraceGoldenTest {
    private static final String NAIVE = "specs/mprotect/change_pte_range.ptm";

    record Case(String golden, String spec, Map<String, String> config, TraceFormat format, boolean slice,
                boolean fullStates) {}

    static List<Case> cases() {
        Map<String, String> naive = Map.of("IMPL", "naive");
        List<Case> out = new ArrayList<>();
        out.add(new Case("naive.txt", NAIVE, naive, TraceFormat.text, false, false));
        out.add(new Case("naive.full.txt", NAIVE, naive, TraceFormat.text, false, true));
        out.add(new Case("naive.kernel.txt", NAIVE, naive, TraceFormat.kernel, false, false));
        out.add(new Case("naive.itf.json", NAIVE, naive, TraceFormat.json, false, false));
        out.add(new Case("lost_update.itf.json", "traces/lost_update.ptm", Map.of(), TraceFormat.json, false, false));
        out.add(new Case("naive.html", NAIVE, naive, TraceFormat.html, false, false));
        out.add(new Case("abba.html", "traces/abba.ptm", Map.of(), TraceFormat.html, false, false));
        out.add(new Case("helper_call.kernel.txt", "traces/helper_call.ptm", Map.of(), TraceFormat.kernel, false, false));
        out.add(new Case("abba.kernel.txt", "traces/abba.ptm", Map.of(), TraceFormat.kernel, false, false));
        out.add(new Case("stuck.kernel.txt", "traces/stuck.ptm", Map.of(), TraceFormat.kernel, false, false));
        out.add(new Case("lost_update.kernel.txt", "traces/lost_update.ptm", Map.of(), TraceFormat.kernel, false, false));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyFormatMatchesItsGoldenFile() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.golden(), () -> {
            SpecRunner.Run run = Specs.check(c.spec(), c.config());
            assertEquals(Outcome.VIOLATION, run.result().outcome());
            // the page names the build (commit, date): the golden file holds a placeholder
            String got = Specs.portable(TraceOutput.render(run, c.format(), c.slice(), c.fullStates()))
                    .replaceAll("<p class=\"version\">ptecheck [^<]*</p>", "<p class=\"version\">ptecheck VERSION</p>");
            if (c.format() == TraceFormat.kernel) {
                for (String line : got.lines().toList()) {
                    assertTrue(line.length() <= 80 && line.chars().allMatch(ch -> ch < 128), "too wide or not ASCII: " + line);
                }
            }
            if (c.format() == TraceFormat.html) {
                assertTrue(!got.contains("http://") && !got.replace("https://apalache", "").contains("https://")
                        && !got.contains(" src="), "the page must load nothing from elsewhere");
            }
            compare(c.golden(), got);
        }));
    }

    static void compare(String name, String got) throws IOException {
        Path file = Specs.root().resolve("checker/src/test/resources/golden").resolve(name);
        if (Boolean.getBoolean("ptecheck.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, got);
        }
        assertTrue(Files.exists(file), "missing golden file " + file + "; run with -Dptecheck.golden.update=true");
        assertEquals(Files.readString(file), got, "differs from " + file);
    }
}
