package ptecheck.trace;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.Counterexample;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;
import ptecheck.ts.Variable;

/**
 * A counterexample made readable: each step with its provenance and the variables it changed.
 * Renderers work from this alone.
 *
 * @param layout the state layout: its variables, for rendering whole states, and its slots
 * @param initial the initial state (owned by the trace: do not modify)
 * @param steps the transitions, in order; empty when the initial state already violates
 * @param failingStep the step that failed after the last one, or null
 * @param blocked who is blocked in the last state, for deadlocks; empty otherwise
 * @param reads the slots the violated property reads ({@link StateProperty#reads()}), or null
 *     when unknown or when the violation is a failing step or a deadlock
 * @param loop for a lasso (a liveness violation): the number of steps before the cycle, so
 *     that the steps after step {@code loop} repeat forever; when it equals the number of steps,
 *     the run stays in the last state, where nothing can move. -1 for a finite trace
 *     ({@link Counterexample#loop()})
 */
public record Trace(
        StateLayout layout,
        int[] initial,
        List<Step> steps,
        String property,
        StateProperty.Kind kind,
        SourceRef where,
        String text,
        String message,
        FailingStep failingStep,
        List<String> blocked,
        BitSet reads,
        int loop) {

    /** A finite trace. */
    public Trace(StateLayout layout, int[] initial, List<Step> steps, String property, StateProperty.Kind kind,
                 SourceRef where, String text, String message, FailingStep failingStep, List<String> blocked,
                 BitSet reads) {
        this(layout, initial, steps, property, kind, where, text, message, failingStep, blocked, reads, -1);
    }

    public Trace {
        steps = List.copyOf(steps);
        blocked = List.copyOf(blocked);
    }

    /** Builds the trace of {@code cx}, which {@code ts} produced; {@code provenance} knows its groups' CPUs. */
    public static Trace of(TransitionSystem ts, Counterexample cx, Provenance provenance) {
        List<Variable> variables = ts.layout().variables();
        List<int[]> states = cx.states();
        List<Step> steps = new ArrayList<>(cx.groups().size());
        for (int i = 0; i < cx.groups().size(); i++) {
            int group = cx.groups().get(i);
            int[] before = states.get(i);
            int[] after = states.get(i + 1);
            steps.add(new Step(i + 1, group, StepInfo.of(ts.group(group), group, provenance), before, after, changes(variables, before, after)));
        }
        FailingStep failing = null;
        if (cx.failingGroup() >= 0) {
            failing = new FailingStep(steps.size() + 1, cx.failingGroup(),
                    StepInfo.of(ts.group(cx.failingGroup()), cx.failingGroup(), provenance), cx.last(),
                    cx.message());
        }
        return new Trace(ts.layout(), states.get(0), steps, cx.property(), cx.kind(), cx.where(), cx.text(),
                cx.message(), failing, cx.blocked(), propertyReads(ts, cx), cx.loop());
    }

    private static BitSet propertyReads(TransitionSystem ts, Counterexample cx) {
        if (cx.failingGroup() >= 0 || cx.kind() == StateProperty.Kind.DEADLOCK) {
            return null;
        }
        if (cx.kind() == StateProperty.Kind.LIVENESS) {
            for (ptecheck.ts.LivenessProperty p : ts.liveness()) {
                if (p.name().equals(cx.property())) {
                    return p.reads();
                }
            }
            return null;
        }
        for (StateProperty p : ts.properties()) {
            if (p.name().equals(cx.property())) {
                return p.reads();
            }
        }
        return null;
    }

    /** The user-visible variables of the layout, in layout order. */
    public List<Variable> variables() {
        return layout.variables();
    }

    /** The variables that differ between {@code before} and {@code after}, in layout order. */
    public static List<Change> changes(List<Variable> variables, int[] before, int[] after) {
        List<Change> changes = new ArrayList<>();
        for (Variable v : variables) {
            if (v.differs(before, after)) {
                changes.add(new Change(v.name(), v.format(before), v.format(after)));
            }
        }
        return changes;
    }

    /** True for a lasso: the steps after {@link #loop()} repeat forever. */
    public boolean lasso() {
        return loop >= 0;
    }

    /** True for a lasso whose run stays in its last state: nothing can move there. */
    public boolean stutters() {
        return loop >= 0 && loop == steps.size();
    }

    /**
     * How a lasso's cycle is told, after its last step: {@code Back to the state after step 3:
     * steps 4-7 repeat forever}, or that nothing can move. Every format uses these words.
     */
    public String cycleEnd() {
        if (stutters()) {
            return "Nothing can move from here: the run stays in this state forever";
        }
        String back = loop == 0 ? "Back to the initial state" : "Back to the state after step " + loop;
        int first = loop + 1;
        int last = steps.size();
        return back + ": " + (first == last ? "step " + first + " repeats" : "steps " + first + "-" + last + " repeat")
                + " forever";
    }

    /** The line that opens a lasso's cycle, before step {@code loop + 1}. */
    public String cycleStart() {
        return "START OF CYCLE (repeats forever)";
    }

    /** The state in which the violation shows. */
    public int[] last() {
        return steps.isEmpty() ? initial : steps.get(steps.size() - 1).after();
    }
}
