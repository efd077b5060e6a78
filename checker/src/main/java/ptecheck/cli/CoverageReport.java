package ptecheck.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ptecheck.explore.LivenessSearch;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

/**
 * {@code check --coverage}: how often each rule instance and kernel statement fired and each
 * property was in scope, over the full state graph. Those that never fired come first: a rule
 * that can never fire, or an at-end check never reached, is how a spec passes vacuously.
 */
final class CoverageReport {
    private CoverageReport() {}

    static String text(TransitionSystem ts, LivenessSearch.Coverage c) {
        if (c == null) {
            return "Coverage: not computed (the memory or --max-states bound stopped the exploration)\n";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Coverage: the full state graph, without reductions (%,d states, %,d edges)%n",
                c.states(), c.edges()));
        List<String[]> never = new ArrayList<>();
        List<String[]> fired = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < ts.groupCount(); g++) {
            order.add(g);
        }
        order.sort((a, b) -> Long.compare(c.fired()[b], c.fired()[a])); // stable: groups in order within a count
        for (int g : order) {
            GroupInfo info = ts.group(g);
            String who = info.action().isEmpty() ? info.actor() : info.actor() + " " + info.action();
            String where = info.where().file().isEmpty() ? "-" : info.where().toString();
            if (c.fired()[g] == 0) {
                never.add(new String[] {who, where, info.text()});
            } else {
                fired.add(new String[] {String.format(Locale.ROOT, "%,d", c.fired()[g]), who, where, info.text()});
            }
        }
        out.append("Never fired (").append(never.size()).append(" of ").append(ts.groupCount())
                .append(" rule instances and kernel steps)").append(never.isEmpty() ? ": none\n" : ":\n");
        table(out, never);
        out.append("Fired (edges of the graph):\n");
        table(out, fired);
        out.append("Properties (states):\n");
        List<String[]> props = new ArrayList<>();
        List<StateProperty> ps = ts.properties();
        for (int i = 0; i < ps.size(); i++) {
            StateProperty p = ps.get(i);
            String count = p.kind() != StateProperty.Kind.AT_END ? String.format(Locale.ROOT, "checked in all %,d",
                    c.states())
                    : c.inScope()[i] == 0 ? "never reached (no state has every kernel process finished)"
                    : String.format(Locale.ROOT, "reached in %,d of %,d", c.inScope()[i], c.states());
            props.add(new String[] {p.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '), p.name(), count});
        }
        for (int i = 0; i < ts.liveness().size(); i++) {
            var p = ts.liveness().get(i);
            props.add(new String[] {"liveness", p.name(), String.format(Locale.ROOT, "condition true in %,d of %,d",
                    c.conditionHolds()[i], c.states())});
        }
        table(out, props);
        return out.toString();
    }

    static Map<String, Object> json(TransitionSystem ts, LivenessSearch.Coverage c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c == null) {
            m.put("computed", false);
            return m;
        }
        m.put("states", c.states());
        m.put("edges", c.edges());
        List<Object> groups = new ArrayList<>();
        for (int g = 0; g < ts.groupCount(); g++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("actor", ts.group(g).actor());
            e.put("action", ts.group(g).action());
            e.put("where", ts.group(g).where().toString());
            e.put("statement", ts.group(g).text());
            e.put("fired", c.fired()[g]);
            groups.add(e);
        }
        m.put("groups", groups);
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < ts.properties().size(); i++) {
            props.put(ts.properties().get(i).name(), c.inScope()[i]);
        }
        m.put("in_scope", props);
        return m;
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
