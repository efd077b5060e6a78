package ptecheck.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptecheck.ts.Counterexample;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.TransitionSystem;

/**
 * Checks a saved ITF trace ({@link JsonTraceRenderer}) against a spec: its first state must be
 * an initial state of the spec; each later state must be what a step of the actor, location
 * and statement named in its {@code #meta} makes of the state before; and the last state must
 * violate the property the trace names (or the failing step named must fail again). States are
 * compared whole, as ITF values, so every variable and every internal value ({@code #meta.internal}:
 * program counters, locals) must match. Traces in the first form ptecheck wrote ({@link ItfLegacy},
 * recognised by {@code #meta.internal_vars}) are compared in that form. A lasso ({@code loop}, a
 * liveness or progress counterexample) is judged as one: the cycle must close and be fair.
 *
 * <p>Steps are matched by actor, action, statement and location (file name and line, so the
 * spec may sit in another folder), not by group number, which changes when the spec does; the
 * recorded group number only decides which of several equal candidates is tried first.
 */
public final class TraceReplayer {
    private TraceReplayer() {}

    /**
     * What replay found.
     *
     * @param verdict {@link Verdict#CONFIRMED}, {@link Verdict#NO_VIOLATION} or {@link Verdict#REJECTED}
     * @param message one paragraph for the user; for a rejection it names the step
     * @param step the step that did not replay (0: the initial state), or -1
     * @param trace the replayed trace, when every step replayed; null otherwise
     */
    public record Result(Verdict verdict, String message, int step, Trace trace) {}

    public enum Verdict {
        /** Every step replays and the last state violates the property named. */
        CONFIRMED,
        /** Every step replays but the property named holds at the end. */
        NO_VIOLATION,
        /** A state or step does not match the spec, or the document is not a ptecheck trace. */
        REJECTED,
        /** Every step replays, but the finding (a whole-search one) could not be checked again. */
        UNCHECKED
    }

    /**
     * What a search of the whole state space with the spec's analyses found (lockdep).
     *
     * @param findings every finding, when the search covered the whole state space; else null
     * @param why why the search did not cover it (empty when it did)
     */
    public record Findings(List<ptecheck.ts.TransitionAnalysis.Finding> findings, String why) {}

    /** Runs that search; replay needs it for lock-order findings, which no single state shows. */
    public interface WholeSearch {
        Findings run(TransitionSystem ts);
    }

    /** Replays without a whole-space search: a lock-order finding then ends {@link Verdict#UNCHECKED}. */
    public static Result replay(TransitionSystem ts, Provenance provenance, JsonNode itf) {
        return replay(ts, provenance, itf, t -> new Findings(null, "no search of the whole state space was run"));
    }

    public static Result replay(TransitionSystem ts, Provenance provenance, JsonNode itf, WholeSearch search) {
        return new Run(ts, provenance, search).replay(itf);
    }

    private static final class Run {
        private final TransitionSystem ts;
        private final Provenance provenance;
        private final StateLayout layout;
        private final Stepper stepper;
        private List<String> vars;
        /** True for a trace in the first form ptecheck wrote ({@link ItfLegacy}). */
        private boolean legacy;

        private final WholeSearch search;

        Run(TransitionSystem ts, Provenance provenance, WholeSearch search) {
            this.ts = ts;
            this.provenance = provenance;
            this.search = search;
            this.layout = ts.layout();
            this.stepper = ts.stepper();
        }

