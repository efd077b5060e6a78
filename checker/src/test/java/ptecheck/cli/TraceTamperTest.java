package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ptecheck.compile.Expectations;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.lang.LoadedSpec;
import ptecheck.trace.JsonTraceRenderer;
import ptecheck.trace.TraceReplayer;

/**
 * Issue 12: real traces of the bundled specs, each edited one field at a time: replay must never
 * confirm an edited trace (the edits here all change what the trace claims).
 */
class TraceTamperTest {

    /** Edits that each make the trace claim something the spec does not do. */
    private static Map<String, Consumer<ObjectNode>> edits(JsonNode original) {
        Map<String, Consumer<ObjectNode>> out = new LinkedHashMap<>();
        int last = original.path("states").size() - 1;
        out.put("drop every step", itf -> {
            ArrayNode states = (ArrayNode) itf.get("states");
            while (states.size() > 1) {
                states.remove(states.size() - 1);
            }
        });
        out.put("violation.property renamed", itf -> violation(itf).put("property", "no_such_property"));
        if (last >= 1) {
            out.put("last step.cpu", itf -> meta(itf, last).put("cpu", meta(itf, last).path("cpu").asInt(-1) + 1));
            out.put("last step.kernel", itf -> meta(itf, last).put("kernel", !meta(itf, last).path("kernel").asBoolean()));
            out.put("last step.index", itf -> meta(itf, last).put("index", last + 1));
            out.put("last step.actor", itf -> meta(itf, last).put("actor", "someone_else"));
            out.put("last step.statement", itf -> meta(itf, last).put("statement", "x = 1"));
            out.put("first step.changes", itf -> meta(itf, 1).putArray("changes").addObject()
                    .put("variable", "v").put("before", "0").put("after", "1"));
        }
        if (original.path("#meta").path("violation").path("failing_step").isNull()) {
            out.put("violation.text", itf -> violation(itf).put("text", "true"));
        }
        return out;
    }

    private static ObjectNode meta(ObjectNode itf, int step) {
        return (ObjectNode) itf.path("states").get(step).path("#meta");
    }

    private static ObjectNode violation(ObjectNode itf) {
        return (ObjectNode) itf.path("#meta").path("violation");
    }

    @TestFactory
    Stream<DynamicTest> anEditedTraceIsNeverConfirmed() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        SpecRunner runner = new SpecRunner(List.of());
        for (Path file : ReplayTest.allSpecs()) {
            LoadedSpec loaded = runner.load(file);
            for (Map<String, String> config : Expectations.configurations(loaded.all(), loaded.spec(), Map.of())) {
                SpecRunner.Run run = runner.check(file, loaded, config, SearchOptions.defaults());
                if (run.result().outcome() != Outcome.VIOLATION) {
                    continue;
                }
                String json = TraceOutput.render(run, TraceFormat.json, false, false);
                JsonNode original = JsonTraceRenderer.parse(json);
                tests.add(DynamicTest.dynamicTest(Specs.portable(file.toString()) + " " + config, () -> {
                    assertEquals(TraceReplayer.Verdict.CONFIRMED,
                            TraceReplayer.replay(run.spec().system(), SpecProvenance.of(run.spec()), original, WholeSearchFindings::of).verdict(), "the real trace");
                    for (var edit : edits(original).entrySet()) {
                        ObjectNode copy = original.deepCopy();
                        edit.getValue().accept(copy);
                        TraceReplayer.Result r = TraceReplayer.replay(run.spec().system(), SpecProvenance.of(run.spec()), copy, WholeSearchFindings::of);
                        assertNotEquals(TraceReplayer.Verdict.CONFIRMED, r.verdict(),
                                () -> edit.getKey() + " was confirmed: " + r.message());
                    }
                }));
            }
        }
        return tests.stream();
    }
}
