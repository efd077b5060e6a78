package ptecheck.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ITF checker the trace tests rely on finds what breaks ADR-015. */
class ItfRulesTest {
    private static List<String> problems(String json) throws Exception {
        return ItfRules.problems(new ObjectMapper().readTree(json));
    }

    @Test
    void theAdrsOwnExampleShapeIsValid() throws Exception {
        assertEquals(List.of(), problems("""
                {"#meta": {"source": "MC.tla"}, "params": ["N"], "vars": ["bank", "who"], "loop": 1,
                 "states": [{"#meta": {"index": 0}, "N": 3, "bank": "E",
                             "who": {"#map": [["E", {"#set": ["c1", "m1"]}], ["W", {"#set": []}]]}},
                            {"bank": "W", "who": {"#map": []}}]}"""));
    }

    @Test
    void eachBrokenRuleIsReported() throws Exception {
        assertEquals(List.of("$.extra: not a field of a trace object", "$.loop: must be the index of a state, 0 to 0",
                "$.states[0]: variable y is not set", "$.states[0]: param N is not set in the initial state",
                "$.states[0].x.#bigint: must be a string of digits, optionally signed with -"),
                problems("""
                        {"extra": 1, "params": ["N"], "vars": ["x", "y"], "loop": 1,
                         "states": [{"x": {"#bigint": 3}}]}"""));
        assertEquals(List.of("$.states[0].x: null is no ITF expression (null and fractions are not)",
                "$.states[0].y: 1.5 is no ITF expression (null and fractions are not)"),
                problems("{\"vars\": [\"x\", \"y\"], \"states\": [{\"x\": null, \"y\": 1.5}]}"));
        assertEquals(List.of("$.states[0].x.#map[0]: must be a [key, value] pair",
                "$.states[0].y: [#x, a]: a #-form has exactly one field, and record fields do not start with #",
                "$.states[0].z: a variant is exactly {\"tag\": string, \"value\": expression}",
                "$.states[0].w: a JSON integer beyond 2^53 - 1 must be written as #bigint",
                "$.states[0].v: neither a variable nor a param"),
                problems("""
                        {"vars": ["x", "y", "z", "w"], "states": [{"x": {"#map": [[1]]}, "y": {"#x": 1, "a": 2},
                         "z": {"tag": "Some"}, "w": 9007199254740993, "v": true}]}"""));
    }
}
