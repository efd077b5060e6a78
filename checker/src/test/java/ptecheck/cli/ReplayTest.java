package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.compile.Expectations;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.lang.LoadedSpec;
import ptecheck.trace.JsonTraceRenderer;
import ptecheck.trace.RenderOptions;
import ptecheck.trace.TextTraceRenderer;
import ptecheck.trace.Trace;
import ptecheck.testutil.ItfRules;
import ptecheck.trace.TraceReplayer;

class ReplayTest {

    /** The bundled specs and the trace tests' specs. */
    static List<Path> allSpecs() throws IOException {
        List<Path> out = new ArrayList<>(SpecRunner.specFiles(List.of(Specs.root().resolve("specs"))));
        out.addAll(SpecRunner.specFiles(List.of(Specs.root().resolve("checker/src/test/resources/traces"))));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> theJsonTraceOfEveryViolationReplays() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        SpecRunner runner = new SpecRunner(List.of());
        for (Path file : allSpecs()) {
            LoadedSpec loaded = runner.load(file);
            for (Map<String, String> config : Expectations.configurations(loaded.all(), loaded.spec(), Map.of())) {
                SpecRunner.Run run = runner.check(file, loaded, config, SearchOptions.defaults());
                if (run.result().outcome() != Outcome.VIOLATION) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(Specs.portable(file.toString()) + " " + config, () -> {
                    String json = TraceOutput.render(run, TraceFormat.json, false, false);
                    JsonNode doc = JsonTraceRenderer.parse(json);
                    assertEquals(List.of(), ItfRules.problems(doc), "an ITF trace as ADR-015 defines it");
                    for (JsonNode v : doc.get("vars")) {
                        assertTrue(v.asText().matches("[A-Za-z_][A-Za-z0-9_]*"),
                                "one variable per declaration, named as declared: " + v);
                    }
                    TraceReplayer.Result r = TraceReplayer.replay(run.spec().system(), SpecProvenance.of(run.spec()), JsonTraceRenderer.parse(json),
                            WholeSearchFindings::of);
                    assertEquals(TraceReplayer.Verdict.CONFIRMED, r.verdict(), r.message());
                    Trace original = Trace.of(run.spec().system(), run.result().counterexample(),
                            SpecProvenance.of(run.spec()));
                    assertEquals(TextTraceRenderer.render(original), TextTraceRenderer.render(r.trace()),
                            "the replayed trace reads as the one found");
                }));
            }
        }
        assertFalse(tests.isEmpty());
        return tests.stream();
    }

    private static ObjectNode naiveTrace() throws IOException {
        SpecRunner.Run run = Specs.check("specs/mprotect/change_pte_range.ptm", Map.of("IMPL", "naive"));
        return (ObjectNode) JsonTraceRenderer.parse(TraceOutput.render(run, TraceFormat.json, false, false));
    }

    private static TraceReplayer.Result replay(JsonNode itf) {
        SpecRunner.Run run = Specs.check("specs/mprotect/change_pte_range.ptm", Map.of("IMPL", "naive"));
        return TraceReplayer.replay(run.spec().system(), SpecProvenance.of(run.spec()), itf);
    }

    private static TraceReplayer.Result replayWithoutDeadVariables(JsonNode itf) throws Exception {
        java.nio.file.Path file = Specs.spec("specs/mprotect/change_pte_range.ptm");
        ptecheck.compile.CompiledSpec spec = ptecheck.compile.SpecCompiler.compile(new SpecRunner(List.of()).load(file),
                Map.of("IMPL", "naive"), ptecheck.compile.SizeBound.forMemory(0), false);
        return TraceReplayer.replay(spec.system(), SpecProvenance.of(spec), itf);
    }

    @Test
    void twoStepsSwappedAreRejectedAtTheFirstOfThem() throws IOException {
        ObjectNode itf = naiveTrace();
        ArrayNode states = (ArrayNode) itf.get("states");
        JsonNode third = states.get(3);
        states.set(3, states.get(4));
        states.set(4, third);
        TraceReplayer.Result r = replay(itf);
        assertEquals(TraceReplayer.Verdict.REJECTED, r.verdict());
        assertEquals(3, r.step());
        assertTrue(Specs.portable(r.message()).startsWith("step 3 (mmu[1] user_write(p=0) at models/x86.ptm:73): cannot happen"),
                r.message());
    }

    /** The value of {@code key} in an ITF map. */
    private static JsonNode entry(JsonNode map, int key) {
        for (JsonNode pair : map.get("#map")) {
            if (pair.get(0).get("#bigint").asText().equals(Integer.toString(key))) {
                return pair.get(1);
            }
        }
        throw new AssertionError("no key " + key + " in " + map);
    }

    @Test
    void aChangedValueIsRejectedNamingTheStepAndTheField() throws IOException {
        ObjectNode itf = naiveTrace();
        ((ObjectNode) entry(itf.get("states").get(5).get("pt"), 0)).set("dirty", BooleanNode.TRUE);
        TraceReplayer.Result r = replay(itf);
        assertEquals(TraceReplayer.Verdict.REJECTED, r.verdict());
        assertEquals(5, r.step());
        assertEquals("step 5 (mprotect 'pt[p] = old with { write: false }' at specs/mprotect/change_pte_range.ptm:25): "
                + "leads to another state than state 5 of the trace: pt[0].dirty is true in the trace, false on replay",
                Specs.portable(r.message()));
    }

    @Test
    void aChangedInitialStateIsRejected() throws IOException {
        ObjectNode itf = naiveTrace();
        ArrayNode pair = (ArrayNode) itf.get("states").get(0).get("written").get("#map").get(0);
        pair.set(1, BooleanNode.TRUE);
        TraceReplayer.Result r = replay(itf);
        assertEquals(0, r.step());
        assertEquals("state 0 is not an initial state of the spec: written[0] is true in the trace, false on replay",
                r.message());
    }

    @Test
    void aChangedProgramCounterIsRejected() throws IOException {
        ObjectNode itf = naiveTrace();
        ((ObjectNode) itf.get("states").get(3).get("#meta").get("internal")).put("mprotect.pc", 1);
        TraceReplayer.Result r = replay(itf);
        assertEquals(TraceReplayer.Verdict.REJECTED, r.verdict());
        assertEquals(3, r.step());
        assertTrue(r.message().endsWith("leads to another state than state 3 of the trace: mprotect.pc is 1 in the "
                + "trace, 4 on replay"), r.message());
    }

    @Test
    void aTraceCutShortReplaysButShowsNoViolation() throws IOException {
        ObjectNode itf = naiveTrace();
        ArrayNode states = (ArrayNode) itf.get("states");
        while (states.size() > 5) {
            states.remove(states.size() - 1);
        }
        assertEquals(TraceReplayer.Verdict.NO_VIOLATION, replay(itf).verdict());
    }

    /** {@code node} with every {@code {"#bigint": "N"}} written as the plain JSON integer N. */
    private static JsonNode plainIntegers(JsonNode node) {
        if (node.isObject() && node.size() == 1 && node.has("#bigint")) {
            return com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(node.get("#bigint").asText()));
        }
        if (node.isObject()) {
            ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), plainIntegers(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(plainIntegers(e)));
            return out;
        }
        return node;
    }

    @Test
    void plainJsonIntegersAreAcceptedForBigints() throws IOException {
        JsonNode itf = plainIntegers(naiveTrace());
        assertTrue(itf.get("states").get(0).get("pt").get("#map").get(0).get(0).isInt());
        assertEquals(List.of(), ItfRules.problems(itf));
        assertEquals(TraceReplayer.Verdict.CONFIRMED, replay(itf).verdict());
    }

    @Test
    void aStateWithoutItsInternalValuesIsRejectedSayingWhy() throws IOException {
        ObjectNode itf = naiveTrace();
        ((ObjectNode) itf.get("states").get(2).get("#meta")).remove("internal");
        TraceReplayer.Result r = replay(itf);
        assertEquals(TraceReplayer.Verdict.REJECTED, r.verdict());
        assertEquals(2, r.step());
        assertTrue(r.message().startsWith("state 2 has no #meta.internal"), r.message());
    }

    @Test
    void locksAreVariantsAndConstsAreTypedParamsOfTheInitialState() throws IOException {
        ObjectNode itf = naiveTrace();
        assertEquals("[\"IMPL\",\"CPUS\",\"PAGES\"]", itf.get("params").toString());
        JsonNode first = itf.get("states").get(0);
        assertEquals("\"naive\"", first.get("IMPL").toString());
        assertEquals("{\"#bigint\":\"2\"}", first.get("CPUS").toString());
        assertEquals("{\"tag\":\"Free\",\"value\":{\"#tup\":[]}}", first.get("ptl").toString());
        assertEquals("{\"tag\":\"Held\",\"value\":\"mprotect\"}", itf.get("states").get(1).get("ptl").toString());
        assertFalse(itf.get("states").get(1).has("IMPL"), "params are set in the initial state only");
        assertTrue(itf.get("#meta").get("internal").toString().contains("mprotect.pc"));
        assertFalse(itf.get("vars").toString().contains("pc"), "program counters are internal");
    }

    private static ObjectNode firstFormTrace() throws IOException {
        return (ObjectNode) JsonTraceRenderer.parse(Files.readString(
                Specs.root().resolve("checker/src/test/resources/legacy/naive.first-form.itf.json")));
    }

    @Test
    void aTraceInTheFirstFormStillReplays() throws Exception {
        ObjectNode itf = firstFormTrace();
        assertTrue(itf.get("vars").toString().contains("pt[0]"), "the form with one variable per array element");
        assertFalse(ReplayCommand.deadVariables(itf, false), "the first form predates dead-variable reduction");
        TraceReplayer.Result r = replayWithoutDeadVariables(itf);
        assertEquals(TraceReplayer.Verdict.CONFIRMED, r.verdict(), r.message());
        assertEquals(Map.of("IMPL", "naive", "CPUS", "2", "PAGES", "1"), ReplayCommand.recordedConfig(itf));
    }

    @Test
    void anEditedTraceInTheFirstFormIsRejected() throws Exception {
        ObjectNode itf = firstFormTrace();
        ((ObjectNode) itf.get("states").get(5).get("pt[0]")).set("dirty", BooleanNode.TRUE);
        TraceReplayer.Result r = replayWithoutDeadVariables(itf);
        assertEquals(TraceReplayer.Verdict.REJECTED, r.verdict());
        assertEquals(5, r.step());
        assertTrue(r.message().endsWith("pt[0].dirty is true in the trace, false on replay"), r.message());
    }

    @Test
    void theRecordedConfigurationIsReadFromTheParams() throws Exception {
        assertEquals(Map.of("IMPL", "naive", "CPUS", "2", "PAGES", "1"), ReplayCommand.recordedConfig(naiveTrace()));
        ObjectNode itf = naiveTrace();
        ((ObjectNode) itf.get("states").get(0)).remove("CPUS");
        SpecRunner.UsageError e = org.junit.jupiter.api.Assertions.assertThrows(SpecRunner.UsageError.class,
                () -> ReplayCommand.recordedConfig(itf));
        assertEquals("param CPUS is not set in state 0", e.getMessage());
    }

    @Test
    void aStepTheSpecDoesNotHaveIsRejected() throws IOException {
        ObjectNode itf = naiveTrace();
        ((ObjectNode) itf.get("states").get(2).get("#meta")).put("statement", "old = READ_ONCE(pt[p])");
        TraceReplayer.Result r = replay(itf);
        assertEquals(2, r.step());
        assertTrue(r.message().endsWith("the spec has no such step"), r.message());
    }

    // The command line, end to end.

    private static int main(StringWriter out, StringWriter err, String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void replayConfirmsTheSavedTraceAndRejectsAnEditedOne(@TempDir Path dir) throws IOException {
        Path spec = Specs.spec("specs/mprotect/change_pte_range.ptm");
        Path trace = dir.resolve("naive.itf.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = main(out, err, "check", spec.toString(), "-D", "IMPL=naive", "--trace-format", "json",
                "--trace-file", trace.toString());
        assertEquals(ExitCode.VIOLATION, code, err.toString());
        assertTrue(out.toString().contains("Trace (json) written to " + trace), out.toString());

        out = new StringWriter();
        code = main(out, err, "replay", trace.toString(), spec.toString());
        assertEquals(ExitCode.VIOLATION, code, out + "" + err);
        assertTrue(out.toString().contains("Trace confirmed: the initial state and all 7 steps replay"), out.toString());

        Files.writeString(trace, Files.readString(trace).replaceFirst("\"dirty\": false", "\"dirty\": true"));
        out = new StringWriter();
        code = main(out, err, "replay", trace.toString());
        assertEquals(ExitCode.ERROR, code, out.toString());
        assertTrue(out.toString().contains("Trace rejected: state 0 is not an initial state"), out.toString());
    }

    @Test
    void replayOfSomethingThatIsNotATraceIsAnError(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"vars\": [");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(ExitCode.ERROR, main(out, err, "replay", bad.toString(),
                Specs.spec("specs/mprotect/change_pte_range.ptm").toString()));
        assertTrue(err.toString().contains("not JSON"), err.toString());
        Files.writeString(bad, "{\"vars\": []}");
        assertEquals(ExitCode.ERROR, main(out, err, "replay", bad.toString(),
                Specs.spec("specs/mprotect/change_pte_range.ptm").toString()));
        assertTrue(out.toString().contains("Trace rejected: not an ITF trace"), out.toString());
    }

    @Test
    void slicedJsonMarksEachStepInvolvedOrNot() throws IOException {
        SpecRunner.Run run = Specs.check("specs/mprotect/change_pte_range.ptm", Map.of("IMPL", "naive"));
        JsonNode itf = JsonTraceRenderer.parse(TraceOutput.render(run, TraceFormat.json, true, false));
        for (int i = 1; i < itf.get("states").size(); i++) {
            assertTrue(itf.get("states").get(i).get("#meta").has("involved"));
        }
        assertFalse(itf.get("states").get(0).get("#meta").has("involved"));
        assertEquals(RenderOptions.DEFAULT, RenderOptions.DEFAULT.withFullStates(false));
    }
}
