package ptecheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Option(names = "-D", paramLabel = "NAME=VALUE", description = "Override a const (e.g. -D IMPL=naive -D CPUS=3).")
    List<String> defines = new ArrayList<>();

    @Option(names = "--max-states", paramLabel = "N", description = "Stop (incomplete, exit 3) after N distinct states.")
    long maxStates;

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

    @Mixin
    SearchFlags search = new SearchFlags();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> overrides;
        SearchOptions options;
        try {
            overrides = SpecRunner.defines(defines);
            search.progressTo(err);
            options = search.apply(SearchOptions.defaults().withMaxStates(maxStates).withCheckDeadlock(!noDeadlock));
        } catch (SpecRunner.UsageError e) {
            err.println("ptecheck: " + e.getMessage());
            return ExitCode.ERROR;
        }
        SpecRunner runner = new SpecRunner(modelPath);
        int exit = ExitCode.OK;
        List<Object> results = new ArrayList<>();
        List<Path> files = SpecRunner.specFiles(paths);
        if (files.isEmpty()) {
            err.println("ptecheck: no spec files found in " + paths);
            return ExitCode.ERROR;
        }
        if (files.size() > 1 && (traceFile != null || (traceFormat.document() && !json))) {
            err.println("ptecheck: " + (traceFile != null ? "--trace-file" : "--trace-format " + traceFormat)
                    + " takes one spec file, found " + files.size());
            return ExitCode.ERROR;
        }
        if (json && traceFile == null && traceFormat != TraceFormat.text) {
            err.println("ptecheck: --json prints a summary on standard output; write the " + traceFormat
                    + " trace with --trace-file FILE");
            return ExitCode.ERROR;
        }
        for (Path file : files) {
            try {
                LoadedSpec loaded = runner.load(file);
                SpecRunner.Run run = runner.check(file, loaded, overrides, options);
                String trace = run.result().outcome() == Outcome.VIOLATION ? TraceOutput.render(run, traceFormat, slice, fullStates) : null;
                if (trace != null && traceFile != null) {
                    Files.writeString(traceFile, trace);
                }
                if (json) {
                    Map<String, Object> m = Reports.json(run);
                    m.putAll(SearchFlags.json(run.result().stats(), options,
                            ptecheck.explore.BfsSearch.progressCheckSkipped(run.spec().system(), options),
                            SearchFlags.reproduce(file.toString(), run.spec().config(), options)));
                    results.add(m);
                } else {
                    // A json or html document on standard output is the whole output: the report goes to stderr.
                    PrintWriter report = traceFormat.document() && traceFile == null ? err : out;
                    report.println(file + " (" + Reports.config(run.spec().config()) + ")");
                    if (trace == null) {
                        report.print(Reports.verdict(run, maxStates, null));
                    } else if (traceFile != null) {
                        report.print(Reports.verdict(run, maxStates,
                                t -> "Trace (" + traceFormat + ") written to " + traceFile + "\n"));
                    } else if (traceFormat.document()) {
                        report.print(Reports.verdict(run, maxStates, t -> "Trace (" + traceFormat
                                + ") written to standard output\n"));
                        out.print(trace);
                    } else {
                        report.print(Reports.verdict(run, maxStates, t -> trace));
                    }
                    report.print(SearchFlags.summary(run.result().stats(), options,
                            SearchFlags.symmetries(run.spec().system()),
                            ptecheck.explore.BfsSearch.partialOrderUnsound(run.spec().system(), options),
                            ptecheck.explore.BfsSearch.progressCheckSkipped(run.spec().system(), options)));
                    report.println("Reproduce: " + SearchFlags.reproduce(file.toString(), run.spec().config(), options));
                    report.flush();
                    out.flush();
                }
                exit = worse(exit, switch (run.result().outcome()) {
                    case PASS -> ExitCode.OK;
                    case VIOLATION -> ExitCode.VIOLATION;
                    case INCOMPLETE -> ExitCode.INCOMPLETE;
                });
            } catch (SpecException e) {
                err.print(SpecRunner.render(e));
                err.flush();
                if (json) {
                    results.add(Map.of("file", file.toString(), "outcome", "error",
                            "errors", e.diagnostics().stream().map(d -> d.pos() + ": " + d.message()).toList()));
                }
                exit = worse(exit, ExitCode.ERROR);
            }
        }
        if (json) {
            out.println(Json.write(results.size() == 1 ? results.get(0) : results));
        }
        return exit;
    }

    /** Errors outrank violations, which outrank incomplete runs. */
    static int worse(int a, int b) {
        int[] rank = {0, 2, 3, 1};
        return rank[a] >= rank[b] ? a : b;
    }
}
