package ptecheck.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of Apalache's ADR-015 (Informal Trace Format), checked on a JSON document, written
 * from the ADR's text rather than from ptecheck's writer: the trace object's fields, states that
 * set every variable (and state 0 every param), and expressions built only from the ADR's forms
 * (booleans, strings, integers within 2^53, {@code #bigint}, lists, records, {@code #tup},
 * {@code #set}, {@code #map}, {@code #unserializable}). Variants follow Apalache's and Quint's
 * convention, a record of exactly {@code tag} (a string) and {@code value}. Apalache reads a trace
 * only with {@code #meta.varTypes} naming every variable, so that is checked when present.
 */
public final class ItfRules {
    private static final Set<String> TRACE_FIELDS = Set.of("#meta", "params", "vars", "states", "loop");
    private static final Pattern BIGINT = Pattern.compile("-?[0-9]+");
    private static final BigInteger SAFE = BigInteger.TWO.pow(53).subtract(BigInteger.ONE);

    private ItfRules() {}

    /** Every rule {@code doc} breaks, as {@code where: what}; empty when it is a valid ITF trace. */
    public static List<String> problems(JsonNode doc) {
        List<String> out = new ArrayList<>();
        if (!doc.isObject()) {
            out.add("$: a trace is a JSON object");
            return out;
        }
        doc.fieldNames().forEachRemaining(f -> {
            if (!TRACE_FIELDS.contains(f)) {
                out.add("$." + f + ": not a field of a trace object");
            }
        });
        if (doc.has("#meta") && !doc.get("#meta").isObject()) {
            out.add("$.#meta: must be an object");
        }
        List<String> params = names(doc, "params", false, out);
        List<String> vars = names(doc, "vars", true, out);
        for (String p : params) {
            if (vars.contains(p)) {
                out.add("$.params: " + p + " is also a variable");
            }
        }
        JsonNode states = doc.path("states");
        if (!states.isArray()) {
            out.add("$.states: must be an array of states");
            return out;
        }
        if (doc.has("loop")) {
            JsonNode loop = doc.get("loop");
            if (!loop.isIntegralNumber() || loop.asLong() < 0 || loop.asLong() >= states.size()) {
                out.add("$.loop: must be the index of a state, 0 to " + (states.size() - 1));
            }
        }
        JsonNode types = doc.path("#meta").path("varTypes");
        if (!types.isMissingNode()) {
            for (String v : vars) {
                if (!types.path(v).isTextual()) {
                    out.add("$.#meta.varTypes: no type for " + v);
                }
            }
        }
        for (int i = 0; i < states.size(); i++) {
            JsonNode s = states.get(i);
            String at = "$.states[" + i + "]";
            if (!s.isObject()) {
                out.add(at + ": a state is a JSON object");
                continue;
            }
            if (s.has("#meta") && !s.get("#meta").isObject()) {
                out.add(at + ".#meta: must be an object");
            }
            for (String v : vars) {
                if (!s.has(v)) {
                    out.add(at + ": variable " + v + " is not set");
                }
            }
            if (i == 0) {
                for (String p : params) {
                    if (!s.has(p)) {
                        out.add(at + ": param " + p + " is not set in the initial state");
                    }
                }
            }
            for (Map.Entry<String, JsonNode> e : s.properties()) {
                if (e.getKey().equals("#meta")) {
                    continue;
                }
                if (!vars.contains(e.getKey()) && !params.contains(e.getKey())) {
                    out.add(at + "." + e.getKey() + ": neither a variable nor a param");
                }
                expression(at + "." + e.getKey(), e.getValue(), out);
            }
        }
        return out;
    }

    private static List<String> names(JsonNode doc, String field, boolean required, List<String> out) {
        List<String> names = new ArrayList<>();
        JsonNode list = doc.path(field);
        if (list.isMissingNode() && !required) {
            return names;
        }
        if (!list.isArray()) {
            out.add("$." + field + ": must be an array of strings");
            return names;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode n : list) {
            if (!n.isTextual()) {
                out.add("$." + field + ": " + n + " is not a string");
            } else if (!seen.add(n.asText())) {
                out.add("$." + field + ": " + n.asText() + " is listed twice");
            } else {
                names.add(n.asText());
            }
        }
        return names;
    }

    /** One {@code <expr>} of the ADR. */
    private static void expression(String at, JsonNode e, List<String> out) {
        if (e.isBoolean() || e.isTextual()) {
            return;
        }
        if (e.isIntegralNumber()) {
            if (e.bigIntegerValue().abs().compareTo(SAFE) > 0) {
                out.add(at + ": a JSON integer beyond 2^53 - 1 must be written as #bigint");
            }
            return;
        }
        if (e.isArray()) {
            for (int i = 0; i < e.size(); i++) {
                expression(at + "[" + i + "]", e.get(i), out);
            }
            return;
        }
        if (!e.isObject()) {
            out.add(at + ": " + e + " is no ITF expression (null and fractions are not)");
            return;
        }
        List<String> fields = new ArrayList<>();
        e.fieldNames().forEachRemaining(fields::add);
        boolean special = fields.stream().anyMatch(f -> f.startsWith("#"));
        if (special) {
            if (fields.size() != 1) {
                out.add(at + ": " + fields + ": a #-form has exactly one field, and record fields do not start with #");
                return;
            }
            JsonNode v = e.get(fields.get(0));
            switch (fields.get(0)) {
                case "#bigint" -> {
                    if (!v.isTextual() || !BIGINT.matcher(v.asText()).matches()) {
                        out.add(at + ".#bigint: must be a string of digits, optionally signed with -");
                    }
                }
                case "#tup", "#set" -> {
                    if (!v.isArray()) {
                        out.add(at + "." + fields.get(0) + ": must be an array");
                    } else {
                        expression(at + "." + fields.get(0), v, out);
                    }
                }
                case "#map" -> {
                    if (!v.isArray()) {
                        out.add(at + ".#map: must be an array of [key, value] pairs");
                        return;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        JsonNode pair = v.get(i);
                        if (!pair.isArray() || pair.size() != 2) {
                            out.add(at + ".#map[" + i + "]: must be a [key, value] pair");
                        } else {
                            expression(at + ".#map[" + i + "][0]", pair.get(0), out);
                            expression(at + ".#map[" + i + "][1]", pair.get(1), out);
                        }
                    }
                }
                case "#unserializable" -> {
                    if (!v.isTextual()) {
                        out.add(at + ".#unserializable: must be a string");
                    }
                }
                default -> out.add(at + ": " + fields.get(0) + " is not a form of the ADR");
            }
            return;
        }
        if (fields.contains("tag") && (fields.size() != 2 || !fields.contains("value") || !e.get("tag").isTextual())) {
            out.add(at + ": a variant is exactly {\"tag\": string, \"value\": expression}");
        }
        for (String f : fields) {
            expression(at + "." + f, e.get(f), out);
        }
    }
}
