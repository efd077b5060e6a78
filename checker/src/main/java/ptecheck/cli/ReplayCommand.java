package ptecheck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ptecheck.compile.CompiledSpec;
import ptecheck.compile.SpecCompiler;
import ptecheck.lang.diag.SpecException;
import ptecheck.lang.parse.ModuleLoader;
import ptecheck.lang.parse.TextFiles;
import ptecheck.trace.JsonTraceRenderer;
import ptecheck.trace.RenderOptions;
import ptecheck.trace.TraceReplayer;
import ptecheck.trace.TraceSource;

/** {@code ptecheck replay}: confirm a saved JSON trace against the spec. */
@Command(name = "replay", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Re-execute a JSON trace (from check --trace-format json) against the spec, in the",
            "configuration recorded in the trace (-D overrides it): the first state must be an initial",
            "state, each step a step of the actor and statement recorded that leads to the next state,",
            "and the last state must violate the property the trace names.",
            "Exit: 1 trace confirmed (the violation is real, as check would exit), 0 the trace replays",
            "but shows no violation, 2 the trace does not replay (the message names the first step",
            "that does not match, or metadata that is not what the step records), is not a trace, or the",
            "spec has errors; 3 the steps replay but a lock-order finding could not be checked again (the",
            "search of the whole state space that lockdep needs stopped at a bound or another violation)."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRACE", description = "The JSON trace.")
    Path traceFile;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SPEC",
            description = "The spec file (default: the trace's #meta.source).")
    Path specFile;

    @Option(names = "-D", paramLabel = "NAME=VALUE", preprocessor = Defines.class, description = "Override a const of the recorded configuration.")
    Map<String, String> defines = new LinkedHashMap<>();

    @Option(names = "--model-path", paramLabel = "DIR", description = "More folders to search for 'uses' models.")
    List<Path> modelPath = new ArrayList<>();

    @Option(names = "--no-dead-vars", description = "Replay a trace found with check --no-dead-vars.")
    boolean noDeadVars;

    @Option(names = "--trace-format", paramLabel = "FORMAT",
            description = "Also print the replayed trace: text, kernel, json or html.")
    TraceFormat traceFormat;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode itf;
        try {
            itf = JsonTraceRenderer.parse(TextFiles.read(traceFile));
        } catch (NoSuchFileException e) {
            err.println("ptecheck: " + traceFile + ": no such file");
            return ExitCode.ERROR;
        } catch (TextFiles.NotText e) {
            err.println("ptecheck: " + traceFile + (e.line() > 0 ? ":" + e.line() + ":" + e.col() : "") + ": "
                    + e.getMessage() + "; a trace is the JSON that check --trace-format json writes");
            return ExitCode.ERROR;
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll(" \\(start marker.*", "");
            err.println("ptecheck: " + traceFile + ": not JSON: " + why
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            return ExitCode.ERROR;
        } catch (IOException e) {
            err.println("ptecheck: cannot read " + traceFile + ": " + ModuleLoader.reason(e));
            return ExitCode.ERROR;
        }
        Map<String, String> config;
        try {
            config = recordedConfig(itf);
        } catch (SpecRunner.UsageError e) {
            err.println("ptecheck: " + traceFile + ": " + e.getMessage());
            return ExitCode.ERROR;
        }
        config.putAll(defines);
        Path file = specFile;
        if (file == null) {
            String source = itf.path("#meta").path("source").asText("");
            if (source.isEmpty()) {
                err.println("ptecheck: " + traceFile + " does not name its spec (#meta.source); give the SPEC argument");
                return ExitCode.ERROR;
            }
            file = Path.of(source);
        }
        CompiledSpec compiled;
        try {
            SpecRunner runner = new SpecRunner(modelPath);
            compiled = SpecCompiler.compile(runner.load(file), config, ptecheck.compile.SizeBound.forMemory(0),
                    deadVariables(itf, noDeadVars));
        } catch (SpecException e) {
            err.print(SpecRunner.render(e));
            err.flush();
            return ExitCode.ERROR;
        }
        out.println("Replaying " + traceFile + " against " + file
                + (compiled.config().isEmpty() ? "" : " (" + Reports.config(compiled.config()) + ")"));
        TraceReplayer.Result r = TraceReplayer.replay(compiled.system(), SpecProvenance.of(compiled), itf, WholeSearchFindings::of);
        switch (r.verdict()) {
            case CONFIRMED -> out.println("Trace confirmed: " + r.message() + ".");
            case NO_VIOLATION -> out.println("Trace replays, but shows no violation: " + r.message() + ".");
            case REJECTED -> out.println("Trace rejected: " + r.message() + ".");
            case UNCHECKED -> out.println("Trace not confirmed: " + r.message() + ".");
        }
        if (traceFormat != null && r.trace() != null) {
            out.println();
            TraceSource source = new TraceSource(compiled.name(), file.toString(), compiled.config(),
                    compiled.typedConfig());
            out.print(TraceOutput.render(traceFormat, r.trace(), source, RenderOptions.DEFAULT));
        }
        out.flush();
        return switch (r.verdict()) {
            case CONFIRMED -> ExitCode.VIOLATION;
            case NO_VIOLATION -> ExitCode.OK;
            case REJECTED -> ExitCode.ERROR;
            case UNCHECKED -> ExitCode.INCOMPLETE;
        };
    }

    /**
     * Whether to replay with dead-variable reduction: not for a trace in the first form, which
     * ptecheck wrote before the reduction existed (its locals keep their last values), nor with
     * {@code --no-dead-vars}.
     */
    static boolean deadVariables(JsonNode itf, boolean noDeadVars) {
        return !noDeadVars && !itf.path("#meta").has("internal_vars");
    }

    /**
     * The configuration a trace records, as {@code -D} values: its ITF {@code params}, set in
     * state 0; in the first form ptecheck wrote (with {@code #meta.internal_vars}), {@code #meta.config}.
     */
    static Map<String, String> recordedConfig(JsonNode itf) throws SpecRunner.UsageError {
        Map<String, String> config = new LinkedHashMap<>();
        if (itf.path("#meta").has("internal_vars")) {
            itf.path("#meta").path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            return config;
        }
        JsonNode first = itf.path("states").path(0);
        for (JsonNode p : itf.path("params")) {
            String name = p.asText();
            JsonNode v = first.path(name);
            if (v.isBoolean() || v.isIntegralNumber() || v.isTextual()) {
                config.put(name, v.asText());
            } else if (v.path("#bigint").isTextual()) {
                config.put(name, v.path("#bigint").asText());
            } else {
                throw new SpecRunner.UsageError("param " + name + (v.isMissingNode() ? " is not set in state 0"
                        : " is " + v + " in state 0, not a number, boolean or name"));
            }
        }
        return config;
    }
}
