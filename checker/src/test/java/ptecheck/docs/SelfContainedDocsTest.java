package ptecheck.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What users read points only at what they have: the repository and public sources. */
class SelfContainedDocsTest {
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|/work/shared|HARDWARE\\.md|shared/seeds");
    private static final Pattern HARDWARE_REF = Pattern.compile("hardware\\.md\\)? §(\\d+)(?:\\.(\\d+))?");

    private static List<Path> userFiles() throws IOException {
        Path root = DocsTest.root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        for (String dir : List.of("docs", "models", "specs")) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void readmeDocsModelsAndSpecsNeverPointOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : userFiles()) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (OUTSIDE.matcher(lines.get(i)).find()) {
                    found.add(DocsTest.root().relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(found.isEmpty(), "references to files users do not have (cite docs/hardware.md, the SDM, "
                + "the Arm ARM or kernel commits instead):\n" + String.join("\n", found));
    }

    @Test
    void everyCitedSectionOfHardwareMdExists() throws IOException {
        Path hardware = DocsTest.root().resolve("docs/hardware.md");
        Set<String> sections = new HashSet<>();
        String top = null;
        for (String line : Files.readAllLines(hardware, StandardCharsets.UTF_8)) {
            Matcher h = Pattern.compile("^## (\\d+)\\. ").matcher(line);
            Matcher item = Pattern.compile("^(\\d+)\\. ").matcher(line);
            if (h.find()) {
                top = h.group(1);
                sections.add(top);
            } else if (top != null && item.find()) {
                sections.add(top + "." + item.group(1));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Path f : userFiles()) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = HARDWARE_REF.matcher(lines.get(i));
                while (m.find()) {
                    String s = m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2);
                    if (!sections.contains(s)) {
                        missing.add(DocsTest.root().relativize(f) + ":" + (i + 1) + ": §" + s);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "docs/hardware.md has no such section:\n" + String.join("\n", missing));
    }
}
