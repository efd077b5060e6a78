package ptecheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ptecheck.compile.Expectations;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.diag.SpecException;

/** {@code ptecheck test}: run specs in every configuration their expect clauses name, and compare. */
@Command(name = "test", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Run every spec in every configuration its 'expect' clauses name, and compare the",
            "verdict with the expectation: a regression suite for CI.",
            "Exit: 0 all expectations met, 1 one not met, 2 usage or spec error, 3 incomplete."})
final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Spec files, or folders to search for specs.")
    List<Path> paths;

    @Option(names = "-D", paramLabel = "NAME=VALUE", preprocessor = Defines.class, description = "Fix a const in every configuration.")
    Map<String, String> defines = new LinkedHashMap<>();

    @Option(names = "--max-states", paramLabel = "N", description = "Bound each run to N distinct states.")
    Long maxStates;

    @Option(names = "--model-path", paramLabel = "DIR", description = "More folders to search for 'uses' models.")
    List<Path> modelPath = new ArrayList<>();

    @Option(names = "--json", description = "Print a machine-readable summary instead of text.")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML to FILE, for CI.")
    Path junitFile;

    @Mixin
    SearchFlags search = new SearchFlags();

    /** One configuration's outcome against its expectation. */
    record Verdict(Path file, Map<String, String> config, String status, String expected, String got,
                   SpecRunner.Run run) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> base;
        SearchOptions options;
        try {
            base = new LinkedHashMap<>(defines);
            search.progressTo(err);
            options = search.apply(SearchOptions.defaults().withMaxStates(SpecRunner.maxStates(maxStates)));
        } catch (SpecRunner.UsageError e) {
            return Json.usageError(json, out, err, e.getMessage());
        }
        SpecRunner runner = new SpecRunner(modelPath).interpret(search.interpret)
                .deadVariables(search.deadVariables());
        List<Path> files = SpecRunner.specFiles(paths);
        if (files.isEmpty()) {
            return Json.usageError(json, out, err, "no spec files found in " + paths);
        }
        if (junitFile != null && (junitFile.toString().endsWith(".ptm") || files.stream().anyMatch(f ->
                f.toAbsolutePath().normalize().equals(junitFile.toAbsolutePath().normalize())))) {
            return Json.usageError(json, out, err, "--junit " + junitFile + ": would write over a spec; name an .xml file");
        }
        JUnitReport junit = new JUnitReport();
        int passed = 0;
        int failed = 0;
        int exit = ExitCode.OK;
        List<Object> json = new ArrayList<>();
        for (Path file : files) {
            LoadedSpec loaded;
            try {
                loaded = runner.load(file);
            } catch (SpecException e) {
                err.print(SpecRunner.render(e));
                junit.loadError(file, SpecRunner.render(e));
                if (this.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", file.toString());
                    m.put("status", "error");
                    m.put("errors", Json.errors(e));
                    json.add(m);
                } else {
                    out.println("ERROR " + file + ": does not load");
                }
                failed++;
                exit = CheckCommand.worse(exit, ExitCode.ERROR);
                continue;
            }
            // The same errors in every configuration are printed once, not once per configuration.
            String shownErrors = null;
            for (Map<String, String> config : Expectations.configurations(loaded.all(), loaded.spec(), base)) {
                Verdict v;
                SpecException error = null;
                try {
                    SpecRunner.Run run = runner.check(file, loaded, config, options);
                    v = judge(file, config, run);
                } catch (SpecException e) {
                    error = e;
                    if (!SpecRunner.render(e).equals(shownErrors)) {
                        err.print(SpecRunner.render(e));
                        shownErrors = SpecRunner.render(e);
                    }
                    v = e.incomplete() ? new Verdict(file, config, "INCOMPLETE", "-", "too large for --memory", null)
                            : new Verdict(file, config, "ERROR", "-", "spec error", null);
                    if (!e.incomplete()) {
                        junit.addCompileError(v, SpecRunner.render(e));
                    }
                }
                if (!v.status().equals("ERROR")) {
                    junit.add(v);
                }
                switch (v.status()) {
                    case "ok" -> passed++;
                    case "skip" -> { }
                    default -> failed++;
                }
                exit = CheckCommand.worse(exit, switch (v.status()) {
                    case "ok", "skip" -> ExitCode.OK;
                    case "INCOMPLETE" -> ExitCode.INCOMPLETE;
                    case "ERROR" -> ExitCode.ERROR;
                    default -> ExitCode.VIOLATION;
                });
                if (this.json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", file.toString());
                    m.put("config", Json.typed(config));
                    m.put("status", v.status().toLowerCase());
                    m.put("expected", v.expected());
                    m.put("got", v.got());
                    if (v.run() != null) {
                        m.put("result", Reports.json(v.run()));
                    }
                    if (error != null) {
                        m.put("errors", Json.errors(error));
                    }
                    json.add(m);
                } else {
                    print(out, v);
                }
            }
        }
        if (junitFile != null) {
            try {
                junit.write(junitFile);
            } catch (IOException e) {
                err.println("ptecheck: --junit " + junitFile + ": cannot write: " + e.getMessage());
                exit = CheckCommand.worse(exit, ExitCode.ERROR);
            }
        }
        if (this.json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("results", json);
            summary.put("passed", passed);
            summary.put("failed", failed);
            out.println(Json.write(summary));
        } else {
            out.println();
            out.println("test: " + passed + " passed, " + failed + " failed");
        }
        if (passed + failed == 0) {
            // a regression run that checked nothing must not look green
            err.println("ptecheck: no configuration had an expect clause: nothing was tested");
            return CheckCommand.worse(exit, ExitCode.ERROR);
        }
        return exit;
    }

    private static Verdict judge(Path file, Map<String, String> config, SpecRunner.Run run) {
        Decl.Expect expect = run.spec().expectation();
        SearchResult r = run.result();
        String got = switch (r.outcome()) {
            case PASS -> "pass";
            case INCOMPLETE -> "incomplete";
            case VIOLATION -> "violation " + r.counterexample().property();
        };
        if (expect == null) {
            return new Verdict(file, config, "skip", "no expectation", got, run);
        }
        String expected = expect.pass() ? "pass" : "violation " + expect.property();
        String status;
        if (r.outcome() == Outcome.INCOMPLETE) {
            status = "INCOMPLETE";
        } else {
            status = got.equals(expected) ? "ok" : "FAIL";
        }
        return new Verdict(file, config, status, expected, got, run);
    }

    private static void print(PrintWriter out, Verdict v) {
        String cfg = v.config().isEmpty() ? "" : " [" + Reports.config(v.config()) + "]";
        String states = v.run() == null ? "" : String.format(java.util.Locale.ROOT, " (%,d states, depth %d)",
                v.run().result().stats().distinct(), v.run().result().stats().depth());
        String label = switch (v.status()) {
            case "ok" -> "ok   ";
            case "skip" -> "skip ";
            case "FAIL" -> "FAIL ";
            case "INCOMPLETE" -> "INCOMPLETE ";
            default -> "ERROR ";
        };
        String what = v.status().equals("ok") ? v.got() + " as expected"
                : v.status().equals("skip") ? "no expect clause for this configuration (got " + v.got() + ")"
                : "expected " + v.expected() + ", got " + v.got();
        out.println(label + v.file() + cfg + ": " + what + states);
        if (v.run() != null) {
            for (String w : Reports.vacuity(v.run())) {
                out.println("     warning: " + w);
            }
        }
        if (v.status().equals("FAIL") && v.run() != null && v.run().result().outcome() == Outcome.VIOLATION) {
            out.println(Reports.verdict(v.run(), 0).indent(4));
        }
        out.flush();
    }
}
