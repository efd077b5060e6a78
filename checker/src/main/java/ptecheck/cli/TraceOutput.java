package ptecheck.cli;

import java.util.List;
import ptecheck.trace.HtmlTraceRenderer;
import ptecheck.trace.JsonTraceRenderer;
import ptecheck.trace.KernelDiagramRenderer;
import ptecheck.trace.RenderOptions;
import ptecheck.trace.TextTraceRenderer;
import ptecheck.trace.Trace;
import ptecheck.trace.TraceSlicer;
import ptecheck.trace.TraceSource;

/** Renders a counterexample in the format the user chose. */
final class TraceOutput {
    private TraceOutput() {}

    /** The counterexample of {@code run} (which must have one) in {@code format}. */
    static String render(SpecRunner.Run run, TraceFormat format, boolean slice, boolean fullStates) {
        return render(run, format, slice, fullStates, "");
    }

    /** The same, the HTML page giving {@code reproduce} as the command that finds it again. */
    static String render(SpecRunner.Run run, TraceFormat format, boolean slice, boolean fullStates, String reproduce) {
        List<Trace> witnesses = witnesses(run);
        if (format == TraceFormat.html && witnesses.size() > 1) {
            List<RenderOptions> options = new java.util.ArrayList<>();
            for (Trace t : witnesses) {
                options.add(options(run, t, slice, fullStates));
            }
            return HtmlTraceRenderer.render(witnesses, source(run, reproduce), options);
        }
        Trace trace = witnesses.get(0);
        return render(format, trace, format == TraceFormat.html ? source(run, reproduce) : source(run),
                options(run, trace, slice, fullStates));
    }

    /** {@code trace}, one of {@code run}'s, in {@code format}. */
    static String render(SpecRunner.Run run, Trace trace, TraceFormat format, boolean slice, boolean fullStates) {
        return render(format, trace, source(run), options(run, trace, slice, fullStates));
    }

    private static RenderOptions options(SpecRunner.Run run, Trace trace, boolean slice, boolean fullStates) {
        RenderOptions options = RenderOptions.DEFAULT.withFullStates(fullStates);
        java.util.BitSet involved = TraceSlicer.involved(trace, run.spec().system());
        options = options.withHighlighted(involved); // HTML marks the culprit steps even unsliced
        if (slice) {
            options = options.withInvolved(involved);
        }
        return options;
    }

    /** The traces of {@code run}'s violation: its counterexample, or both witnesses of a lockdep finding. */
    static List<Trace> witnesses(SpecRunner.Run run) {
        List<Trace> out = new java.util.ArrayList<>();
        var ws = run.result().witnesses().size() > 1 ? run.result().witnesses() : List.of(run.result().counterexample());
        for (var w : ws) {
            out.add(Trace.of(run.spec().system(), w, SpecProvenance.of(run.spec())));
        }
        return out;
    }

    static TraceSource source(SpecRunner.Run run) {
        return source(run, "");
    }

    private static String version() {
        try {
            return String.join(" ", new Main.Version().getVersion());
        } catch (Exception e) {
            return "";
        }
    }

    /** With the tool's version, {@code reproduce} and the spec's source lines, for HTML. */
    static TraceSource source(SpecRunner.Run run, String reproduce) {
        java.util.Map<String, List<String>> files = new java.util.HashMap<>();
        return new TraceSource(run.spec().name(), run.file().toString(), run.spec().config(),
                run.spec().typedConfig(), version(), reproduce, where -> {
                    List<String> lines = files.computeIfAbsent(where.file(), f -> {
                        try {
                            return java.nio.file.Files.readAllLines(java.nio.file.Path.of(f));
                        } catch (java.io.IOException | RuntimeException e) {
                            return List.of(); // a bundled model, or a file that moved: no line to show
                        }
                    });
                    return where.line() >= 1 && where.line() <= lines.size() ? lines.get(where.line() - 1) : null;
                });
    }

    static String render(TraceFormat format, Trace trace, TraceSource source, RenderOptions options) {
        return switch (format) {
            case text -> TextTraceRenderer.render(trace, options);
            case kernel -> KernelDiagramRenderer.render(trace, options);
            case json -> JsonTraceRenderer.render(trace, source, options);
            case html -> HtmlTraceRenderer.render(trace, source, options);
        };
    }
}
