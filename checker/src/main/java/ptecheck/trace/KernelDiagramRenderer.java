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
import ptecheck.ts.StepText;
import ptecheck.ts.ValueShape;
import ptecheck.ts.Variable;

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
        StringBuilder out = new StringBuilder();
        layout.header(out);
        Map<String, String> openCall = new HashMap<>();
        Map<String, List<StepText.Call>> openCalls = new HashMap<>();
        List<Step> steps = trace.steps();
        for (Object item : Folds.items(trace, options)) {
            if (item instanceof Folds.Fold fold) {
                Set<Integer> cols = new TreeSet<>();
                for (Step s : fold.steps()) {
                    cols.add(layout.column(s.info()));
                    openCall.remove(s.info().actor());
                    openCalls.remove(s.info().actor());
                }
                if (cols.size() == 1) {
                    int col = cols.iterator().next();
                    cell(out, layout, col, wrap(fold.line(), layout.width(col), "    "));
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
            List<String> effects = Effects.of(trace.variables(), s.before(), s.after(), trace.reads());
            List<String> text;
            if (!s.info().kernel()) {
                text = List.of(agentText(s.info(), effects, layout));
            } else if (s.info().group().shown() != null) {
                text = new ArrayList<>(shownText(s, nextOfActor, openCalls, layout));
                text.addAll(kernelEffects(s.info(), trace, s, effects));
            } else {
                text = new ArrayList<>(kernelText(s.info(), nextOfActor == null ? null : nextOfActor.info(), openCall, layout));
                text.addAll(kernelEffects(s.info(), trace, s, effects));
            }
            int col = layout.column(s.info());
            cell(out, layout, col, wrapAll(text, layout.width(col)));
        }
        FailingStep failing = trace.failingStep();
        if (failing != null) {
            StepInfo info = failing.info();
            List<String> text = new ArrayList<>(!info.kernel() ? List.of(agentText(info, List.of(), layout))
                    : info.group().shown() != null ? shownText(failing.info(), failing.before(), null, openCalls, layout)
                    : kernelText(info, null, openCall, layout));
            String why = failing.message().replace(": " + info.text(), "");
            text.add("  ^ " + (why.isEmpty() ? "fails" : why));
            int col = layout.column(info);
            cell(out, layout, col, wrapAll(text, layout.width(col)));
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
                parts.add(v.name() + " = " + Values.show(v, last, trace.reads()));
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
            String lead = t.substring(0, t.length() - t.stripLeading().length());
            String body = t.stripLeading();
            String indent = lead + (body.startsWith("[") ? " " : body.startsWith("// ") ? "   " : "  ");
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
        // Never break right after a line's marker ("// ", "[", the indentation): it would stand alone.
        String body = text.stripLeading();
        int marker = text.length() - body.length() + (body.startsWith("// ") ? 3 : body.startsWith("[") ? 1 : 0);
        while (lead.length() + rest.length() > width) {
            int room = width - lead.length();
            int cut = breakAt(rest, room, lead.isEmpty() ? marker : 0);
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
    private static int breakAt(String text, int room, int from) {
        int depth = 0;
        int outside = -1;
        int item = -1;
        int any = -1;
        int braces = 0;
        for (int i = 0; i <= room && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '(' || (c == '[' && i > 0)) {
                depth++;
                braces += c == '{' ? 1 : 0;
            } else if (c == '}' || c == ')' || (c == ']' && depth > 0)) {
                depth--;
                braces -= c == '}' ? 1 : 0;
            } else if (c == ' ' && i > from) {
                any = i;
                if (depth <= 0) {
                    outside = i;
                } else if (braces > 0 && text.charAt(i - 1) == ',') {
                    item = i;
                }
            }
        }
        if (outside > 0) {
            return outside;
        }
        if (item > 0) {
            return item; // between two fields, {pfn: 0, | dirty: false}, not inside one
        }
        if (any > 0) {
            return any;
        }
        // No space: break after a comma or an opening parenthesis rather than inside a name.
        for (int i = Math.min(room, text.length()) - 1; i > Math.max(0, from); i--) {
            char c = text.charAt(i - 1);
            if (c == ',' || c == '(') {
                return i;
            }
        }
        return room;
    }

    /** Prints {@code lines} in column {@code col}, the other columns empty. */
    private static void cell(StringBuilder out, Layout layout, int col, List<String> lines) {
        String pad = " ".repeat(layout.offset(col));
        for (String l : lines) {
            out.append((pad + l).stripTrailing()).append('\n');
        }
    }

    /**
     * A kernel step as it reads in the state it fires in ({@link StepText}): the calls it enters,
     * each indented under the one before, then its statement; a call that takes one step shows
     * only its call site. Several kernel processes on one CPU prefix their lines with the name.
     */
    private static List<String> shownText(Step s, Step next, Map<String, List<StepText.Call>> open, Layout layout) {
        return shownText(s.info(), s.before(), next, open, layout);
    }

    private static List<String> shownText(StepInfo info, int[] before, Step next, Map<String, List<StepText.Call>> open,
                                          Layout layout) {
        StepText shown = info.group().shown();
        List<StepText.Call> calls = shown.calls(before);
        List<StepText.Call> prev = open.getOrDefault(info.actor(), List.of());
        int same = 0;
        while (same < calls.size() && same < prev.size() && prev.get(same).id() == calls.get(same).id()
                && !calls.get(same).first()) {
            same++;
        }
        List<String> out = new ArrayList<>();
        for (int i = same; i < calls.size(); i++) {
            out.add("  ".repeat(i) + calls.get(i).site());
        }
        boolean oneStepCall = false;
        if (!calls.isEmpty() && calls.get(calls.size() - 1).first()) {
            StepText.Call inner = calls.get(calls.size() - 1);
            List<StepText.Call> after = next == null || !next.info().kernel() || next.info().group().shown() == null
                    ? List.of() : next.info().group().shown().calls(next.before());
            int k = calls.size() - 1;
            oneStepCall = !(after.size() > k && after.get(k).id() == inner.id() && !after.get(k).first());
        }
        if (oneStepCall) {
            open.put(info.actor(), calls.subList(0, calls.size() - 1));
        } else {
            for (String l : shown.lines(before)) {
                out.add("  ".repeat(calls.size()) + l);
            }
            open.put(info.actor(), calls);
        }
        if (layout.sharedColumn(info) && !out.isEmpty()) {
            out.set(0, info.actor() + ": " + out.get(0));
        }
        return out;
    }

    /**
     * What a kernel step changed, as a comment beneath it: {@code // pt[0].write 1->0}. The
     * process's own locals are named without the process and shown whole; locks are left out
     * (the statement says it).
     */
    private static List<String> kernelEffects(StepInfo info, Trace trace, Step s, List<String> effects) {
        List<String> parts = new ArrayList<>();
        String own = info.actor() + ".";
        java.util.BitSet explicit = Values.explicit(trace.variables(), s.before(), s.after(), trace.reads());
        java.util.Set<String> locals = new java.util.HashSet<>();
        for (Variable v : trace.variables()) {
            if (!v.differs(s.before(), s.after()) || v.shape() instanceof ValueShape.Opaque) {
                continue;
            }
            if (v.name().startsWith(own)) {
                locals.add(v.name());
                if (v.isDead(s.after())) {
                    continue; // its last use was this step: the reader needs no "old = dead"
                }
                parts.add(v.name().substring(own.length()) + " = " + Values.show(v, s.after(), explicit));
            }
        }
        for (String e : effects) {
            String name = e.split("[ .\\[]", 2)[0];
            boolean lock = false;
            for (Variable v : trace.variables()) {
                if (v.shape() instanceof ValueShape.Opaque && (e.startsWith(v.name() + " ") || e.startsWith(v.name() + "<"))) {
                    lock = true;
                }
            }
            boolean local = false;
            for (String l : locals) {
                if (e.startsWith(l + " ") || e.startsWith(l + ".") || e.startsWith(l + "[")) {
                    local = true;
                }
            }
            if (!lock && !local && !name.isEmpty()) {
                parts.add(glue(e));
            }
        }
        return parts.isEmpty() ? List.of() : List.of("  // " + String.join(", ", parts));
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

        /** Lanes past two start this far apart; a step's text runs from its lane to the right margin. */
        int step() {
            int n = titles.size();
            return n <= 2 ? (WIDTH - GAP.length() * (n - 1)) / Math.max(1, n) + GAP.length() : (WIDTH - 40) / (n - 1);
        }

        int offset(int col) {
            return col * step();
        }

        int width(int col) {
            return titles.size() <= 2 ? step() - (titles.size() == 1 ? 0 : GAP.length()) : WIDTH - offset(col);
        }

        /**
         * Column titles and rules. With three lanes or more the lanes are narrow: each is
         * titled {@code CPU n} (or its actor, cut to fit) and a legend line gives the full titles.
         */
        void header(StringBuilder out) {
            if (titles.isEmpty()) {
                return;
            }
            List<String> shown = new ArrayList<>();
            boolean cut = false;
            for (String t : titles) {
                String s = t;
                if (titles.size() > 2) {
                    int paren = t.indexOf(" (");
                    s = t.startsWith("CPU ") && paren > 0 ? t.substring(0, paren) : t;
                    if (s.length() > step() - 1) {
                        s = s.substring(0, step() - 1);
                    }
                }
                cut |= !s.equals(t);
                shown.add(s);
            }
            if (cut) {
                for (String l : wrap("Lanes: " + String.join(", ", titles), WIDTH, "       ")) {
                    out.append(l).append('\n');
                }
            }
            StringBuilder head = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < shown.size(); i++) {
                String t = shown.get(i).length() > width(i) ? shown.get(i).substring(0, width(i)) : shown.get(i);
                head.append(" ".repeat(Math.max(0, offset(i) - head.length()))).append(t);
                rule.append(" ".repeat(Math.max(0, offset(i) - rule.length()))).append("-".repeat(t.length()));
            }
            out.append(head).append('\n').append(rule).append('\n');
        }

        int column(StepInfo g) {
            return columns.get(g.cpu() >= 0 ? "cpu " + g.cpu() : "actor " + g.actor());
        }

        boolean sharedColumn(StepInfo g) {
            return shared.contains(column(g));
        }
    }
}