        Result replay(JsonNode itf) {
            JsonNode states = itf.path("states");
            if (!itf.isObject() || !itf.path("vars").isArray() || !states.isArray() || states.isEmpty()) {
                return reject(-1, "not an ITF trace: expected an object with 'vars' and a non-empty 'states' array");
            }
            legacy = itf.path("#meta").has("internal_vars");
            vars = legacy ? ItfLegacy.vars(layout) : ItfValues.vars(layout);
            if (!legacy) {
                for (int i = 0; i < states.size(); i++) {
                    if (!states.get(i).path("#meta").path("internal").isObject()) {
                        return reject(i, "state " + i + " has no #meta.internal: replay needs the program counters and "
                                + "locals that ptecheck writes there (a trace from another tool cannot be replayed)");
                    }
                }
            }
            Set<String> theirs = new LinkedHashSet<>();
            itf.path("vars").forEach(v -> theirs.add(v.asText()));
            if (!theirs.equals(new LinkedHashSet<>(vars))) {
                List<String> missing = new ArrayList<>(vars);
                missing.removeAll(theirs);
                List<String> extra = new ArrayList<>(theirs);
                extra.removeAll(vars);
                return reject(-1, "the trace's variables are not the spec's (another spec or configuration?)"
                        + (missing.isEmpty() ? "" : "; missing: " + few(missing))
                        + (extra.isEmpty() ? "" : "; not in the spec: " + few(extra)));
            }
            List<int[]> path = new ArrayList<>();
            List<Integer> groups = new ArrayList<>();
            int[] start = initial(states.get(0));
            if (start == null) {
                return reject(0, "state 0 is not an initial state of the spec: " + initialDiff(states.get(0)));
            }
            path.add(start);
            for (int i = 1; i < states.size(); i++) {
                JsonNode meta = states.get(i).path("#meta");
                int[] before = path.get(i - 1);
                List<Integer> candidates = candidates(meta);
                String label = label(i, meta);
                if (candidates.isEmpty()) {
                    return reject(i, label + ": the spec has no such step");
                }
                JsonNode want = values(states.get(i));
                boolean enabled = false;
                int[] firstSuccessor = null;
                int[] match = null;
                int group = -1;
                for (int g : candidates) {
                    List<int[]> successors = new ArrayList<>();
                    try {
                        stepper.next(g, before, (gr, s) -> successors.add(s.clone()));
                    } catch (StepFailure f) {
                        return reject(i, label + ": fails on replay (" + f.getMessage() + ")");
                    }
                    for (int[] s : successors) {
                        enabled = true;
                        if (firstSuccessor == null) {
                            firstSuccessor = s;
                        }
                        if (encode(s).equals(want)) {
                            match = s;
                            group = g;
                            break;
                        }
                    }
                    if (match != null) {
                        break;
                    }
                }
                if (!enabled) {
                    return reject(i, label + ": cannot happen in state " + (i - 1) + " (the step is not enabled there)");
                }
                if (match == null) {
                    return reject(i, label + ": leads to another state than state " + i + " of the trace: "
                            + diff(want, encode(firstSuccessor)));
                }
                path.add(match);
                groups.add(group);
            }
            boolean stuck = itf.has("loop") && Counterexample.DEADLOCK.equals(
                    itf.path("#meta").path("violation").path("property").asText(""));
            Result judged = lassoProperty(itf) != null ? judgeLasso(itf, lassoProperty(itf), path, groups)
                    : stuck ? judgeStuck(itf, path, groups)
                    : judge(itf.path("#meta").path("violation"), path, groups);
            String mismatch = judged.trace() == null ? null : metadataMismatch(itf, judged.trace());
            return mismatch == null ? judged : reject(-1, mismatch);
        }

        private ptecheck.ts.LivenessProperty lassoProperty(JsonNode itf) {
            String name = itf.path("#meta").path("violation").path("property").asText("");
            return ts.liveness().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }

