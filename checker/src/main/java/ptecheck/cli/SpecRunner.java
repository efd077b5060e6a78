package ptecheck.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ptecheck.compile.CompiledSpec;
import ptecheck.compile.SizeBound;
import ptecheck.compile.SpecCompiler;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.DiagnosticPrinter;
import ptecheck.lang.diag.SpecException;
import ptecheck.lang.parse.ModuleLoader;

/** Loads, compiles and explores specs: what {@code check} and {@code test} have in common. */
final class SpecRunner {
    private final ModuleLoader loader;

    SpecRunner(List<Path> extraModelDirs) {
        List<Path> dirs = new ArrayList<>();
        Path repoModels = repositoryModels();
        if (repoModels != null) {
            dirs.add(repoModels);
        }
        dirs.addAll(extraModelDirs);
        this.loader = new ModuleLoader(dirs);
    }

    private boolean deadVariables = true;

    /** Compile with dead-variable reduction ({@code --no-dead-vars}: false). */
    SpecRunner deadVariables(boolean on) {
        this.deadVariables = on;
        return this;
    }


    private boolean interpret;

    /** {@code --interpret}: steps interpreted rather than compiled (see {@link CompiledSpec#interpreted}). */
    SpecRunner interpret(boolean interpret) {
        this.interpret = interpret;
        return this;
    }

    private CompiledSpec compile(LoadedSpec loaded, Map<String, String> overrides, SearchOptions options)
            throws SpecException {
        CompiledSpec spec = SpecCompiler.compile(loaded, overrides, SizeBound.forMemory(options.memoryBytes()),
                deadVariables);
        return interpret ? spec.interpreted() : spec;
    }

    LoadedSpec load(Path spec) throws SpecException {
        return loader.load(spec);
    }

    /**
     * One configuration of one spec, checked with {@code options}.
     *
     * @param liveness the liveness check that ran after the search, or null when none ran
     *     (no liveness property, or the search did not pass); when it found a violation,
     *     {@code result} is its result
     * @param cut when a weak memory model's buffer bound cut the search: the first step that
     *     found its buffer full, as the failure described it; null otherwise
     */
    record Run(Path file, CompiledSpec spec, SearchResult result, SearchOptions options, Liveness liveness, String cut) {
        Run(Path file, CompiledSpec spec, SearchResult result, SearchOptions options) {
            this(file, spec, result, options, null, null);
        }

        Run(Path file, CompiledSpec spec, SearchResult result, SearchOptions options, Liveness liveness) {
            this(file, spec, result, options, liveness, null);
        }

        /** True when the counterexample, if any, is a shortest one. */
        boolean shortest() {
            return options.strategy().shortest() && (liveness == null || liveness.result().outcome() != ptecheck.explore.Outcome.VIOLATION);
        }
    }

    /** What the liveness check did: its result over the full graph, its edges, the properties it checked. */
    record Liveness(SearchResult result, long edges, List<String> properties) {}

    /**
     * The search, then, when it passed and the spec has liveness properties, the liveness
     * check over the full graph; its violation or incompleteness is the run's.
     */
    static Run search(Path file, CompiledSpec spec, SearchOptions options) {
        SearchResult r = options.strategy().create(spec.system(), options).run();
        if (cutByBuffer(r)) {
            // The buffer bound cut an execution. Search again with such steps ending their runs:
            // a violation within the bound is real; anything else proves nothing.
            String cut = r.counterexample().message();
            java.util.Set<String> ignored = new java.util.LinkedHashSet<>(options.ignored());
            ignored.add(CompiledSpec.BUFFER_BOUND);
            SearchOptions within = options.withIgnored(ignored);
            SearchResult again = within.strategy().create(spec.system(), within).run();
            if (again.outcome() == ptecheck.explore.Outcome.PASS) {
                ptecheck.explore.Stats st = again.stats();
                again = new SearchResult(ptecheck.explore.Outcome.INCOMPLETE, new ptecheck.explore.Stats(st.generated(),
                        st.distinct(), st.depth(), st.millis(), st.storeBytes(), st.workers(), st.store(), st.peakBytes(),
                        st.memoryLimit(), st.collisionProbability(), st.observedCollisionProbability(),
                        st.missProbability(), st.reducedStates(), "buffer"), null);
            }
            return new Run(file, spec, again, within, null, cut);
        }
        var checked = ptecheck.explore.LivenessSearch.checked(spec.system(), options);
        if (r.outcome() != ptecheck.explore.Outcome.PASS || checked.isEmpty()) {
            return new Run(file, spec, r, options);
        }
        var search = new ptecheck.explore.LivenessSearch(spec.system(), options);
        SearchResult l = search.run();
        Liveness liveness = new Liveness(l, search.edges(), checked.stream().map(p -> p.name()).toList());
        if (l.outcome() == ptecheck.explore.Outcome.PASS) {
            return new Run(file, spec, r, options, liveness);
        }
        // The run's statistics are now the liveness check's: one thread, no reductions.
        return new Run(file, spec, l, options.withWorkers(1).withPartialOrder(false).withSymmetry(false), liveness);
    }

