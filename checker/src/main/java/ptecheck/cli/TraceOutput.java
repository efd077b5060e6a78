package ptecheck.cli;

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
        Trace trace = Trace.of(run.spec().system(), run.result().counterexample(),
                SpecProvenance.of(run.spec()));
        RenderOptions options = RenderOptions.DEFAULT.withFullStates(fullStates);
        if (slice) {
            options = options.withInvolved(TraceSlicer.involved(trace, run.spec().system()));
        }
        return render(format, trace, source(run), options);
    }

    static TraceSource source(SpecRunner.Run run) {
        return new TraceSource(run.spec().name(), run.file().toString(), run.spec().config(), run.spec().typedConfig());
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