        /**
         * A liveness violation is a lasso: ITF's {@code loop} says which state follows the last
         * one. Confirmed when the cycle closes (the last state is the one before {@code loop}, or
         * nothing can move in the last state and {@code loop} is its index), the property's
         * condition fails where the run must avoid it, and the cycle is fair to every fairness
         * constraint of the spec (as the search decides it: a constraint is enabled where one of
         * its groups has a successor).
         */
        private Result judgeLasso(JsonNode itf, ptecheck.ts.LivenessProperty p, List<int[]> path, List<Integer> groups) {
            int n = path.size() - 1;
            JsonNode loopNode = itf.path("loop");
            if (!loopNode.canConvertToInt() || loopNode.asInt() < 1 && n > 0 || loopNode.asInt() < 0 || loopNode.asInt() > n) {
                return reject(-1, p.name() + " is a liveness property, violated by a run that goes on forever: the trace needs "
                        + "'loop', the index of the state that follows the last one (1.." + n + ")");
            }
            int itfLoop = loopNode.asInt();
            int[] last = path.get(n);
            int loop; // ours: the state the last one equals, so that the steps after it repeat
            if (itfLoop >= 1 && java.util.Arrays.equals(last, path.get(itfLoop - 1))) {
                loop = itfLoop - 1;
            } else if (itfLoop == n && !moves(last)) {
                loop = n;
            } else {
                return reject(-1, "the cycle does not close: state " + n + " is not state " + (itfLoop - 1)
                        + ", so state " + itfLoop + " cannot follow it"
                        + (itfLoop == n ? ", and something can move in state " + n : ""));
            }
            int from = switch (p.form()) {
                case EVENTUALLY -> 0;
                case ALWAYS_EVENTUALLY -> loop;
                case LEADS_TO -> {
                    int k = -1;
                    for (int i = loop; i >= 0 && p.avoided(path.get(i)); i--) {
                        if (p.starts(path.get(i))) {
                            k = i;
                        }
                    }
                    yield k;
                }
            };
            boolean violated = from >= 0;
            for (int i = Math.max(0, from); i <= n && violated; i++) {
                violated = p.avoided(path.get(i));
            }
            Counterexample cx = new Counterexample(p.name(), StateProperty.Kind.LIVENESS, p.where(), p.text(),
                    itf.path("#meta").path("violation").path("message").asText(""), path, groups, -1, List.of(), loop);
            Trace trace = Trace.of(ts, cx, provenance);
            if (!violated) {
                return new Result(Verdict.NO_VIOLATION, count(groups.size()) + " replay and the cycle closes, but "
                        + p.name() + " holds on this run (" + p.form().word() + ")", -1, trace);
            }
            String unfair = unfairness(path, groups, loop);
            if (unfair != null) {
                return new Result(Verdict.NO_VIOLATION, count(groups.size()) + " replay and the cycle closes, but the "
                        + "run is not fair: " + unfair, -1, trace);
            }
            return new Result(Verdict.CONFIRMED, "the initial state and " + count(groups.size()) + " replay, the cycle "
                    + "closes, the run is fair to every fairness constraint of the spec, and it violates liveness "
                    + p.name() + " (" + p.where() + ")", -1, trace);
        }

        /**
         * The progress check's lasso: a run on which the kernel processes never all finish.
         * Replay checks that the cycle closes and that no state of it is terminal; that no
         * terminal state can be reached from it at all needs a search from there, which replay
         * does not make, so the verdict is {@link Verdict#UNCHECKED}.
         */
        private Result judgeStuck(JsonNode itf, List<int[]> path, List<Integer> groups) {
            int n = path.size() - 1;
            int itfLoop = itf.path("loop").asInt(-1);
            if (itfLoop < 1 || itfLoop > n || !java.util.Arrays.equals(path.get(n), path.get(itfLoop - 1))) {
                return reject(-1, "the cycle does not close: state " + n + " is not state " + (itfLoop - 1));
            }
            for (int i = itfLoop - 1; i <= n; i++) {
                if (ts.isTerminal(path.get(i))) {
                    return new Result(Verdict.NO_VIOLATION, count(groups.size()) + " replay, but state " + i
                            + " of the cycle is terminal: the kernel processes have finished there", -1, null);
                }
            }
            JsonNode v = itf.path("#meta").path("violation");
            Counterexample cx = new Counterexample(Counterexample.DEADLOCK, StateProperty.Kind.DEADLOCK, SourceRef.NONE,
                    v.path("text").asText(""), "", path, groups, -1, ts.describeBlocked(path.get(n)), itfLoop - 1);
            return new Result(Verdict.UNCHECKED, "the initial state and " + count(groups.size()) + " replay, and the "
                    + "cycle closes without any kernel process finishing on it; that they can never finish from it "
                    + "was not checked again (it needs a search from that state)", -1, Trace.of(ts, cx, provenance));
        }