    Run check(Path file, LoadedSpec loaded, Map<String, String> overrides, SearchOptions options)
            throws SpecException {
        CompiledSpec spec = compile(loaded, overrides, options);
        Interruption.searching(file + (spec.config().isEmpty() ? "" : " (" + Reports.config(spec.config()) + ")"));
        try {
            return search(file, spec, options);
        } finally {
            Interruption.finished();
        }
    }

    /**
     * {@code --continue}: every property that can be violated, each with its counterexample. After
     * a violation of a property, the search runs again with that property ignored (a failing step
     * of it ends the run there; "deadlock" turns the deadlock and progress checks off), so each
     * breadth-first counterexample is still a shortest one. The last run is the one that found
     * nothing more (pass or incomplete).
     */
    List<Run> checkEach(Path file, LoadedSpec loaded, Map<String, String> overrides, SearchOptions options)
            throws SpecException {
        CompiledSpec spec = compile(loaded, overrides, options);
        List<Run> runs = new ArrayList<>();
        java.util.Set<String> ignored = new java.util.LinkedHashSet<>();
        SearchOptions o = options;
        while (true) {
            Run run = search(file, spec, o);
            SearchResult r = run.result();
            runs.add(run);
            if (r.outcome() != ptecheck.explore.Outcome.VIOLATION) {
                return runs;
            }
            String property = r.counterexample().property();
            if (!ignored.add(property)) {
                throw new IllegalStateException("--continue: " + property + " reported again although ignored");
            }
            o = o.withIgnored(ignored);
            if (property.equals(ptecheck.ts.Counterexample.DEADLOCK)) {
                o = o.withCheckDeadlock(false);
            }
        }
    }

    /** True when {@code r} stopped at a step that found a weak memory model's buffer full. */
    static boolean cutByBuffer(SearchResult r) {
        return r.outcome() == ptecheck.explore.Outcome.VIOLATION
                && CompiledSpec.BUFFER_BOUND.equals(r.counterexample().property());
    }

    /** Renders every diagnostic of a failed load or compile. */
    static String render(SpecException e) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : e.diagnostics()) {
            sb.append(DiagnosticPrinter.render(d, e.sources()));
        }
        return sb.toString();
    }

    /**
     * The repository's {@code models/}: from the {@code ptecheck.models} property (set by the
     * launcher), else next to the jar ({@code checker/target/ptecheck.jar} is two levels down),
     * else {@code ./models}.
     */
    static Path repositoryModels() {
        String prop = System.getProperty("ptecheck.models");
        if (prop != null && !prop.isEmpty()) {
            return Path.of(prop);
        }
        String root = System.getProperty("ptecheck.root");
        if (root != null && Files.isDirectory(Path.of(root, "models"))) {
            return Path.of(root, "models");
        }
        try {
            Path jar = Path.of(SpecRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("models")) && Files.isDirectory(p.resolve("checker"))) {
                    return p.resolve("models");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        Path local = Path.of("models");
        return Files.isDirectory(local) ? local : null;
    }

    private static final Pattern MODEL_HEADER = Pattern.compile("\\A(\\s|//[^\\n]*\\n|/\\*.*?\\*/)*model\\b",
            Pattern.DOTALL);

    /**
     * The spec files named by {@code paths}: files as given, folders searched for {@code .ptm}
     * files that are specs (model libraries are skipped), in a stable order.
     */
    static List<Path> specFiles(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> found = walk.filter(f -> f.toString().endsWith(".ptm") && Files.isRegularFile(f))
                            .sorted().toList();
                    for (Path f : found) {
                        // Lenient decoding: a file that is not UTF-8 is kept, and the loader reports it.
                        String head = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
                        if (!MODEL_HEADER.matcher(head).lookingAt()) {
                            out.add(f);
                        }
                    }
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The {@code --max-states} bound: absent means none; 0 or less is a mistake, not "no bound". */
    static long maxStates(Long n) throws UsageError {
        if (n != null && n < 1) {
            throw new UsageError("--max-states " + n + ": expected at least 1 (leave the option out for no bound)");
        }
        return n == null ? 0 : n;
    }

    /** A usage error found after Picocli parsed the options. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
