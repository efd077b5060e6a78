package ptecheck.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.StateLayout;
import ptecheck.ts.ValueShape;
import ptecheck.ts.Variable;

/**
 * States in the first JSON form ptecheck wrote (before it followed ADR-015's one variable per
 * declaration), kept so that {@code replay} still reads traces saved in that form. A document is
 * in this form when its {@code #meta} has {@code internal_vars}. Its values:
 * <ul>
 *   <li>booleans as JSON booleans, numbers as {@code {"#bigint": "N"}}, enum members as strings;
 *   <li>records as JSON objects, optionals as the variants {@code {"tag": "Some", "value": v}} and
 *       {@code {"tag": "None", "value": {"#tup": []}}} (as Quint writes them), arrays nested in
 *       records as JSON lists in index order;
 *   <li>a value only the checker can read (who holds a lock) as its text, and a variable of
 *       unknown structure as {@code {"#unserializable": "text"}}.
 * </ul>
 * Every slot of the state appears: the user's variables under their names ({@code pt[0]}), and
 * each slot that belongs to no variable (program counters, temporaries) as a number under the
 * slot's name ({@code mprotect.pc}), so a trace pins down whole states.
 */
final class ItfLegacy {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ItfLegacy() {}

    /** One ITF variable: a user variable, or a lone slot (variable null). */
    private record Column(String name, Variable variable, int slot) {}

    /** The names of the ITF variables of {@code layout}: its variables, then the other slots. */
    static List<String> vars(StateLayout layout) {
        List<String> out = new ArrayList<>();
        for (Column c : columns(layout)) {
            out.add(c.name());
        }
        return out;
    }

    private static List<Column> columns(StateLayout layout) {
        List<Column> out = new ArrayList<>();
        BitSet covered = new BitSet();
        for (Variable v : layout.variables()) {
            out.add(new Column(v.name(), v, -1));
            covered.set(v.firstSlot(), v.firstSlot() + v.slotCount());
        }
        for (int i = covered.nextClearBit(0); i < layout.size(); i = covered.nextClearBit(i + 1)) {
            out.add(new Column(layout.slot(i).name(), null, i));
        }
        return out;
    }

    /** {@code state} as an ITF state object, without {@code #meta}. */
    static ObjectNode state(StateLayout layout, int[] state) {
        ObjectNode out = JSON.objectNode();
        for (Column c : columns(layout)) {
            out.set(c.name(), c.variable() == null ? bigint(state[c.slot()]) : variable(c.variable(), state));
        }
        return out;
    }

    static JsonNode variable(Variable v, int[] state) {
        if (v.shape() == null) {
            return JSON.objectNode().put("#unserializable", v.format(state));
        }
        if (v.shape() instanceof ValueShape.Opaque) {
            return JSON.textNode(v.format(state));
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
            ObjectNode variant = JSON.objectNode();
            if (s[at] == 0) {
                variant.put("tag", "None");
                variant.set("value", JSON.objectNode().set("#tup", JSON.arrayNode()));
            } else {
                variant.put("tag", "Some");
                variant.set("value", value(o.inner(), s, at + 1));
            }
            return variant;
        }
        if (shape instanceof ValueShape.Array a) {
            ArrayNode list = JSON.arrayNode();
            for (int k = 0; k < a.indices().size(); k++) {
                list.add(value(a.elem(), s, at + k * a.elem().slots()));
            }
            return list;
        }
        return bigint(s[at]);
    }

    private static ObjectNode bigint(long v) {
        return ItfValues.bigint(v);
    }
}