        private boolean moves(int[] state) {
            for (int g = 0; g < ts.groupCount(); g++) {
                if (has(g, state)) {
                    return true;
                }
            }
            return false;
        }

        private boolean has(int g, int[] state) {
            try {
                return stepper.enabled(g, state);
            } catch (StepFailure f) {
                return false; // no edge, as the liveness search counts it
            }
        }

        /** The first fairness constraint the lasso's cycle breaks, described, or null. */
        private String unfairness(List<int[]> path, List<Integer> groups, int loop) {
            int n = path.size() - 1;
            for (ptecheck.ts.Fairness f : ts.fairness()) {
                boolean taken = false;
                for (int i = loop; i < n; i++) {
                    taken |= f.groups().get(groups.get(i));
                }
                if (taken) {
                    continue;
                }
                int enabledIn = 0;
                int states = loop == n ? 1 : n - loop;
                for (int i = loop; i < loop + states; i++) {
                    boolean on = false;
                    for (int g = f.groups().nextSetBit(0); g >= 0 && !on; g = f.groups().nextSetBit(g + 1)) {
                        on = has(g, path.get(i));
                    }
                    enabledIn += on ? 1 : 0;
                }
                if (f.strong() ? enabledIn > 0 : enabledIn == states) {
                    return f.describe() + " is enabled " + (f.strong() ? "on" : "throughout") + " the cycle but never taken";
                }
            }
            return null;
        }

        /** Checks the violation the trace claims, on the replayed path. */
        private Result judge(JsonNode violation, List<int[]> path, List<Integer> groups) {
            String name = violation.path("property").asText("");
            if (name.isEmpty()) {
                return reject(-1, "the trace names no violated property (#meta.violation.property)");
            }
            int[] last = path.get(path.size() - 1);
            int steps = groups.size();
            JsonNode failing = violation.path("failing_step");
            if (failing.isObject()) {
                List<Integer> candidates = candidates(failing);
                String label = label(steps + 1, failing);
                if (candidates.isEmpty()) {
                    return reject(steps + 1, label + ": the spec has no such step");
                }
                for (int g : candidates) {
                    try {
                        stepper.next(g, last, (gr, s) -> {});
                    } catch (StepFailure f) {
                        if (f.property().equals(name)) {
                            Counterexample cx = new Counterexample(name, StateProperty.Kind.ASSERTION, f.where(),
                                    ts.group(g).text(), f.getMessage() == null ? "" : f.getMessage(), path, groups, g,
                                    List.of());
                            return new Result(Verdict.CONFIRMED, count(steps + 1) + " replay, and "
                                    + label + " fails again: " + f.getMessage(), -1, Trace.of(ts, cx, provenance));
                        }
                    }
                }
                return new Result(Verdict.NO_VIOLATION, count(steps) + " replay, but " + label
                        + " does not break " + name + " on replay", -1, null);
            }
            StateProperty property = null;
            for (StateProperty p : ts.properties()) {
                if (p.name().equals(name)) {
                    property = p;
                }
            }
            boolean violated;
            StateProperty.Kind kind;
            SourceRef where;
            String text;
            List<String> blocked = List.of();
            // A lock cycle is reported under the same name as a state where nothing can move.
            boolean deadlockName = name.equals(Counterexample.DEADLOCK);
            if (property != null && (!property.holds(last) || !deadlockName)) {
                violated = !property.holds(last);
                kind = property.kind();
                where = property.where();
                text = property.text();
                if (violated && kind == StateProperty.Kind.DEADLOCK) {
                    blocked = ts.describeBlocked(last); // as the search reports a lock cycle
                }
            } else if ("lock_order".equals(violation.path("kind").asText(""))) {
                return lockOrder(violation, name, path, groups);
            } else if (deadlockName) {
                violated = deadlocked(last);
                kind = StateProperty.Kind.DEADLOCK;
                where = SourceRef.NONE;
                text = "no transition is enabled and the state is not terminal";
                blocked = violated ? ts.describeBlocked(last) : List.of();
            } else {
                return reject(-1, "the spec has no property named '" + name + "'");
            }
            Counterexample cx = new Counterexample(name, kind, where, text, "", path, groups, -1, blocked);
            String what = TextTraceRenderer.kindWord(kind) + (name.equals(TextTraceRenderer.kindWord(kind)) ? "" : " " + name);
            if (!violated) {
                return new Result(Verdict.NO_VIOLATION, count(steps) + " replay, but the last state does not "
                        + "violate " + what, -1, Trace.of(ts, cx, provenance));
            }
            return new Result(Verdict.CONFIRMED, "the initial state and " + count(steps) + " replay, and the last "
                    + "state violates " + what + (where.file().isEmpty() ? "" : " (" + where + ")"), -1, Trace.of(ts, cx, provenance));
        }

