package ptecheck.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import ptecheck.ts.StateLayout;
import ptecheck.ts.ValueShape;
import ptecheck.ts.Variable;

/**
 * States as values of the Informal Trace Format (Apalache ADR-015), as documented in
 * {@code docs/traces.md}. The ITF variables are the spec's declarations
 * ({@link StateLayout#declarations}), one each, whole:
 * <ul>
 *   <li>booleans as JSON booleans, numbers as {@code {"#bigint": "N"}}, enum members as strings;
 *   <li>records as JSON objects; arrays, whatever their nesting, as maps
 *       {@code {"#map": [[index, value], ...]}} keyed by index values;
 *   <li>optionals and locks as variants, as Apalache and Quint write them:
 *       {@code {"tag": "Some", "value": v}}, {@code {"tag": "None", "value": {"#tup": []}}},
 *       {@code {"tag": "Held", "value": "mprotect"}}, {@code {"tag": "Free", "value": {"#tup": []}}};
 *   <li>a value of unknown structure as {@code {"#unserializable": "text"}}.
 * </ul>
 * Everything else the state holds (program counters, process locals, interrupt and RCU state,
 * temporaries) is internal: each state lists it in its {@code #meta.internal}, by name, so a
 * trace still pins down whole states for replay.
 */
public final class ItfValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ItfValues() {}

    /** An internal value: a variable that is no declaration, or a lone slot (variable null). */
    private record Internal(String name, Variable variable, int slot) {}

    /** The ITF variables of {@code layout}: its declarations' names. */
    public static List<String> vars(StateLayout layout) {
        return layout.declarations().stream().map(Variable::name).toList();
    }

    /** The names of the internal values, in the order each state's {@code #meta.internal} lists them. */
    public static List<String> internalNames(StateLayout layout) {
        return internals(layout).stream().map(Internal::name).toList();
    }

    private static List<Internal> internals(StateLayout layout) {
        BitSet declared = new BitSet();
        for (Variable d : layout.declarations()) {
            declared.set(d.firstSlot(), d.firstSlot() + d.slotCount());
        }
        List<Internal> out = new ArrayList<>();
        BitSet covered = (BitSet) declared.clone();
        for (Variable v : layout.variables()) {
            if (!declared.get(v.firstSlot())) {
                out.add(new Internal(v.name(), v, -1));
            }
            covered.set(v.firstSlot(), v.firstSlot() + v.slotCount());
        }
        for (int i = covered.nextClearBit(0); i < layout.size(); i = covered.nextClearBit(i + 1)) {
            out.add(new Internal(layout.slot(i).name(), null, i));
        }
        return out;
    }

    /** {@code state}'s declarations as the variables of an ITF state object (no {@code #meta}). */
    public static ObjectNode state(StateLayout layout, int[] state) {
        ObjectNode out = JSON.objectNode();
        for (Variable d : layout.declarations()) {
            out.set(d.name(), variable(d, state));
        }
        return out;
    }

    /** {@code state}'s internal values, by name: a state's {@code #meta.internal}. */
    public static ObjectNode internal(StateLayout layout, int[] state) {
        ObjectNode out = JSON.objectNode();
        for (Internal i : internals(layout)) {
            out.set(i.name(), i.variable() == null ? bigint(state[i.slot()]) : variable(i.variable(), state));
        }
        return out;
    }

    /**
     * Apalache's types (ADR-002) of the variables, for {@code #meta.varTypes}, which Apalache needs
     * to read a trace: {@code Int -> { dirty: Bool, pfn: Int }}, {@code Free(UNIT) | Held(Str)}.
     */
    public static ObjectNode varTypes(StateLayout layout) {
        ObjectNode out = JSON.objectNode();
        for (Variable d : layout.declarations()) {
            out.put(d.name(), d.shape() == null || d.shape() instanceof ValueShape.Opaque ? "Str" : type(d.shape()));
        }
        return out;
    }

    private static String type(ValueShape shape) {
        if (shape instanceof ValueShape.Bool) {
            return "Bool";
        }
        if (shape instanceof ValueShape.Enum || shape instanceof ValueShape.Opaque) {
            return "Str";
        }
        if (shape instanceof ValueShape.Record r) {
            List<String> fields = new ArrayList<>();
            for (ValueShape.Field f : r.fields()) {
                fields.add(f.name() + ": " + type(f.shape()));
            }
            return "{ " + String.join(", ", fields) + " }";
        }
        if (shape instanceof ValueShape.Optional o) {
            return "Some(" + type(o.inner()) + ") | None(UNIT)";
        }
        if (shape instanceof ValueShape.Array a) {
            String elem = type(a.elem());
            return type(a.key()) + " -> " + (a.elem() instanceof ValueShape.Optional || a.elem() instanceof ValueShape.Lock
                    || a.elem() instanceof ValueShape.Array ? "(" + elem + ")" : elem);
        }
        if (shape instanceof ValueShape.Lock l) {
            return l.rw() ? "Free(UNIT) | Writer(Str) | Readers(Set(Str)) | WriterAndReaders(<<Str, Set(Str)>>)"
                    : "Free(UNIT) | Held(Str)";
        }
        return "Int";
    }

    static JsonNode variable(Variable v, int[] state) {
        if (v.shape() == null || v.shape() instanceof ValueShape.Opaque) {
            return JSON.objectNode().put("#unserializable", v.format(state));
        }
        return value(v.shape(), state, v.firstSlot());
    }

    static JsonNode value(ValueShape shape, int[] s, int at) {
        if (shape instanceof ValueShape.Bool) {
            return JSON.booleanNode(s[at] != 0);
        }
        if (shape instanceof ValueShape.Enum e) {
            int v = s[at];
            return v >= 0 && v < e.names().size() ? JSON.textNode(e.names().get(v)) : bigint(v);
        }
        if (shape instanceof ValueShape.Record r) {
            ObjectNode o = JSON.objectNode();
            for (ValueShape.Field f : r.fields()) {
                o.set(f.name(), value(f.shape(), s, at + f.offset()));
            }
            return o;
        }
        if (shape instanceof ValueShape.Optional o) {
            return s[at] == 0 ? variant("None", unit()) : variant("Some", value(o.inner(), s, at + 1));
        }
        if (shape instanceof ValueShape.Array a) {
            ArrayNode pairs = JSON.arrayNode();
            int[] key = new int[1];
            for (int k = 0; k < a.indices().size(); k++) {
                key[0] = a.keys().get(k);
                pairs.addArray().add(value(a.key(), key, 0)).add(value(a.elem(), s, at + k * a.elem().slots()));
            }
            return JSON.objectNode().set("#map", pairs);
        }
        if (shape instanceof ValueShape.Lock l) {
            return lock(l, s, at);
        }
        if (shape instanceof ValueShape.Opaque) {
            return JSON.objectNode().put("#unserializable", Integer.toString(s[at]));
        }
        return bigint(s[at]);
    }

    /**
     * A spinlock is free or held by its owner; a reader-writer lock free, held by a writer, or by
     * readers. Writer and readers at once cannot happen, but is written out, not folded into either.
     */
    private static JsonNode lock(ValueShape.Lock l, int[] s, int at) {
        int writer = s[at];
        if (!l.rw()) {
            return writer == 0 ? variant("Free", unit()) : variant("Held", JSON.textNode(l.owner(writer)));
        }
        ArrayNode readers = JSON.arrayNode();
        for (int o = 1, r = s[at + 1]; r != 0; o++, r >>>= 1) {
            if ((r & 1) != 0) {
                readers.add(l.owner(o));
            }
        }
        JsonNode set = JSON.objectNode().set("#set", readers);
        if (writer == 0) {
            return readers.isEmpty() ? variant("Free", unit()) : variant("Readers", set);
        }
        JsonNode owner = JSON.textNode(l.owner(writer));
        return readers.isEmpty() ? variant("Writer", owner)
                : variant("WriterAndReaders", JSON.objectNode().set("#tup", JSON.arrayNode().add(owner).add(set)));
    }

    private static ObjectNode variant(String tag, JsonNode value) {
        ObjectNode v = JSON.objectNode();
        v.put("tag", tag);
        v.set("value", value);
        return v;
    }

    /** Apalache's and Quint's unit value, the value of a variant without one. */
    private static JsonNode unit() {
        return JSON.objectNode().set("#tup", JSON.arrayNode());
    }

    static ObjectNode bigint(long v) {
        return JSON.objectNode().put("#bigint", Long.toString(v));
    }

    /**
     * {@code node} with every plain JSON integer written as {@code {"#bigint": "N"}}, which ITF
     * allows either way; so values written by other tools compare equal to ours.
     */
    public static JsonNode normalize(JsonNode node) {
        if (node.isIntegralNumber()) {
            return JSON.objectNode().put("#bigint", node.bigIntegerValue().toString());
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode();
            node.forEach(e -> out.add(normalize(e)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey(), normalize(e.getValue()));
            }
            return out;
        }
        return node;
    }
}
