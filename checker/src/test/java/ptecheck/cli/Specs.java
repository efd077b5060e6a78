package ptecheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ptecheck.explore.SearchOptions;
import ptecheck.lang.diag.SpecException;

/** Checks specs of the repository (and of the test resources) the way {@code ptecheck check} does. */
final class Specs {
    private Specs() {}

    /** The repository root ({@code ptecheck.root}, set by Maven). */
    static Path root() {
        return Path.of(System.getProperty("ptecheck.root", "..")).toAbsolutePath().normalize();
    }

    /** A spec of the repository ({@code specs/...}) or of the trace tests ({@code traces/...}). */
    static Path spec(String name) {
        Path inRepo = root().resolve(name);
        return Files.exists(inRepo) ? inRepo : root().resolve("checker/src/test/resources").resolve(name);
    }

    static SpecRunner.Run check(String name, Map<String, String> overrides) {
        Path file = spec(name);
        SpecRunner runner = new SpecRunner(List.of());
        try {
            return runner.check(file, runner.load(file), overrides, SearchOptions.defaults());
        } catch (SpecException e) {
            throw new AssertionError(SpecRunner.render(e), e);
        }
    }

    /** {@code text} with the repository's absolute path taken out, so it reads as from the root. */
    static String portable(String text) {
        return text.replace(root() + "/", "");
    }
}