        /**
         * A lock-order finding (lockdep) is made over the whole state space: no single state shows
         * it. Confirmed when the trace's last step, replayed, is the acquisition the trace names,
         * and a search of the spec's whole state space makes the same finding again.
         */
        private Result lockOrder(JsonNode violation, String name, List<int[]> path, List<Integer> groups) {
            String label = violation.path("text").asText("");
            String message = violation.path("message").asText("");
            int steps = groups.size();
            if (steps == 0) {
                return reject(-1, "a lock-order witness ends with the step that takes the lock, and this trace has "
                        + "no step");
            }
            int last = groups.get(steps - 1);
            int[] before = path.get(steps - 1);
            List<String> shown = new ArrayList<>();
            for (ptecheck.ts.TransitionAnalysis a : ts.analyses()) {
                shown.addAll(a.shows(before, last));
            }
            if (!shown.contains(label)) {
                return reject(steps, "step " + steps + " does not show '" + label + "' on replay"
                        + (shown.isEmpty() ? " (it takes no lock)" : "; it shows: " + String.join("; ", shown)));
            }
            Counterexample cx = new Counterexample(name, StateProperty.Kind.LOCK_ORDER, SourceRef.NONE, label, message,
                    path, groups, -1, List.of());
            Findings found = search.run(ts);
            if (found.findings() == null) {
                return new Result(Verdict.UNCHECKED, "the initial state and " + count(steps) + " replay, and step "
                        + steps + " " + label + "; but " + name + " was not checked again: " + found.why(), -1,
                        Trace.of(ts, cx, provenance));
            }
            for (ptecheck.ts.TransitionAnalysis.Finding f : found.findings()) {
                if (f.property().equals(name) && f.message().equals(message)) {
                    return new Result(Verdict.CONFIRMED, "the initial state and " + count(steps) + " replay, step "
                            + steps + " " + label + ", and a search of the whole state space finds " + name
                            + " again (" + message + ")", -1, Trace.of(ts, cx, provenance));
                }
            }
            return new Result(Verdict.NO_VIOLATION, count(steps) + " replay, but a search of the whole state space "
                    + "does not find " + name + (message.isEmpty() ? "" : " (" + message + ")")
                    + (found.findings().isEmpty() ? "" : "; it finds: " + found.findings().stream()
                            .map(ptecheck.ts.TransitionAnalysis.Finding::message).toList()), -1, Trace.of(ts, cx, provenance));
        }

