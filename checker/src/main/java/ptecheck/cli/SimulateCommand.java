package ptecheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ptecheck.compile.CompiledSpec;
import ptecheck.compile.SpecCompiler;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.Simulation;
import ptecheck.lang.diag.SpecException;
import ptecheck.lang.LoadedSpec;

/** {@code ptecheck simulate}: random walks through a spec, for configurations too big to exhaust. */
@Command(name = "simulate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Walk through the spec at random: from a random initial state, fire one enabled",
            "transition after another, checking every state, for --runs walks of up to --depth steps.",
            "The same --seed gives the same walks and the same trace. A simulation is a partial search:",
            "finding nothing proves nothing. It does not run the progress check or the lock-order analysis.",
            "Exit: 1 violation, 2 usage or spec error, 3 incomplete (no violation found)."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The spec file.")
    Path file;

    @Option(names = "-D", paramLabel = "NAME=VALUE", preprocessor = Defines.class, description = "Override a const (e.g. -D CPUS=5).")
    Map<String, String> defines = new LinkedHashMap<>();

    @Option(names = "--runs", paramLabel = "N", description = "Walks to make (default 1000).")
    int runs = 1000;

    @Option(names = "--depth", paramLabel = "N", description = "Steps per walk at most (default 100).")
    int depth = 100;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the walks (default: drawn at random and printed, so the run can be repeated).")
    Long seed;

    @Option(names = "--no-deadlock", description = "Do not report states where nothing can move.")
    boolean noDeadlock;

    @Option(names = "--model-path", paramLabel = "DIR", description = "More folders to search for 'uses' models.")
    List<Path> modelPath = new ArrayList<>();

    @Option(names = "--json", description = "Print a machine-readable summary instead of text.")
    boolean json;

    @Option(names = "--trace-format", paramLabel = "FORMAT",
            description = "text (default), kernel, json (Informal Trace Format) or html; as for 'check'.")
    TraceFormat traceFormat = TraceFormat.text;

    @Option(names = "--trace-file", paramLabel = "FILE", description = "Write the counterexample to FILE.")
    Path traceFile;

    @Option(names = "--slice", description = "Show only the steps the violation depends on.")
    boolean slice;

    @Option(names = "--full-states", description = "In text traces, list every variable after each step.")
    boolean fullStates;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> overrides = new LinkedHashMap<>(defines);
        if (runs < 1 || depth < 1) {
            return Json.usageError(json, out, err, (runs < 1 ? "--runs " + runs : "--depth " + depth) + ": expected at least 1");
        }
        if (json && traceFile == null && traceFormat != TraceFormat.text) {
            return Json.usageError(json, out, err, "--json prints a summary on standard output; write the " + traceFormat
                    + " trace with --trace-file FILE");
        }
        if (traceFile != null && Files.exists(traceFile) && Files.exists(file) && Files.isSameFile(traceFile, file)) {
            return Json.usageError(json, out, err, "--trace-file " + traceFile + " is the spec itself; choose another file");
        }
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong() >>> 1;
        SpecRunner runner = new SpecRunner(modelPath);
        SpecRunner.Run run;
        Simulation.Report report;
        try {
            LoadedSpec loaded = runner.load(file);
            CompiledSpec compiled = SpecCompiler.compile(loaded, overrides);
            report = new Simulation(compiled.system(), new Simulation.Options(runs, depth, s, !noDeadlock)).run();
            run = new SpecRunner.Run(file, compiled, report.result(), SearchOptions.defaults());
        } catch (SpecException e) {
            err.print(SpecRunner.render(e));
            err.flush();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString());
                m.put("outcome", "error");
                m.put("errors", Json.errors(e));
                out.println(Json.write(m));
            }
            return ExitCode.ERROR;
        }
        String reproduce = reproduce(run.spec().constants(), s);
        // A walk that found a buffer of the memory model full was cut by the bound: no finding.
        boolean cut = SpecRunner.cutByBuffer(report.result());
        boolean violation = report.result().outcome() == Outcome.VIOLATION && !cut;
        String trace = violation ? TraceOutput.render(run, traceFormat, slice, fullStates) : null;
        if (trace != null && traceFile != null) {
            Files.writeString(traceFile, trace);
        }
        if (json) {
            Map<String, Object> m = Reports.json(run);
            m.remove("distinct_states");
            m.remove("generated_states");
            m.put("walks", report.walks());
            m.put("steps", report.steps());
            m.put("runs", runs);
            m.put("max_depth", depth);
            m.put("seed", s);
            m.put("not_checked", NOT_CHECKED);
            m.put("reproduce", reproduce);
            if (cut) {
                m.put("outcome", "incomplete");
                m.put("stopped_by", "buffer");
            }
            out.println(Json.write(m));
            return violation ? ExitCode.VIOLATION : ExitCode.INCOMPLETE;
        }
        PrintWriter text = traceFormat.document() && traceFile == null ? err : out;
        text.println(file + " (" + Reports.config(run.spec().config()) + ")");
        String walked = String.format(Locale.ROOT, "%,d %s, %,d steps in all, seed %d, %.2f s", report.walks(),
                report.walks() == 1 ? "walk" : "walks", report.steps(), s, report.result().stats().millis() / 1000.0);
        if (violation) {
            var t = ptecheck.trace.Trace.of(run.spec().system(), report.result().counterexample(),
                    SpecProvenance.of(run.spec()));
            text.println("Violation found: " + report.result().counterexample().property()
                    + " (random walk " + report.walks() + ", not necessarily shortest, "
                    + Reports.steps(t.steps().size() + (t.failingStep() == null ? 0 : 1)) + ")");
            text.println();
            if (traceFile != null) {
                text.println("Trace (" + traceFormat + ") written to " + traceFile);
            } else if (traceFormat.document()) {
                text.println("Trace (" + traceFormat + ") written to standard output");
                out.print(trace);
            } else {
                text.println(trace);
            }
            text.println("Simulated " + walked);
        } else if (cut) {
            text.println("Incomplete: random walk " + report.walks() + ": " + report.result().counterexample().message()
                    + "; raise the bound (" + walked + ")");
        } else {
            text.println(String.format(Locale.ROOT, "Incomplete: %,d random walks of up to %,d steps found no "
                    + "violation; a simulation proves nothing (%s)", runs, depth, walked));
        }
        text.println("Not checked by simulation: " + NOT_CHECKED
                + (run.spec().system().liveness().isEmpty() ? "" : ", and the liveness properties") + " (use 'check')");
        text.println("Reproduce: " + reproduce);
        text.flush();
        out.flush();
        return violation ? ExitCode.VIOLATION : ExitCode.INCOMPLETE;
    }

    private static final String NOT_CHECKED = "the progress check and the lock-order analysis, which need the "
            + "explored graph";

    private String reproduce(List<ptecheck.compile.CompiledSpec.Constant> constants, long s) {
        StringBuilder sb = new StringBuilder("ptecheck simulate ").append(file);
        sb.append(SearchFlags.defines(constants, defines));
        modelPath.forEach(dir -> sb.append(" --model-path ").append(dir));
        sb.append(" --runs ").append(runs).append(" --depth ").append(depth).append(" --seed ").append(s);
        if (noDeadlock) {
            sb.append(" --no-deadlock");
        }
        return sb.toString();
    }
}
