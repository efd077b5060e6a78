package ptecheck.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * Renders a trace as the race diagram kernel developers put in commit messages: one column per
 * CPU, time flowing downward, one row per step. Kernel steps show the statement as written (an
 * inlined procedure as its call site), hardware and other agents' steps show their rule and
 * its effects in brackets. Plain ASCII, at most {@value #WIDTH} columns wide.
 *
 * <pre>
 * CPU 0 (mprotect)                        CPU 1
 * ----------------                        -----
 * lock ptl
 * old = pt[p]
 *                                         [mmu fill: pt[0].accessed 0->1,
 *                                          tlb[1][0] <- {pfn: 0, write}]
 * pt[p] = old with { write: false }
 *
 * Violation: at-end check dirty_not_lost (change_pte_range.ptm:40):
 *   forall p in PAGE: written[p] implies pt[p].dirty
 * </pre>
 *
 * <p>Steps of actors bound to no CPU get a column each, titled with the actor's name; past
 * {@value #MAX_COLUMNS} columns they share one column titled {@code other}.
 */
public final class KernelDiagramRenderer {
    public static final int WIDTH = 80;
    static final int MAX_COLUMNS = 4;
    private static final String GAP = "  ";
    private static final String OTHER = "other";

    private KernelDiagramRenderer() {}

    public static String render(Trace trace) {
        return render(trace, RenderOptions.DEFAULT);
    }

    public static String render(Trace trace, RenderOptions options) {
        List<StepInfo> infos = new ArrayList<>();
        for (Step s : trace.steps()) {
            infos.add(s.info());
        }
        if (trace.failingStep() != null) {
            infos.add(trace.failingStep().info());
        }
        Layout layout = Layout.of(infos);
        int width = (WIDTH - GAP.length() * (layout.titles.size() - 1)) / Math.max(1, layout.titles.size());
        List<String> header = new ArrayList<>(layout.titles);
        List<String> rule = new ArrayList<>();
        for (String t : header) {
            rule.add("-".repeat(Math.min(width, t.length())));
        }
        StringBuilder out = new StringBuilder();
        if (!header.isEmpty()) {
            line(out, header, width);
            line(out, rule, width);
        }
        Map<String, String> openCall = new HashMap<>();
        List<Step> steps = trace.steps();
        for (Object item : Folds.items(trace, options)) {
            if (item instanceof Folds.Fold fold) {
                Set<Integer> cols = new TreeSet<>();
                for (Step s : fold.steps()) {
                    cols.add(layout.column(s.info()));
                    openCall.remove(s.info().actor());
                }
                if (cols.size() == 1) {
                    cell(out, layout, cols.iterator().next(), wrap(fold.line(), width, "    "), width);
                } else {
                    for (String l : wrap(fold.line(), WIDTH, "    ")) {
                        out.append(l).append('\n');
                    }
                }
                continue;
            }
            Step s = (Step) item;
            if (trace.lasso() && s.index() == trace.loop() + 1) {
                out.append("--- ").append(trace.cycleStart()).append(" ---\n");
            }
            Step nextOfActor = null;
            for (int j = s.index(); j < steps.size(); j++) {
                if (steps.get(j).info().actor().equals(s.info().actor())) {
                    nextOfActor = steps.get(j);
                    break;
                }
            }
            List<String> text = s.info().kernel()
                    ? kernelText(s.info(), nextOfActor == null ? null : nextOfActor.info(), openCall, layout)
                    : List.of(agentText(s.info(), Effects.of(trace.variables(), s.before(), s.after()), layout));
            cell(out, layout, layout.column(s.info()), wrapAll(text, width), width);
        }
        FailingStep failing = trace.failingStep();
        if (failing != null) {
            StepInfo info = failing.info();
            List<String> text = new ArrayList<>(info.kernel() ? kernelText(info, null, openCall, layout)
                    : List.of(agentText(info, List.of(), layout)));
            String why = failing.message().replace(": " + info.text(), "");
            text.add("  ^ " + (why.isEmpty() ? "fails" : why));
            cell(out, layout, layout.column(info), wrapAll(text, width), width);
        }
        if (trace.lasso()) {
            out.append("--- ").append(trace.cycleEnd()).append(" ---\n");
        }
        out.append('\n');
        for (String l : wrap(violation(trace), WIDTH, "  ")) {
            out.append(l).append('\n');
        }
        if (!trace.text().isEmpty()) {
            for (String l : wrap(trace.text(), WIDTH - 2, "  ")) {
                out.append("  ").append(l).append('\n');
            }
        }
        String values = finalValues(trace);
        if (!values.isEmpty()) {
            for (String l : wrap("with " + values, WIDTH - 2, "     ")) {
                out.append("  ").append(l).append('\n');
            }
        }
        if (trace.kind() == StateProperty.Kind.DEADLOCK) {
            for (String b : trace.blocked()) {
                for (String l : wrap("blocked: " + b, WIDTH - 2, "    ")) {
                    out.append("  ").append(l).append('\n');
                }
            }
        }
        if (!trace.message().isEmpty() && failing == null) {
            for (String l : wrap(trace.message(), WIDTH - 2, "  ")) {
                out.append("  ").append(l).append('\n');
            }
        }
        return out.toString();
    }

    /** The violation line, with the file name only (the diagram goes into emails, not terminals). */
    private static String violation(Trace trace) {
        String kindWord = TextTraceRenderer.kindWord(trace.kind());
        StringBuilder line = new StringBuilder("Violation: ").append(kindWord);
        if (!trace.property().equals(kindWord)) {
            line.append(' ').append(trace.property());
        }
        SourceRef where = trace.where();
        if (where != null && !where.file().isEmpty()) {
            line.append(" (").append(baseName(where.file())).append(':').append(where.line()).append(')');
        }
        return line.append(trace.text().isEmpty() ? "" : ":").toString();
    }

    /** The variables the violated property reads, as they are in the last state. */
    private static String finalValues(Trace trace) {
        if (trace.reads() == null || trace.failingStep() != null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        int[] last = trace.last();
        for (ptecheck.ts.Variable v : trace.variables()) {
            int next = trace.reads().nextSetBit(v.firstSlot());
            if (next >= 0 && next < v.firstSlot() + v.slotCount()) {
                parts.add(v.name() + " = " + v.format(last));
            }
        }
        return String.join(", ", parts);
    }

    static String baseName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        return file.substring(slash + 1);
    }

    /**
     * A kernel statement. A step inside an inlined procedure shows the call site; when the call
     * takes several steps, each shows the callee's statement beneath the call site.
     */
    private static List<String> kernelText(StepInfo info, StepInfo next, Map<String, String> openCall,
                                           Layout layout) {
        String prefix = layout.sharedColumn(info) ? info.actor() + ": " : "";
        Statements.Call call = Statements.call(info.text());
        if (call == null) {
            openCall.remove(info.actor());
            return List.of(prefix + Statements.plain(info.text()));
        }
        String callee = Statements.plain(call.statement());
        String key = call.site() + "\u0000" + info.where();
        String open = openCall.get(info.actor());
        if (open != null && open.startsWith(call.site() + "\u0000") && !open.equals(key)) {
            openCall.put(info.actor(), key);
            return List.of("  " + callee);
        }
        Statements.Call nextCall = next == null ? null : Statements.call(next.text());
        boolean continues = nextCall != null && nextCall.site().equals(call.site())
                && !next.where().equals(info.where());
        if (continues) {
            openCall.put(info.actor(), key);
            return List.of(prefix + Statements.plain(call.site()), "  " + callee);
        }
        openCall.remove(info.actor());
        return List.of(prefix + Statements.plain(call.site()));
    }

    /** {@code [mmu fill: pt[0].accessed 0->1]}: the agent, its rule and what it changed. */
    private static String agentText(StepInfo info, List<String> effects, Layout layout) {
        String actor = info.actor();
        if (info.cpu() >= 0 && actor.endsWith("[" + info.cpu() + "]")) {
            actor = actor.substring(0, actor.length() - ("[" + info.cpu() + "]").length());
        } else if (info.cpu() < 0 && !layout.sharedColumn(info)) {
            actor = ""; // the column is titled with the actor
        }
        String action = info.action();
        int paren = action.indexOf('(');
        if (!effects.isEmpty() && paren > 0) {
            action = action.substring(0, paren); // the effects name the instance's variables
        }
        String label = (actor + " " + action).strip();
        List<String> glued = new ArrayList<>();
        for (String e : effects) {
            glued.add(glue(e));
        }
        return "[" + label + (effects.isEmpty() ? "" : ": " + String.join(", ", glued)) + "]";
    }

    /** Spaces that {@link #wrap} must not break at; turned back into spaces after wrapping. */
    private static final char GLUE = '\u0001';

    /** Keeps {@code pt[0].dirty 0->1} on one line: its spaces outside braces become {@link #GLUE}. */
    private static String glue(String effect) {
        StringBuilder sb = new StringBuilder(effect);
        int depth = 0;
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
            } else if (c == ' ' && depth == 0) {
                sb.setCharAt(i, GLUE);
            }
        }
        return sb.toString();
    }

    private static List<String> wrapAll(List<String> texts, int width) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            String indent = t.startsWith("[") ? " " : t.startsWith("  ") ? "    " : "  ";
            for (String l : wrap(t, width, indent)) {
                out.add(l.replace(GLUE, ' '));
            }
        }
        return out;
    }

    /**
     * Breaks {@code text} into lines of at most {@code width} characters, at spaces where it can,
     * continuation lines starting with {@code indent}.
     */
    static List<String> wrap(String text, int width, String indent) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        String lead = "";
        while (lead.length() + rest.length() > width) {
            int room = width - lead.length();
            int cut = breakAt(rest, room);
            lines.add((lead + rest.substring(0, cut)).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            lead = indent;
        }
        lines.add(lead + rest);
        return lines;
    }

    /**
     * Where to end a line of at most {@code room} characters: at the last space outside
     * brackets (so {@code {pfn: 0, write}} stays whole), else at the last space, else inside
     * a word too long for the column.
     */
    private static int breakAt(String text, int room) {
        int depth = 0;
        int outside = -1;
        int any = -1;
        for (int i = 0; i <= room && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '(' || (c == '[' && i > 0)) {
                depth++;
            } else if (c == '}' || c == ')' || (c == ']' && depth > 0)) {
                depth--;
            } else if (c == ' ' && i > 0) {
                any = i;
                if (depth <= 0) {
                    outside = i;
                }
            }
        }
        if (outside > 0) {
            return outside;
        }
        return any > 0 ? any : room;
    }

    /** Prints {@code lines} in column {@code col}, the other columns empty. */
    private static void cell(StringBuilder out, Layout layout, int col, List<String> lines, int width) {
        String pad = (" ".repeat(width) + GAP).repeat(col);
        for (String l : lines) {
            out.append((pad + l).stripTrailing()).append('\n');
        }
    }

    private static void line(StringBuilder out, List<String> cols, int width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            String c = cols.get(i).length() > width ? cols.get(i).substring(0, width) : cols.get(i);
            sb.append(c);
            if (i < cols.size() - 1) {
                sb.append(" ".repeat(width - c.length())).append(GAP);
            }
        }
        out.append(sb.toString().stripTrailing()).append('\n');
    }

    /** Which column each actor's steps go to, and the column titles. */
    private static final class Layout {
        final List<String> titles = new ArrayList<>();
        final Map<String, Integer> columns = new LinkedHashMap<>();
        /** Columns where steps name their actor: several kernel processes, or the shared "other". */
        final Set<Integer> shared = new LinkedHashSet<>();

        static Layout of(List<StepInfo> infos) {
            Layout l = new Layout();
            TreeSet<Integer> cpus = new TreeSet<>();
            Set<String> unbound = new LinkedHashSet<>();
            Map<Integer, Set<String>> kernels = new HashMap<>();
            for (StepInfo g : infos) {
                if (g.cpu() >= 0) {
                    cpus.add(g.cpu());
                    if (g.kernel()) {
                        kernels.computeIfAbsent(g.cpu(), c -> new LinkedHashSet<>()).add(g.actor());
                    }
                } else {
                    unbound.add(g.actor());
                }
            }
            for (int c : cpus) {
                Set<String> k = kernels.getOrDefault(c, Set.of());
                l.columns.put("cpu " + c, l.titles.size());
                if (k.size() > 1) {
                    l.shared.add(l.titles.size());
                }
                l.titles.add("CPU " + c + (k.size() == 1 ? " (" + k.iterator().next() + ")" : ""));
            }
            boolean merge = cpus.size() + unbound.size() > MAX_COLUMNS;
            for (String actor : unbound) {
                if (merge) {
                    if (!l.columns.containsKey("actor " + OTHER)) {
                        l.columns.put("actor " + OTHER, l.titles.size());
                        l.shared.add(l.titles.size());
                        l.titles.add(OTHER);
                    }
                    l.columns.put("actor " + actor, l.columns.get("actor " + OTHER));
                } else {
                    l.columns.put("actor " + actor, l.titles.size());
                    l.titles.add(actor);
                }
            }
            return l;
        }

        int column(StepInfo g) {
            return columns.get(g.cpu() >= 0 ? "cpu " + g.cpu() : "actor " + g.actor());
        }

        boolean sharedColumn(StepInfo g) {
            return shared.contains(column(g));
        }
    }
}