        /**
         * The first field of the trace's metadata that is not what the replayed trace would record
         * (each step's index, actor, CPU, kernel flag, statement and changes; the violation's kind,
         * location, text, message, failing step and blocked processes), or null. Locations are
         * compared by file name and line, as steps are matched; the group number is only a hint.
         */
        private static String metadataMismatch(JsonNode itf, Trace replayed) {
            JsonNode mine = JsonTraceRenderer.itf(replayed, new TraceSource("", "", Map.of()), RenderOptions.DEFAULT);
            JsonNode theirStates = itf.path("states");
            JsonNode myStates = mine.path("states");
            for (int i = 0; i < myStates.size(); i++) {
                JsonNode a = theirStates.path(i).path("#meta");
                JsonNode b = myStates.path(i).path("#meta");
                for (String field : List.of("index", "actor", "action", "cpu", "kernel", "statement", "changes")) {
                    String d = fieldMismatch("step " + i + ": #meta." + field, a.path(field), b.path(field));
                    if (d != null) {
                        return d;
                    }
                }
            }
            JsonNode a = itf.path("#meta").path("violation");
            JsonNode b = mine.path("#meta").path("violation");
            for (String field : List.of("kind", "location", "text", "message", "blocked")) {
                String d = fieldMismatch("#meta.violation." + field, a.path(field), b.path(field));
                if (d != null) {
                    return d;
                }
            }
            JsonNode fa = a.path("failing_step");
            JsonNode fb = b.path("failing_step");
            if (fb.isObject()) {
                for (String field : List.of("step", "actor", "action", "cpu", "kernel", "location", "statement", "message")) {
                    String d = fieldMismatch("#meta.violation.failing_step." + field, fa.path(field), fb.path(field));
                    if (d != null) {
                        return d;
                    }
                }
            }
            return null;
        }

        private static String fieldMismatch(String what, JsonNode theirs, JsonNode mine) {
            boolean same = what.endsWith("location") && theirs.isTextual() && mine.isTextual()
                    ? KernelDiagramRenderer.baseName(theirs.asText()).equals(KernelDiagramRenderer.baseName(mine.asText()))
                    : theirs.equals(mine) || theirs.isNumber() && mine.isNumber() && theirs.asText().equals(mine.asText());
            if (same) {
                return null;
            }
            return what + " is " + (theirs.isMissingNode() ? "missing" : theirs.toString()) + " in the trace, "
                    + mine + " on replay";
        }

        private boolean deadlocked(int[] state) {
            if (ts.isTerminal(state)) {
                return false;
            }
            for (int g = 0; g < ts.groupCount(); g++) {
                try {
                    if (stepper.enabled(g, state)) {
                        return false;
                    }
                } catch (StepFailure f) {
                    return false;
                }
            }
            return true;
        }

        /** The initial state that {@code state} encodes, or null. */
        private int[] initial(JsonNode state) {
            JsonNode want = values(state);
            List<int[]> found = new ArrayList<>();
            ts.initialStates((g, s) -> {
                if (found.isEmpty() && encode(s).equals(want)) {
                    found.add(s.clone());
                }
            });
            return found.isEmpty() ? null : found.get(0);
        }

        private String initialDiff(JsonNode state) {
            List<int[]> first = new ArrayList<>();
            ts.initialStates((g, s) -> {
                if (first.isEmpty()) {
                    first.add(s.clone());
                }
            });
            return first.isEmpty() ? "the spec has no initial state" : diff(values(state), encode(first.get(0)));
        }

        /** The groups whose provenance matches a step's {@code #meta}, the recorded group first. */
        private List<Integer> candidates(JsonNode meta) {
            List<Integer> out = new ArrayList<>();
            int hint = meta.path("group").asInt(-1);
            for (int g = 0; g < ts.groupCount(); g++) {
                if (matches(ts.group(g), meta)) {
                    if (g == hint) {
                        out.add(0, g);
                    } else {
                        out.add(g);
                    }
                }
            }
            return out;
        }

        private static boolean matches(GroupInfo info, JsonNode meta) {
            return info.actor().equals(meta.path("actor").asText(null))
                    && info.action().equals(meta.path("action").asText(""))
                    && info.text().equals(meta.path("statement").asText(null))
                    && sameLocation(info.where(), meta.path("location").asText(""));
        }

        /** {@code dir/x86.ptm:49} matches a group at line 49 of any {@code x86.ptm}. */
        private static boolean sameLocation(SourceRef where, String location) {
            if (where.file().isEmpty()) {
                return location.isEmpty();
            }
            String at = KernelDiagramRenderer.baseName(where.file()) + ":" + where.line();
            return KernelDiagramRenderer.baseName(location).equals(at);
        }

