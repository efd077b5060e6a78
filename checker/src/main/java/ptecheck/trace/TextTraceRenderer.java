package ptecheck.trace;

import java.util.ArrayList;
import java.util.List;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Variable;

/**
 * Renders a trace as plain ASCII text for a terminal: the initial state, then one line per step
 * (number, CPU, actor and action, source position, statement) with the variables it changed
 * beneath, and last the violated property.
 *
 * <pre>
 * Initial state:
 *   pt[0] = {present, write}
 * Step 1  cpu 1  mmu[1] fill  x86.ptm:40              rule fill for p in PAGE
 *         pt[0]: {present, write} -> {present, write, accessed}
 * Step 2  cpu 0  mprotect     change_pte_range.ptm:21  old = pt[p]
 *         old: {} -> {present, write, accessed}
 * Violation: invariant dirty_not_lost (change_pte_range.ptm:30): forall p in PAGE: ...
 * </pre>
 */
public final class TextTraceRenderer {
    private static final String GAP = "  ";

    private TextTraceRenderer() {}

    public static String render(Trace trace) {
        return render(trace, RenderOptions.DEFAULT);
    }

    /**
     * With {@link RenderOptions#fullStates()} every variable is listed after each step (the
     * changed ones as {@code before -> after}); steps outside {@link RenderOptions#involved()}
     * are folded, one line per run.
     */
    public static String render(Trace trace, RenderOptions options) {
        StringBuilder out = new StringBuilder();
        out.append("Initial state:\n");
        for (Variable v : trace.variables()) {
            out.append(GAP).append(v.name()).append(" = ").append(Values.show(v, trace.initial(), reads(trace))).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        for (Step s : trace.steps()) {
            rows.add(columns(s.index(), s.info()));
        }
        if (trace.failingStep() != null) {
            rows.add(columns(trace.failingStep().index(), trace.failingStep().info()));
        }
        int[] widths = widths(rows);
        String indent = " ".repeat(widths[0] + GAP.length());
        for (Object item : Folds.items(trace, options)) {
            if (item instanceof Folds.Fold fold) {
                out.append(fold.line()).append('\n');
                continue;
            }
            Step s = (Step) item;
            if (trace.lasso() && s.index() == trace.loop() + 1) {
                out.append(trace.cycleStart()).append('\n');
            }
            line(out, rows.get(s.index() - 1), widths);
            java.util.BitSet explicit = Values.explicit(trace.variables(), s.before(), s.after(), trace.reads());
            for (Variable v : trace.variables()) {
                if (v.differs(s.before(), s.after())) {
                    out.append(indent).append(v.name()).append(": ").append(Values.show(v, s.before(), explicit))
                            .append(" -> ").append(Values.show(v, s.after(), explicit)).append('\n');
                } else if (options.fullStates()) {
                    out.append(indent).append(v.name()).append(" = ").append(Values.show(v, s.after(), explicit))
                            .append('\n');
                }
            }
        }
        if (trace.failingStep() != null) {
            line(out, rows.get(rows.size() - 1), widths);
            out.append(indent).append("fails: ").append(trace.failingStep().message()).append('\n');
        }
        if (trace.lasso()) {
            out.append(trace.cycleEnd()).append('\n');
        }
        if (trace.kind() == StateProperty.Kind.DEADLOCK) {
            out.append("Blocked:").append(trace.blocked().isEmpty() ? " nothing reported\n" : "\n");
            for (String b : trace.blocked()) {
                out.append(GAP).append(b).append('\n');
            }
        }
        out.append(violation(trace)).append('\n');
        if (!trace.message().isEmpty()) {
            out.append(GAP).append(trace.message()).append('\n');
        }
        return out.toString();
    }

    /** The slots the violated property reads (their false fields are shown), or an empty set. */
    static java.util.BitSet reads(Trace trace) {
        return trace.reads() == null ? new java.util.BitSet() : trace.reads();
    }

    /** {@code Violation: <kind> <name> (<file:line>): <text>}, leaving out what is missing. */
    static String violation(Trace trace) {
        String kindWord = kindWord(trace.kind());
        StringBuilder line = new StringBuilder("Violation: ").append(kindWord);
        if (!trace.property().equals(kindWord)) {
            line.append(' ').append(trace.property());
        }
        if (known(trace.where())) {
            line.append(" (").append(trace.where()).append(')');
        }
        if (!trace.text().isEmpty()) {
            line.append(": ").append(trace.text());
        }
        return line.toString();
    }

    static String kindWord(StateProperty.Kind kind) {
        return switch (kind) {
            case INVARIANT -> "invariant";
            case AT_END -> "at-end check";
            case ASSERTION -> "assertion";
            case DEADLOCK -> "deadlock";
            case LOCK_ORDER -> "lock order";
            case LIVENESS -> "liveness";
        };
    }

    private static String[] columns(int index, StepInfo info) {
        String who = info.action().isEmpty() ? info.actor() : info.actor() + " " + info.action();
        return new String[] {
            "Step " + index,
            info.cpu() < 0 ? "-" : "cpu " + info.cpu(),
            who,
            known(info.where()) ? info.where().toString() : "-",
            info.text()
        };
    }

    private static int[] widths(List<String[]> rows) {
        int[] widths = new int[5];
        widths[0] = "Step 1".length();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        return widths;
    }

    private static void line(StringBuilder out, String[] cols, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cols.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            line.append(cols[i]);
            if (i < cols.length - 1) {
                line.append(" ".repeat(widths[i] - cols[i].length()));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static boolean known(SourceRef where) {
        return where != null && !where.file().isEmpty();
    }
}
