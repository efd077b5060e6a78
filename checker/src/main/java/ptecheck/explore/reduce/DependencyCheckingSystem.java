package ptecheck.explore.reduce;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.Conjunction;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.Guards;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.Symmetry;
import ptecheck.ts.TransitionAnalysis;
import ptecheck.ts.TransitionSystem;

/**
 * A transition system that checks, every time a group fires, that the group reads and writes
 * only the slots its {@link DependencyMatrix} declares (cf. LTSmin's {@code pins2pins-check}).
 * Partial-order reduction is only as sound as those sets, so its tests run with this layer on.
 *
 * <p>Each firing of group {@code g} on {@code s} is checked three ways:
 * <ul>
 *   <li><b>writes</b>: every slot where a successor differs from {@code s} is declared written;
 *   <li><b>reads</b>: {@code g} is fired again on a copy of {@code s} whose undeclared slots are
 *       changed (to the slot's minimum, or the next value when they held it already, as LTSmin
 *       does). It must fail or not as on {@code s}, give as many successors, and agree on every
 *       slot it reads or wrote. On a mismatch the changed slots are put back one at a time
 *       until the culprit is found.
 *   <li><b>guards</b>: {@link Stepper#enabled} gives the same answer with the slots outside
 *       {@link DependencyMatrix#guardReads} changed, and agrees with whether {@code next} had
 *       successors.
 * </ul>
 * A mismatch throws {@link DependencyViolation}: a bug in the front end that made the system.
 *
 * <p>The copies are unreachable states, but the group reads none of what differs, so it must
 * not notice. Slow: each group fires two to three times, and successors are copied.
 */
public final class DependencyCheckingSystem implements TransitionSystem {
    private final TransitionSystem inner;
    private final DependencyMatrix deps;
    private final StateLayout layout;

    public DependencyCheckingSystem(TransitionSystem inner) {
        this.inner = inner;
        this.deps = inner.dependencies();
        this.layout = inner.layout();
    }

    /** A group reads or writes a slot it does not declare. */
    public static final class DependencyViolation extends RuntimeException {
        public DependencyViolation(String message) {
            super(message);
        }
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    @Override
    public int groupCount() {
        return inner.groupCount();
    }

    @Override
    public void initialStates(SuccessorSink sink) {
        inner.initialStates(sink);
    }

    @Override
    public Stepper stepper() {
        return new CheckingStepper(inner.stepper());
    }

    @Override
    public DependencyMatrix dependencies() {
        return deps;
    }

    @Override
    public GroupInfo group(int g) {
        return inner.group(g);
    }

    @Override
    public List<StateProperty> properties() {
        return inner.properties();
    }

    @Override
    public boolean isTerminal(int[] state) {
        return inner.isTerminal(state);
    }

    @Override
    public List<String> describeBlocked(int[] state) {
        return inner.describeBlocked(state);
    }

    // What the search knows about the system is the inner system's: this layer only checks firings.

    @Override
    public Guards guards() {
        return inner.guards();
    }

    @Override
    public BitSet mayFail() {
        return inner.mayFail();
    }

    @Override
    public List<Symmetry> symmetries() {
        return inner.symmetries();
    }

    @Override
    public boolean expectsTermination() {
        return inner.expectsTermination();
    }

    @Override
    public Conjunction terminalConjunction() {
        return inner.terminalConjunction();
    }

    @Override
    public List<TransitionAnalysis> analyses() {
        return inner.analyses();
    }

    @Override
    public List<ptecheck.ts.LivenessProperty> liveness() {
        return inner.liveness();
    }

    @Override
    public List<ptecheck.ts.Fairness> fairness() {
        return inner.fairness();
    }

    /** The outcome of one firing: successors (copied), or the failure it threw. */
    private record Firing(List<int[]> successors, StepFailure failure) {
        boolean sameShape(Firing o) {
            return (failure == null) == (o.failure == null) && successors.size() == o.successors.size();
        }
    }

    private final class CheckingStepper implements Stepper {
        private final Stepper stepper;

        CheckingStepper(Stepper stepper) {
            this.stepper = stepper;
        }