        private static String label(int step, JsonNode meta) {
            String action = meta.path("action").asText("");
            String what = action.isEmpty() ? "'" + meta.path("statement").asText("?") + "'" : action;
            return "step " + step + " (" + meta.path("actor").asText("?") + " " + what + " at "
                    + meta.path("location").asText("?") + ")";
        }

        /**
         * What replay compares of a trace's state: its variables, and (new form) the internal
         * values of its {@code #meta.internal} under their names, which no declaration can have
         * ({@code mprotect.pc}); integers normalised to {@code #bigint}, params left out.
         */
        private JsonNode values(JsonNode state) {
            ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            if (legacy) {
                JsonNode copy = ItfValues.normalize(state);
                if (copy.isObject()) {
                    ((ObjectNode) copy).remove("#meta");
                }
                return copy;
            }
            for (String v : vars) {
                if (state.has(v)) {
                    out.set(v, ItfValues.normalize(state.get(v)));
                }
            }
            ItfValues.normalize(state.path("#meta").path("internal")).properties()
                    .forEach(e -> out.set(e.getKey(), e.getValue()));
            return out;
        }

        /** The same of a state of the spec. */
        private JsonNode encode(int[] s) {
            if (legacy) {
                return ItfLegacy.state(layout, s);
            }
            ObjectNode out = ItfValues.state(layout, s);
            out.setAll(ItfValues.internal(layout, s));
            return out;
        }

        /** The first difference, as {@code pt[0].dirty is true in the trace, false on replay}. */
        private String diff(JsonNode trace, JsonNode spec) {
            for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
                String v = it.next();
                String d = diff(v, trace.path(v), spec.path(v));
                if (d != null) {
                    return d;
                }
            }
            return "the states differ";
        }

        private static String diff(String path, JsonNode a, JsonNode b) {
            if (a.equals(b)) {
                return null;
            }
            JsonNode am = a.path("#map");
            JsonNode bm = b.path("#map");
            if (am.isArray() && bm.isArray() && am.size() == bm.size()) {
                for (int i = 0; i < bm.size(); i++) {
                    if (!am.get(i).path(0).equals(bm.get(i).path(0))) {
                        break;
                    }
                    String d = diff(path + "[" + show(bm.get(i).path(0)) + "]", am.get(i).path(1), bm.get(i).path(1));
                    if (d != null) {
                        return d;
                    }
                }
            }
            boolean variants = a.has("tag") && b.has("tag");
            if (variants && a.path("tag").equals(b.path("tag"))) {
                return diff(path, a.path("value"), b.path("value"));
            }
            if (!variants && a.isObject() && b.isObject() && !a.has("#bigint") && !b.has("#bigint")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = b.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String d = diff(path + "." + e.getKey(), a.path(e.getKey()), e.getValue());
                    if (d != null) {
                        return d;
                    }
                }
            }
            if (a.isArray() && b.isArray() && a.size() == b.size()) {
                for (int i = 0; i < a.size(); i++) {
                    String d = diff(path + "[" + i + "]", a.get(i), b.get(i));
                    if (d != null) {
                        return d;
                    }
                }
            }
            return path + " is " + show(a) + " in the trace, " + show(b) + " on replay";
        }

        private static String show(JsonNode v) {
            if (v.isMissingNode()) {
                return "missing";
            }
            if (v.has("#bigint")) {
                return v.get("#bigint").asText();
            }
            if (v.has("tag")) {
                String tag = v.path("tag").asText();
                JsonNode value = v.path("value");
                boolean unit = value.path("#tup").isArray() && value.path("#tup").isEmpty();
                return tag.equals("None") ? "none" : tag.equals("Some") ? show(value)
                        : unit ? tag.toLowerCase(java.util.Locale.ROOT) : tag + "(" + show(value) + ")";
            }
            if (v.isTextual()) {
                return v.asText();
            }
            return v.toString();
        }

        private static String count(int steps) {
            return steps == 1 ? "its 1 step" : "all " + steps + " steps";
        }

        private static String few(List<String> names) {
            return names.size() <= 4 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " more";
        }

        private static Result reject(int step, String message) {
            return new Result(Verdict.REJECTED, message, step, null);
        }
    }
}
