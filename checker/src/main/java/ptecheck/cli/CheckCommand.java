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
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.diag.SpecException;

/** {@code ptecheck check}: explore every interleaving and report the first violation. */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Explore every interleaving of each spec (in the configuration given by its consts",
            "and -D options) and report the shortest counterexample to the first property violated.",
            "Exit: 0 no violation, 1 violation, 2 usage or spec error, 3 incomplete (a bound was hit)."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Spec files, or folders to search for specs.")
    List<Path> paths;

    @Option(names = "-D", paramLabel = "NAME=VALUE", preprocessor = Defines.class, description = "Override a const (e.g. -D IMPL=naive -D CPUS=3).")
    Map<String, String> defines = new LinkedHashMap<>();

    @Option(names = "--max-states", paramLabel = "N", description = "Stop (incomplete, exit 3) after N distinct states.")
    Long maxStates;

    @Option(names = "--model-path", paramLabel = "DIR", description = "More folders to search for 'uses' models.")
    List<Path> modelPath = new ArrayList<>();

    @Option(names = "--no-deadlock", description = "Do not report states where nothing can move.")
    boolean noDeadlock;

    @Option(names = "--json", description = "Print a machine-readable summary instead of text.")
    boolean json;

    @Option(names = "--trace-format", paramLabel = "FORMAT",
            description = {"How to write a counterexample: text (steps and the variables they change; the default),",
                "kernel (CPU 0 / CPU 1 race diagram for commit messages), json (Informal Trace Format, for",
                "tools and 'ptecheck replay') or html (one self-contained page). json and html are written",
                "alone to standard output (the report goes to standard error) unless --trace-file is given."})
    TraceFormat traceFormat = TraceFormat.text;

    @Option(names = "--trace-file", paramLabel = "FILE",
            description = "Write the counterexample to FILE instead of standard output (one spec file only).")
    Path traceFile;

    @Option(names = "--slice",
            description = "Show only the steps the violation depends on; fold the others into one line per run.")
    boolean slice;

    @Option(names = "--full-states", description = "In text traces, list every variable after each step.")
    boolean fullStates;

    @Option(names = "--continue",
            description = {"Report every property that can be violated, each with its counterexample (shortest with",
                "bfs), not only the first: after each violation the search runs again without that property."})
    boolean continueAll;

    @Option(names = "--coverage",
            description = {"After the search, explore the full state graph again and list how often each rule instance",
                "and kernel step fired (those that never fired first) and how often each property was in scope."})
    boolean coverage;

    @Mixin
    SearchFlags search = new SearchFlags();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> overrides;
        SearchOptions options;
        try {
            overrides = new LinkedHashMap<>(defines);
            search.progressTo(err);
            options = search.apply(SearchOptions.defaults().withMaxStates(SpecRunner.maxStates(maxStates))
                    .withCheckDeadlock(!noDeadlock));
        } catch (SpecRunner.UsageError e) {
            return Json.usageError(json, out, err, e.getMessage());
        }
        SpecRunner runner = new SpecRunner(modelPath).interpret(search.interpret)
                .deadVariables(search.deadVariables());
        int exit = ExitCode.OK;
        List<Object> results = new ArrayList<>();
        List<Path> files = SpecRunner.specFiles(paths);
        if (files.isEmpty()) {
            return Json.usageError(json, out, err, "no spec files found in " + paths);
        }
        if (files.size() > 1 && (traceFile != null || (traceFormat.document() && !json))) {
            return Json.usageError(json, out, err, (traceFile != null ? "--trace-file" : "--trace-format " + traceFormat)
                    + " takes one spec file, found " + files.size());
        }
        if (continueAll && (traceFile != null || traceFormat.document())) {
            return Json.usageError(json, out, err, "--continue prints one trace per property; it takes --trace-format text or kernel,"
                    + " without --trace-file");
        }
        if (json && traceFile == null && traceFormat != TraceFormat.text) {
            return Json.usageError(json, out, err, "--json prints a summary on standard output; write the " + traceFormat
                    + " trace with --trace-file FILE");
        }
        if (traceFile != null && TraceFile.problem(traceFile) != null) {
            return Json.usageError(json, out, err, "--trace-file " + traceFile + ": " + TraceFile.problem(traceFile));
        }
        for (Path file : files) {
            try {
                LoadedSpec loaded = runner.load(file);
                Path input = traceFile == null ? null : TraceFile.input(traceFile, file, loaded.all());
                if (input != null) {
                    return Json.usageError(json, out, err, "--trace-file " + traceFile + " is " + (input == file ? "the spec" : "a model the spec uses")
                            + " (" + input + "); writing the trace there would overwrite it");
                }
                List<SpecRunner.Run> runs = continueAll ? runner.checkEach(file, loaded, overrides, options)
                        : List.of(runner.check(file, loaded, overrides, options));
                for (SpecRunner.Run run : runs) {
                    exit = worse(exit, report(file, run, options, runs, out, err, results));
                }
            } catch (SpecException e) {
                err.print(SpecRunner.render(e));
                err.flush();
                if (json) {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("file", file.toString());
                    m.put("outcome", e.incomplete() ? "incomplete" : "error");
                    m.put("errors", Json.errors(e));
                    results.add(m);
                }
                exit = worse(exit, e.incomplete() ? ExitCode.INCOMPLETE : ExitCode.ERROR);
            }
        }
        if (json) {
            out.println(Json.write(results.size() == 1 ? results.get(0) : results));
        }
        return exit;
    }

    /**
     * Prints (or adds to {@code results}, with --json) one run of {@code file}, one of
     * {@code runs} with --continue; returns its exit code.
     */
    private int report(Path file, SpecRunner.Run run, SearchOptions options, List<SpecRunner.Run> runs,
                       PrintWriter out, PrintWriter err, List<Object> results) throws IOException {
        boolean first = run == runs.get(0);
        boolean last = run == runs.get(runs.size() - 1);
        String trace = run.result().outcome() == Outcome.VIOLATION ? TraceOutput.render(run, traceFormat, slice, fullStates,
                search.reproduce(file.toString(), run.spec().constants(), defines, modelPath, options)) : null;
        String unwritten = trace != null && traceFile != null ? TraceFile.write(traceFile, trace) : null;
        if (unwritten != null) {
            err.println("ptecheck: cannot write the trace to " + traceFile + ": " + unwritten);
        }
        if (json) {
            Map<String, Object> m = Reports.json(run);
            m.putAll(SearchFlags.json(run.result().stats(), run.options(),
                    ptecheck.explore.SearchPolicy.symmetryApplied(run.spec().system(), run.options()),
                    ptecheck.explore.SearchPolicy.progressCheckSkipped(run.spec().system(), run.options()),
                    search.reproduce(file.toString(), run.spec().constants(), defines, modelPath, options)
                            + (continueAll ? " --continue" : ""),
                    run.result().members().stream().map(s -> s.distinct()).toList()));
            if (continueAll) {
                m.put("ignored", List.copyOf(run.options().ignored()));
            }
            if (last) {
                m.put("warnings", Reports.vacuity(run));
                if (coverage) {
                    m.put("coverage", CoverageReport.json(run.spec().system(),
                            ptecheck.explore.LivenessSearch.coverage(run.spec().system(), options)));
                }
            }
            results.add(m);
        } else {
            // A json or html document on standard output is the whole output: the report goes to stderr.
            PrintWriter report = traceFormat.document() && traceFile == null ? err : out;
            java.io.StringWriter narrow = traceFormat == TraceFormat.kernel ? new java.io.StringWriter() : null;
            PrintWriter reportTo = report;
            if (narrow != null) {
                report = new PrintWriter(narrow); // the kernel format's report keeps to 80 columns
            }
            if (first) {
                report.println(file + " (" + Reports.config(run.spec().config()) + ")");
            }
            if (trace == null) {
                String verdict = Reports.verdict(run, options.maxStates(), null);
                if (runs.size() > 1) {
                    verdict = verdict.replaceFirst("^No violation:", "No other violation:");
                }
                report.print(verdict);
            } else if (traceFile != null) {
                report.print(Reports.verdict(run, options.maxStates(), t -> unwritten != null
                        ? "Trace not written: cannot write " + traceFile + ": " + unwritten + "\n"
                        : "Trace (" + traceFormat + ") written to " + traceFile + "\n"));
            } else if (traceFormat.document()) {
                report.print(Reports.verdict(run, options.maxStates(), t -> "Trace (" + traceFormat
                        + ") written to standard output\n"));
                out.print(trace);
            } else {
                report.print(Reports.verdict(run, options.maxStates(),
                        t -> TraceOutput.render(run, t, traceFormat, slice, fullStates), true));
            }
            if (last) {
                if (continueAll) {
                    List<String> violated = runs.stream().filter(r -> r.result().outcome() == Outcome.VIOLATION)
                            .map(r -> r.result().counterexample().property()).toList();
                    report.println("Violated: " + (violated.isEmpty() ? "nothing" : String.join(", ", violated))
                            + " (--continue: " + runs.size() + (runs.size() == 1 ? " search)" : " searches)"));
                }
                report.print(SearchFlags.summary(run.result().stats(), run.options(),
                        SearchFlags.symmetries(run.spec().system()), run.spec().symmetryRefusal(),
                        ptecheck.explore.SearchPolicy.partialOrderUnsound(run.spec().system(), run.options()),
                        ptecheck.explore.SearchPolicy.progressCheckSkipped(run.spec().system(), run.options())));
                report.print(Reports.liveness(run));
                for (String w : Reports.vacuity(run)) {
                    report.println("Warning: " + w);
                }
                if (coverage) {
                    report.print(CoverageReport.text(run.spec().system(),
                            ptecheck.explore.LivenessSearch.coverage(run.spec().system(), options)));
                }
                report.print(SearchFlags.swarm(run.result(), options));
                report.println("Reproduce: " + search.reproduce(file.toString(), run.spec().constants(), defines,
                        modelPath, options) + (continueAll ? " --continue" : ""));
            } else {
                report.println();
            }
            report.flush();
            if (narrow != null) {
                reportTo.print(ReportWidth.wrap(narrow.toString()));
                reportTo.flush();
            }
            out.flush();
        }
        return switch (run.result().outcome()) {
            case PASS -> ExitCode.OK;
            case VIOLATION -> ExitCode.VIOLATION;
            case INCOMPLETE -> ExitCode.INCOMPLETE;
        };
    }

    /** Errors outrank violations, which outrank incomplete runs. */
    static int worse(int a, int b) {
        int[] rank = {0, 2, 3, 1};
        return rank[a] >= rank[b] ? a : b;
    }
}
