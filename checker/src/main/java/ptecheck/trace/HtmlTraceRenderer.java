package ptecheck.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Variable;

/**
 * Renders a trace as one self-contained HTML page (inline style and script, nothing fetched):
 * a swimlane per CPU or CPU-less actor, one row per step in order, each step with the
 * variables it changed; clicking a step shows the whole state after it; the violated property
 * is highlighted at the top and after the last step, and the variables it reads are marked in
 * the last state. Without script (printed, or as a screenshot) every step and change is still
 * visible; only the full states stay folded.
 */
public final class HtmlTraceRenderer {
    private HtmlTraceRenderer() {}

    public static String render(Trace trace, TraceSource source, RenderOptions options) {
        return render(List.of(trace), source, List.of(options));
    }

    /**
     * One page for the traces of one violation: its counterexample, or both witnesses of a
     * lockdep finding, after lockdep's scenario table. Step rows are numbered across the page
     * ({@code data-step}) so that the keys j/k (or the arrow keys) go from one to the next.
     */
    public static String render(List<Trace> traces, TraceSource source, List<RenderOptions> options) {
        Trace trace = traces.get(0);
        StringBuilder h = new StringBuilder();
        String title = "ptecheck: " + trace.property() + " in " + source.spec();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n");
        h.append("<body>\n<header>\n<h1>").append(esc(source.spec())).append("</h1>\n<p class=\"config\">")
                .append(esc(source.file()));
        if (!source.config().isEmpty()) {
            List<String> parts = new ArrayList<>();
            source.config().forEach((k, v) -> parts.add(k + "=" + v));
            h.append(" &middot; ").append(esc(String.join(", ", parts)));
        }
        h.append("</p>\n");
        List<String> scenario = LockScenario.lines(traces);
        if (traces.size() > 1) {
            h.append("<div class=\"violation summary\"><strong>Violation: ").append(esc(trace.property()))
                    .append("</strong><p>").append(esc(trace.message())).append("</p>");
            if (!scenario.isEmpty()) {
                h.append("<pre class=\"scenario\">").append(esc(String.join("\n", scenario))).append("</pre>");
            }
            h.append("</div>\n");
        } else {
            violation(h, trace, "summary");
        }
        int total = 0;
        for (Trace t : traces) {
            total += t.steps().size() + (t.failingStep() == null ? 0 : 1);
        }
        h.append("<p class=\"hint\">").append(total).append(total == 1 ? " step" : " steps")
                .append(". Click a step, or press j/k (or the arrow keys), to see the whole state after it. ")
                .append("Steps the violation depends on (its slice) are marked <span class=\"culprit-key\">like this</span>.</p>\n")
                .append("</header>\n");
        int first = 0;
        for (int w = 0; w < traces.size(); w++) {
            Trace t = traces.get(w);
            if (traces.size() > 1) {
                h.append("<h2>Witness ").append(w + 1).append(" of ").append(traces.size()).append(": ")
                        .append(esc(t.text())).append("</h2>\n");
            }
            table(h, t, source, options.get(w), first);
            first += t.steps().size() + (t.failingStep() == null ? 0 : 1) + 1;
            if (traces.size() == 1) {
                violation(h, t, "final");
            }
        }
        h.append("<footer>");
        if (!source.reproduce().isEmpty()) {
            h.append("<p>Reproduce:</p><pre class=\"reproduce\">").append(esc(source.reproduce())).append("</pre>");
        }
        if (!source.version().isEmpty()) {
            h.append("<p class=\"version\">").append(esc(source.version())).append("</p>");
        }
        h.append("</footer>\n");
        h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    /** One trace's swimlanes; its rows are numbered from {@code first} (the initial state). */
    private static void table(StringBuilder h, Trace trace, TraceSource source, RenderOptions options, int first) {
        List<String> lanes = lanes(trace);
        h.append("<table class=\"lanes\">\n<thead><tr><th class=\"num\">#</th>");
        for (String lane : lanes) {
            h.append("<th>").append(esc(lane)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int cols = lanes.size() + 1;
        h.append("<tr class=\"step initial\" data-step=\"").append(first).append("\"><td class=\"num\">0</td><td colspan=\"")
                .append(lanes.size()).append("\"><span class=\"what\">initial state</span></td></tr>\n");
        stateRow(h, trace, first, trace.initial(), null, cols, false);
        Map<String, Integer> laneOf = laneIndex(lanes);
        for (Object item : Folds.items(trace, options)) {
            if (item instanceof Folds.Fold fold) {
                h.append("<tr class=\"fold\"><td class=\"num\"></td><td colspan=\"").append(lanes.size())
                        .append("\">").append(esc(fold.line())).append("</td></tr>\n");
                continue;
            }
            Step s = (Step) item;
            if (trace.lasso() && s.index() == trace.loop() + 1) {
                h.append("<tr class=\"fold cycle\"><td class=\"num\"></td><td colspan=\"").append(lanes.size())
                        .append("\">").append(esc(trace.cycleStart())).append("</td></tr>\n");
            }
            boolean last = s.index() == trace.steps().size() && trace.failingStep() == null;
            boolean culprit = options.highlighted() != null && options.highlighted().get(s.index());
            stepRow(h, trace, s, first + s.index(), s.index(), s.info(), s.before(), laneOf, lanes.size(), null, last,
                    culprit, source);
            stateRow(h, trace, first + s.index(), s.after(), s.before(), cols, last);
        }
        if (trace.failingStep() != null) {
            FailingStep f = trace.failingStep();
            stepRow(h, trace, null, first + f.index(), f.index(), f.info(), f.before(), laneOf, lanes.size(), f.message(),
                    true, true, source);
        }
        if (trace.lasso()) {
            h.append("<tr class=\"fold cycle\"><td class=\"num\"></td><td colspan=\"").append(lanes.size())
                    .append("\">").append(esc(trace.cycleEnd())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void violation(StringBuilder h, Trace trace, String cls) {
        h.append("<div class=\"violation ").append(cls).append("\"><strong>Violation: ")
                .append(esc(TextTraceRenderer.kindWord(trace.kind())));
        if (!trace.property().equals(TextTraceRenderer.kindWord(trace.kind()))) {
            h.append(' ').append(esc(trace.property()));
        }
        h.append("</strong>");
        if (trace.where() != null && !trace.where().file().isEmpty()) {
            h.append(" <span class=\"where\">").append(esc(trace.where().toString())).append("</span>");
        }
        if (!trace.text().isEmpty()) {
            h.append("<pre>").append(esc(trace.text())).append("</pre>");
        }
        if (!trace.message().isEmpty()) {
            h.append("<p>").append(esc(trace.message())).append("</p>");
        }
        if (trace.kind() == StateProperty.Kind.DEADLOCK && !trace.blocked().isEmpty()) {
            h.append("<ul>");
            for (String b : trace.blocked()) {
                h.append("<li>").append(esc(b)).append("</li>");
            }
            h.append("</ul>");
        }
        h.append("</div>\n");
    }

    private static void stepRow(StringBuilder h, Trace trace, Step step, int row, int index, StepInfo info, int[] before,
                                Map<String, Integer> laneOf, int lanes, String failure, boolean last, boolean culprit,
                                TraceSource source) {
        int lane = laneOf.get(key(info));
        h.append("<tr class=\"step").append(info.kernel() ? " kernel" : " agent").append(last ? " last" : "")
                .append(culprit ? " culprit" : "")
                .append("\" data-step=\"").append(row).append("\"><td class=\"num\">").append(index).append("</td>");
        for (int i = 0; i < lanes; i++) {
            if (i != lane) {
                h.append("<td></td>");
                continue;
            }
            h.append("<td class=\"cell\">");
            String who = info.action().isEmpty() ? info.actor() : info.actor() + " " + info.action();
            h.append("<div class=\"who\">").append(esc(who)).append(" <span class=\"where\">")
                    .append(esc(info.where().file().isEmpty() ? "" : info.where().toString())).append("</span></div>");
            ptecheck.ts.StepText shown = info.kernel() ? info.group().shown() : null;
            Statements.Call call = info.kernel() && shown == null ? Statements.call(info.text()) : null;
            if (shown != null) {
                for (ptecheck.ts.StepText.Call c : shown.calls(before)) {
                    h.append("<code class=\"site\">").append(esc(c.site())).append("</code>");
                }
                h.append("<code class=\"what\" title=\"").append(esc(info.text())).append("\">")
                        .append(esc(String.join("\n", shown.lines(before)))).append("</code>");
            } else if (call != null) {
                h.append("<code class=\"what\">").append(esc(call.site())).append("</code>")
                        .append("<code class=\"callee\">&gt; ").append(esc(call.statement())).append("</code>");
            } else {
                h.append("<code class=\"what\">").append(esc(info.text())).append("</code>");
            }
            String line = info.where().file().isEmpty() ? null : source.sourceLine().apply(info.where());
            if (line != null) {
                h.append("<div class=\"src\"><span class=\"ln\">").append(info.where().line()).append("</span> ")
                        .append(esc(line.strip())).append("</div>");
            }
            if (step != null && !step.changes().isEmpty()) {
                java.util.BitSet explicit = Values.explicit(trace.variables(), step.before(), step.after(), trace.reads());
                h.append("<ul class=\"changes\">");
                for (Variable v : trace.variables()) {
                    if (v.differs(step.before(), step.after())) {
                        h.append("<li><span class=\"var\">").append(esc(v.name())).append("</span> ")
                                .append(esc(Values.show(v, step.before(), explicit))).append(" &rarr; <b>")
                                .append(esc(Values.show(v, step.after(), explicit))).append("</b></li>");
                    }
                }
                h.append("</ul>");
            }
            if (failure != null) {
                h.append("<div class=\"fails\">fails: ").append(esc(failure)).append("</div>");
            }
            h.append("</td>");
        }
        h.append("</tr>\n");
    }

    /** The whole state after a step, folded until its step is clicked. */
    private static void stateRow(StringBuilder h, Trace trace, int index, int[] state, int[] before, int cols,
                                 boolean last) {
        h.append("<tr class=\"state").append(last ? " open" : "").append("\" data-state=\"").append(index)
                .append("\"><td></td><td colspan=\"").append(cols - 1).append("\"><table class=\"vars\">");
        for (Variable v : trace.variables()) {
            boolean changed = before != null && v.differs(before, state);
            boolean read = last && trace.reads() != null && reads(trace, v);
            h.append("<tr").append(changed || read ? " class=\"" + (changed ? "changed" : "")
                    + (changed && read ? " " : "") + (read ? "read" : "") + "\"" : "").append("><td>")
                    .append(esc(v.name())).append("</td><td>").append(esc(Values.show(v, state,
                            Values.explicit(trace.variables(), before, state, trace.reads())))).append("</td></tr>");
        }
        h.append("</table></td></tr>\n");
    }

    private static boolean reads(Trace trace, Variable v) {
        int next = trace.reads().nextSetBit(v.firstSlot());
        return next >= 0 && next < v.firstSlot() + v.slotCount();
    }

    /** One lane per CPU in order, then one per actor bound to no CPU, in order of appearance. */
    private static List<String> lanes(Trace trace) {
        List<StepInfo> infos = new ArrayList<>();
        for (Step s : trace.steps()) {
            infos.add(s.info());
        }
        if (trace.failingStep() != null) {
            infos.add(trace.failingStep().info());
        }
        java.util.TreeMap<Integer, java.util.LinkedHashSet<String>> cpus = new java.util.TreeMap<>();
        java.util.LinkedHashSet<String> others = new java.util.LinkedHashSet<>();
        for (StepInfo g : infos) {
            if (g.cpu() >= 0) {
                java.util.LinkedHashSet<String> kernels = cpus.computeIfAbsent(g.cpu(), c -> new java.util.LinkedHashSet<>());
                if (g.kernel()) {
                    kernels.add(g.actor());
                }
            } else {
                others.add(g.actor());
            }
        }
        List<String> out = new ArrayList<>();
        cpus.forEach((cpu, kernels) -> out.add("CPU " + cpu + (kernels.isEmpty() ? "" : " (" + String.join(", ", kernels) + ")")));
        out.addAll(others);
        return out;
    }

    private static Map<String, Integer> laneIndex(List<String> lanes) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            String l = lanes.get(i);
            if (l.startsWith("CPU ")) {
                int end = l.indexOf(' ', 4);
                out.put("cpu " + (end < 0 ? l.substring(4) : l.substring(4, end)), i);
            } else {
                out.put("actor " + l, i);
            }
        }
        return out;
    }

    private static String key(StepInfo g) {
        return g.cpu() >= 0 ? "cpu " + g.cpu() : "actor " + g.actor();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.4em; margin: 0; }
            .config, .hint, .where { color: #666; }
            .where { font-size: 0.85em; }
            .violation { border: 2px solid #c62828; background: #ffebee; padding: 0.5em 0.8em; margin: 0.8em 0;
              border-radius: 4px; }
            .violation pre { margin: 0.3em 0 0; white-space: pre-wrap; }
            table.lanes { border-collapse: collapse; width: 100%; table-layout: fixed; }
            table.lanes > thead th { background: #37474f; color: #fff; padding: 0.4em; text-align: left; }
            table.lanes > thead th.num, td.num { width: 2.5em; text-align: right; padding-right: 0.5em; color: #666; }
            table.lanes > tbody > tr.step > td { border-top: 1px solid #ddd; padding: 0.35em; vertical-align: top; }
            table.lanes > tbody > tr.step { cursor: pointer; }
            table.lanes > tbody > tr.step:hover { background: #f5f5f5; }
            tr.step.selected { background: #e3f2fd; }
            td.cell { border-left: 4px solid #90a4ae; }
            tr.kernel td.cell { border-left-color: #1565c0; }
            tr.agent td.cell { border-left-color: #ef6c00; }
            tr.last td.cell { border-left-color: #c62828; background: #ffebee; }
            .who { font-weight: 600; }
            code.what { display: block; white-space: pre-wrap; }
            code.site { display: block; white-space: pre-wrap; color: #444; }
            code.site + code.what { padding-left: 1em; }
            .src { color: #555; font: 0.85em monospace; white-space: pre-wrap; }
            .src .ln { color: #999; }
            tr.culprit td.cell, .culprit-key { box-shadow: inset 0 0 0 2px #f9a825; background: #fffde7; }
            .scenario, .reproduce { background: #f5f5f5; padding: 0.5em; overflow-x: auto; }
            h2 { font-size: 1.1em; margin: 1.2em 0 0.4em; }
            footer { margin-top: 1.5em; color: #555; }
            code.callee { display: block; white-space: pre-wrap; color: #666; font-size: 0.85em; padding-left: 1em; }
            ul.changes { margin: 0.2em 0 0; padding-left: 1.2em; font-family: monospace; }
            .var { color: #6a1b9a; }
            .fails { color: #c62828; font-weight: 600; }
            tr.fold td { color: #888; font-style: italic; padding: 0.3em; border-top: 1px dashed #ccc; }
            tr.state { display: none; }
            tr.state.open { display: table-row; }
            table.vars { border-collapse: collapse; margin: 0.2em 0 0.6em; font-family: monospace; }
            table.vars td { padding: 0.1em 0.8em 0.1em 0; }
            table.vars tr.changed td { font-weight: bold; }
            table.vars tr.read td { background: #ffcdd2; }
            @media print { tr.step { break-inside: avoid; } .hint { display: none; } }
            """;

    /** Clicking a step opens or closes the state after it; j/k and the arrow keys select the next or previous step. */
    private static final String SCRIPT = """
            (function () {
              var steps = Array.prototype.slice.call(document.querySelectorAll('tr.step'));
              var current = -1;
              function state(row) {
                return document.querySelector('tr.state[data-state="' + row.dataset.step + '"]');
              }
              function select(i) {
                if (i < 0 || i >= steps.length) {
                  return;
                }
                if (current >= 0) {
                  steps[current].classList.remove('selected');
                }
                current = i;
                var row = steps[i];
                row.classList.add('selected');
                var s = state(row);
                if (s) {
                  s.classList.add('open');
                }
                row.scrollIntoView({block: 'nearest'});
              }
              steps.forEach(function (row, i) {
                row.addEventListener('click', function () {
                  var s = state(row);
                  if (s) {
                    s.classList.toggle('open');
                    row.classList.toggle('selected');
                  }
                  current = i;
                });
              });
              document.addEventListener('keydown', function (e) {
                if (e.key === 'j' || e.key === 'ArrowDown') {
                  select(current + 1);
                  e.preventDefault();
                } else if (e.key === 'k' || e.key === 'ArrowUp') {
                  select(Math.max(0, current - 1));
                  e.preventDefault();
                }
              });
              document.body.setAttribute('data-steps', String(steps.length));
            })();
            """;
}