        @Override
        public int next(int group, int[] src, SuccessorSink sink) {
            Firing real = fire(group, src);
            BitSet reads = deps.reads(group);
            BitSet writes = deps.writes(group);
            for (int[] dst : real.successors) {
                for (int i = 0; i < dst.length; i++) {
                    if (dst[i] != src[i] && !writes.get(i)) {
                        throw violation(group, "writes", i, src, dst);
                    }
                }
            }
            int[] changed = perturb(src, reads);
            Firing other = fire(group, changed);
            if (!agrees(real, other, src, reads)) {
                throw violation(group, "reads", culprit(group, src, changed, real, reads), src, null);
            }
            boolean enabled;
            try {
                enabled = stepper.enabled(group, src);
            } catch (StepFailure f) {
                enabled = true;
            }
            if (real.failure == null && enabled != !real.successors.isEmpty()) {
                throw new DependencyViolation(describe(group) + ": enabled() says " + enabled + " but next() gave "
                        + real.successors.size() + " successors");
            }
            if (real.failure != null) {
                throw real.failure;
            }
            for (int[] dst : real.successors) {
                sink.accept(group, dst);
            }
            return real.successors.size();
        }

        @Override
        public boolean enabled(int group, int[] src) {
            Boolean real = enabledOrFails(group, src);
            BitSet guard = deps.guardReads(group);
            int[] changed = perturb(src, guard);
            if (!java.util.Objects.equals(real, enabledOrFails(group, changed))) {
                for (int i = 0; i < changed.length; i++) {
                    if (changed[i] != src[i]) {
                        int keep = changed[i];
                        changed[i] = src[i];
                        if (java.util.Objects.equals(real, enabledOrFails(group, changed))) {
                            throw violation(group, "decides enabledness by", i, src, null);
                        }
                        changed[i] = keep;
                    }
                }
                throw new DependencyViolation(describe(group) + ": enabledness depends on undeclared guard slots "
                        + "(several together)");
            }
            if (real == null) {
                return stepper.enabled(group, src); // throws the failure
            }
            return real;
        }

        /** True, false, or null when the guard itself fails. */
        private Boolean enabledOrFails(int group, int[] s) {
            try {
                return stepper.enabled(group, s);
            } catch (StepFailure f) {
                return null;
            }
        }

        private Firing fire(int group, int[] s) {
            List<int[]> out = new ArrayList<>();
            try {
                stepper.next(group, s, (g, dst) -> out.add(dst.clone()));
            } catch (StepFailure f) {
                return new Firing(out, f);
            }
            return new Firing(out, null);
        }

        /** Slots that the group reads, or that it wrote on the real state, must agree. */
        private boolean agrees(Firing real, Firing other, int[] src, BitSet reads) {
            if (!real.sameShape(other)) {
                return false;
            }
            for (int k = 0; k < real.successors.size(); k++) {
                int[] a = real.successors.get(k);
                int[] b = other.successors.get(k);
                for (int i = 0; i < a.length; i++) {
                    if ((reads.get(i) || a[i] != src[i]) && a[i] != b[i]) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Puts changed slots back one at a time until the firing agrees again. */
        private int culprit(int group, int[] src, int[] changed, Firing real, BitSet reads) {
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] != src[i]) {
                    changed[i] = src[i];
                    if (agrees(real, fire(group, changed), src, reads)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        private DependencyViolation violation(int group, String verb, int slot, int[] src, int[] dst) {
            if (slot < 0) {
                return new DependencyViolation(describe(group) + " " + verb + " undeclared slots (several together, "
                        + "or it is not deterministic)");
            }
            Slot s = layout.slot(slot);
            String values = dst == null ? " (value " + src[slot] + ")" : " (" + src[slot] + " -> " + dst[slot] + ")";
            return new DependencyViolation(describe(group) + " " + verb + " slot " + slot + " '" + s.name() + "'"
                    + values + ", which its dependency matrix does not declare");
        }

        private String describe(int group) {
            GroupInfo info = inner.group(group);
            return "group " + group + " (" + info.actor() + (info.action().isEmpty() ? "" : " " + info.action())
                    + " at " + info.where() + ": " + info.text() + ")";
        }
    }

    /** A copy of {@code src} with every slot outside {@code keep} changed where its range allows. */
    private int[] perturb(int[] src, BitSet keep) {
        int[] out = src.clone();
        for (int i = 0; i < out.length; i++) {
            if (keep.get(i)) {
                continue;
            }
            Slot s = layout.slot(i);
            if (s.min() == s.max()) {
                continue;
            }
            out[i] = src[i] == s.min() ? s.min() + 1 : s.min();
        }
        return out;
    }
}
