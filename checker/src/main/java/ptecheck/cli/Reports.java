package ptecheck.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchResult;
import ptecheck.explore.Stats;
import ptecheck.trace.Change;
import ptecheck.trace.Step;
import ptecheck.trace.TextTraceRenderer;
import ptecheck.trace.Trace;

/** Text and JSON renderings of runs, shared by {@code check} and {@code test}. */
final class Reports {
    private Reports() {}

    static String config(Map<String, String> config) {
        List<String> parts = new ArrayList<>();
        config.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    static String steps(int n) {
        return n + (n == 1 ? " step" : " steps");
    }

    static String stats(Stats s) {
        return String.format(java.util.Locale.ROOT, "%,d distinct states, %,d generated, depth %d, %.2f s, %,d states/s",
                s.distinct(), s.generated(), s.depth(), s.millis() / 1000.0, Math.round(s.statesPerSecond()));
    }

    /** The verdict paragraph of one run (trace included for a violation). */
    static String verdict(SpecRunner.Run run, long maxStates) {
        return verdict(run, maxStates, r -> TextTraceRenderer.render(r), true);
    }

    /** The verdict paragraph, the trace (if any) rendered by {@code render}; null leaves it out. */
    static String verdict(SpecRunner.Run run, long maxStates, java.util.function.Function<Trace, String> render) {
        return verdict(run, maxStates, render, false);
    }

    /**
     * The same; with {@code perWitness}, {@code render} renders each witness of a lockdep
     * finding (otherwise they are text traces, and {@code render}'s line comes once after them).
     */
    static String verdict(SpecRunner.Run run, long maxStates, java.util.function.Function<Trace, String> render,
                          boolean perWitness) {
        SearchResult r = run.result();
        StringBuilder sb = new StringBuilder();
        switch (r.outcome()) {
            case PASS -> sb.append("No violation: all interleavings explored (").append(stats(r.stats())).append(")\n");
            case INCOMPLETE -> sb.append(switch (r.stats().stopReason()) {
                        case "memory" -> "Incomplete: stopped at the memory bound of "
                                + SearchFlags.size(r.stats().memoryLimit());
                        case "bitstate" -> "Incomplete: the bitstate search found no violation, but it may have taken "
                                + "unvisited states for visited ones";
                        case "swarm" -> "Incomplete: the swarm of bitstate searches found no violation, but each may "
                                + "have missed states";
                        case "buffer" -> "Incomplete: " + run.cut() + "; executions with more in flight were not "
                                + "explored (raise the bound), and within it no violation was found";
                        default -> "Incomplete: stopped at the --max-states bound of " + String.format(java.util.Locale.ROOT, "%,d", maxStates)
                                + " distinct states";
                    })
                    .append(", no verdict (").append(stats(r.stats())).append(")\n");
            case VIOLATION -> {
                if (r.witnesses().size() > 1) {
                    sb.append("Violation found: ").append(r.counterexample().property()).append('\n');
                    sb.append("  ").append(r.counterexample().message()).append("\n\n");
                    List<Trace> witnesses = TraceOutput.witnesses(run);
                    for (String l : ptecheck.trace.LockScenario.lines(witnesses)) {
                        sb.append(l).append('\n');
                    }
                    sb.append('\n');
                    int k = 0;
                    for (Trace t : witnesses) {
                        sb.append("Witness ").append(++k).append(" of ").append(witnesses.size()).append(": ")
                                .append(t.text()).append(" (").append(steps(t.steps().size())).append(")\n");
                        sb.append(perWitness && render != null ? render.apply(t) : TextTraceRenderer.render(t)).append('\n');
                    }
                    if (!perWitness && render != null) {
                        sb.append(render.apply(witnesses.get(0)));
                    }
                    sb.append("Explored ").append(stats(r.stats())).append('\n');
                    break;
                }
                Trace t = Trace.of(run.spec().system(), r.counterexample(), SpecProvenance.of(run.spec()));
                if (t.lasso()) {
                    int cycle = t.steps().size() - t.loop();
                    sb.append("Violation found: ").append(t.property()).append(" (lasso counterexample, not necessarily "
                            + "shortest: ").append(steps(t.loop())).append(", then ")
                            .append(cycle == 0 ? "nothing can move" : "a cycle of " + steps(cycle)).append(")\n\n");
                    if (render != null) {
                        sb.append(render.apply(t)).append('\n');
                    }
                    sb.append("Explored ").append(stats(r.stats()))
                            .append(t.kind() == ptecheck.ts.StateProperty.Kind.LIVENESS ? " (the full graph, for liveness)\n" : "\n");
                    break;
                }
                sb.append("Violation found: ").append(r.counterexample().property())
                        .append(run.shortest() ? " (shortest counterexample, " : " (counterexample, not necessarily "
                                + "shortest, ")
                        .append(steps(t.steps().size() + (t.failingStep() == null ? 0 : 1))).append(")\n\n");
                if (render != null) {
                    sb.append(render.apply(t)).append('\n');
                }
                sb.append("Explored ").append(stats(r.stats())).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The summary line of the liveness check, or "" when the spec has no liveness property:
     * which properties, under which fairness, over how big a graph, and without reductions.
     * When the search did not pass, the properties were not checked, and the line says so.
     */
    static String liveness(SpecRunner.Run run) {
        var props = ptecheck.explore.LivenessSearch.checked(run.spec().system(), run.options());
        if (props.isEmpty()) {
            return "";
        }
        List<String> names = props.stream().map(p -> p.name()).toList();
        var fair = run.spec().system().fairness().stream().map(f -> f.describe()).toList();
        String fairness = fair.isEmpty() ? "no fairness assumed"
                : fair.size() <= 4 ? "fair to: " + String.join(", ", fair) : fair.size() + " fairness constraints";
        SpecRunner.Liveness l = run.liveness();
        if (l == null) {
            return "Liveness: " + String.join(", ", names) + " NOT checked (the liveness check runs only after a "
                    + "search that found no violation and explored everything)\n";
        }
        Stats s = l.result().stats();
        String what = switch (l.result().outcome()) {
            case PASS -> "hold";
            case VIOLATION -> "checked until " + l.result().counterexample().property() + " failed";
            case INCOMPLETE -> "NOT checked to the end (stopped at " + s.stopReason() + ")";
        };
        return String.format(java.util.Locale.ROOT, "Liveness: %s %s (%s; %,d states, %,d edges, no partial-order or "
                + "symmetry reduction)%n", String.join(", ", names), what, fairness, s.distinct(), l.edges());
    }

    /**
     * The vacuity warnings of a run that found no violation and explored everything: an at-end
     * check never in scope, an implication whose left side was never true. (A run cut short or
     * stopped at a violation has not seen every state, so it warns about nothing.)
     */
    static List<String> vacuity(SpecRunner.Run run) {
        if (run.result().outcome() != Outcome.PASS) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (var p : run.spec().system().properties()) {
            String w = p.vacuity();
            if (w != null && !run.options().ignored().contains(p.name())) {
                out.add(w);
            }
        }
        return out;
    }

    static Map<String, Object> json(SpecRunner.Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        SearchResult r = run.result();
        m.put("file", run.file().toString());
        m.put("spec", run.spec().name());
        m.put("config", run.spec().typedConfig());
        m.put("outcome", r.outcome().name().toLowerCase());
        Stats s = r.stats();
        m.put("distinct_states", s.distinct());
        m.put("generated_states", s.generated());
        m.put("depth", s.depth());
        m.put("millis", s.millis());
        m.put("states_per_second", Math.round(s.statesPerSecond()));
        if (r.outcome() == Outcome.VIOLATION) {
            Trace t = Trace.of(run.spec().system(), r.counterexample(), SpecProvenance.of(run.spec()));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("property", t.property());
            v.put("kind", t.kind().name().toLowerCase());
            v.put("where", t.where().toString());
            v.put("text", t.text());
            v.put("message", t.message());
            v.put("steps", steps(t));
            v.put("blocked", t.blocked());
            if (t.lasso()) {
                v.put("loop", t.loop()); // the cycle starts after this many steps
            }
            if (r.witnesses().size() > 1) {
                // A lockdep finding: 'steps' is witness 1; both witnesses and lockdep's table.
                List<Trace> witnesses = TraceOutput.witnesses(run);
                List<Object> ws = new ArrayList<>();
                for (Trace w : witnesses) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("text", w.text());
                    one.put("message", w.message());
                    one.put("steps", steps(w));
                    ws.add(one);
                }
                v.put("witnesses", ws);
                v.put("scenario", ptecheck.trace.LockScenario.lines(witnesses));
            }
            m.put("violation", v);
        }
        if (run.liveness() != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("properties", run.liveness().properties());
            l.put("outcome", run.liveness().result().outcome().name().toLowerCase());
            l.put("distinct_states", run.liveness().result().stats().distinct());
            l.put("edges", run.liveness().edges());
            l.put("fairness", run.spec().system().fairness().stream().map(f -> f.describe()).toList());
            m.put("liveness", l);
        }
        return m;
    }

    /** The steps of {@code t} for JSON: each with its actor, CPU, statement and changes, then the failing step. */
    private static List<Object> steps(Trace t) {
        List<Object> steps = new ArrayList<>();
        for (Step st : t.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", st.index());
            step.put("actor", st.info().actor());
            step.put("action", st.info().action());
            step.put("cpu", st.info().cpu());
            step.put("where", st.info().where().toString());
            step.put("statement", st.info().text());
            List<Object> changes = new ArrayList<>();
            for (Change c : st.changes()) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("variable", c.variable());
                change.put("before", c.before());
                change.put("after", c.after());
                changes.add(change);
            }
            step.put("changes", changes);
            steps.add(step);
        }
        if (t.failingStep() != null) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", t.failingStep().index());
            step.put("actor", t.failingStep().info().actor());
            step.put("cpu", t.failingStep().info().cpu());
            step.put("where", t.failingStep().info().where().toString());
            step.put("statement", t.failingStep().info().text());
            step.put("fails", t.failingStep().message());
            steps.add(step);
        }
        return steps;
    }
}
