package ptecheck.testutil;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ptecheck.compile.CompiledSpec;
import ptecheck.compile.SpecCompiler;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.diag.SpecException;
import ptecheck.lang.parse.ModuleLoader;

/** Loading, compiling and checking .ptm files from tests: the repository and test resources. */
public final class Specs {
    private Specs() {}

    /** The repository root, from the {@code ptecheck.root} property that surefire sets. */
    public static Path root() {
        String root = System.getProperty("ptecheck.root");
        if (root == null) {
            throw new IllegalStateException("system property ptecheck.root is not set (run the tests with Maven)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** A path below the repository root. */
    public static Path repo(String relative) {
        return root().resolve(relative);
    }

    /** A test resource, as a file path ({@code features/consts.ptm}). */
    public static Path resource(String name) {
        URL url = Specs.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The loader the command line uses: {@code uses NAME} finds the repository's models. */
    public static ModuleLoader loader() {
        return new ModuleLoader(List.of(repo("models")));
    }

    public static LoadedSpec load(Path file) throws SpecException {
        return loader().load(file);
    }

    public static CompiledSpec compile(Path file, Map<String, String> overrides) throws SpecException {
        return SpecCompiler.compile(load(file), overrides);
    }

    /** With dead-variable reduction on or off ({@code --no-dead-vars}). */
    public static CompiledSpec compile(Path file, Map<String, String> overrides, boolean deadVariables)
            throws SpecException {
        return SpecCompiler.compile(load(file), overrides, ptecheck.compile.SizeBound.forMemory(0), deadVariables);
    }

    /** Breadth-first search with the default options (unbounded, deadlocks checked). */
    public static SearchResult check(CompiledSpec spec) {
        return new BfsSearch(spec.system(), SearchOptions.defaults()).run();
    }

    /**
     * What {@code check} decides: the breadth-first search, then, when it passed, the liveness
     * properties over the full graph (whose violation or incompleteness is then the result).
     */
    public static SearchResult checkWithLiveness(CompiledSpec spec) {
        SearchResult r = check(spec);
        if (r.outcome() != ptecheck.explore.Outcome.PASS
                || ptecheck.explore.LivenessSearch.checked(spec.system(), SearchOptions.defaults()).isEmpty()) {
            return r;
        }
        SearchResult l = new ptecheck.explore.LivenessSearch(spec.system(), SearchOptions.defaults()).run();
        return l.outcome() == ptecheck.explore.Outcome.PASS ? r : l;
    }

    /** True when the file is a model library ({@code model NAME}), not a spec. */
    public static boolean isModel(Path file) {
        try {
            String text = Files.readString(file);
            return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").strip().startsWith("model");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
