package ptecheck.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Writes a trace in Apalache's Informal Trace Format (ITF, ADR-015): the consts as {@code params},
 * one variable per declaration of the spec ({@link ItfValues}), with ptecheck's metadata in the
 * {@code #meta} objects that ITF leaves to tools: the spec, the violated property and the
 * variables' types for the trace; the actor, CPU, location, statement, changes and internal
 * values (program counters, locals) for each state. Schema and example: {@code docs/traces.md}.
 * {@code ptecheck replay} reads it back.
 */
public final class JsonTraceRenderer {
    /** Where the format is defined; written into every trace. */
    public static final String FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private JsonTraceRenderer() {}

    /** The trace as indented JSON text, ending with a newline. */
    public static String render(Trace trace, TraceSource source, RenderOptions options) {
        try {
            return WRITER.writeValueAsString(itf(trace, source, options)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared JSON reader and writer. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The ITF document: ADR-015's {@code params} (the consts, set in state 0), {@code vars} (the
     * spec's declarations), {@code states} and, for a lasso, {@code loop}; ptecheck's own facts in
     * the {@code #meta} objects (schema: docs/traces.md).
     */
    public static ObjectNode itf(Trace trace, TraceSource source, RenderOptions options) {
        ObjectNode root = JSON.objectNode();
        ObjectNode meta = root.putObject("#meta");
        meta.put("format", "ITF");
        meta.put("format-description", FORMAT_DESCRIPTION);
        meta.put("source", source.file());
        meta.put("description", "Counterexample to " + trace.property() + " found by ptecheck");
        meta.put("generator", "ptecheck");
        meta.put("spec", source.spec());
        meta.set("violation", violation(trace));
        meta.set("varTypes", ItfValues.varTypes(trace.layout()));
        ArrayNode internal = meta.putArray("internal");
        ItfValues.internalNames(trace.layout()).forEach(internal::add);
        ArrayNode params = root.putArray("params");
        source.params().keySet().forEach(params::add);
        ArrayNode vars = root.putArray("vars");
        ItfValues.vars(trace.layout()).forEach(vars::add);
        ArrayNode states = root.putArray("states");
        ObjectNode first = state(trace, 0, trace.initial(), null, options);
        source.params().forEach((name, value) -> first.set(name, param(value)));
        states.add(first);
        for (Step s : trace.steps()) {
            states.add(state(trace, s.index(), s.after(), s, options));
        }
        if (trace.lasso()) {
            // ITF: the last state is followed by states[loop]. Ours equals the state after step
            // `loop`, so the run goes on with the one after it; a run that stays in its last
            // state loops on that state.
            root.put("loop", trace.stutters() ? trace.loop() : trace.loop() + 1);
        }
        return root;
    }

    /** A const's value as an ITF value: a number as {@code #bigint}, a boolean, an enum member's name. */
    private static JsonNode param(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ItfValues.bigint(((Number) value).longValue());
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(String.valueOf(value));
    }

    private static ObjectNode violation(Trace trace) {
        ObjectNode v = JSON.objectNode();
        v.put("property", trace.property());
        v.put("kind", trace.kind().name().toLowerCase());
        v.put("location", trace.where().file().isEmpty() ? "" : trace.where().toString());
        v.put("text", trace.text());
        v.put("message", trace.message());
        if (trace.failingStep() != null) {
            FailingStep f = trace.failingStep();
            ObjectNode step = v.putObject("failing_step");
            step.put("step", f.index());
            provenance(step, f.group(), f.info());
            step.put("message", f.message());
        } else {
            v.putNull("failing_step");
        }
        ArrayNode blocked = v.putArray("blocked");
        trace.blocked().forEach(blocked::add);
        return v;
    }

    private static ObjectNode state(Trace trace, int index, int[] values, Step step, RenderOptions options) {
        ObjectNode state = JSON.objectNode();
        ObjectNode meta = state.putObject("#meta");
        meta.put("index", index);
        if (step != null) {
            provenance(meta, step.group(), step.info());
            ArrayNode changes = meta.putArray("changes");
            for (Change c : step.changes()) {
                changes.addObject().put("variable", c.variable()).put("before", c.before()).put("after", c.after());
            }
            if (options.involved() != null) {
                meta.put("involved", options.shows(step.index()));
            }
        }
        meta.set("internal", ItfValues.internal(trace.layout(), values));
        state.setAll(ItfValues.state(trace.layout(), values));
        return state;
    }

    /** Who moved and where: what replay matches a step by. */
    private static void provenance(ObjectNode out, int group, StepInfo info) {
        out.put("actor", info.actor());
        out.put("action", info.action());
        if (info.cpu() >= 0) {
            out.put("cpu", info.cpu());
        } else {
            out.putNull("cpu");
        }
        out.put("kernel", info.kernel());
        out.put("location", info.where().file().isEmpty() ? "" : info.where().toString());
        out.put("statement", info.text());
        out.put("group", group);
    }

    /** Parses a JSON document; for replay and tests. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }
}
