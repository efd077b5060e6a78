package ptecheck.explore;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;

/**
 * Rebuilds the path to a stored state from the store's parent links and groups, by replay (cf.
 * TLC's {@code ConcurrentTLCTrace}): walk the parents back to an initial state, then fire each
 * recorded group on the state before it and keep the successor the store
 * {@linkplain StateStore#matches matches}. Only parents and groups are needed, so this works for
 * a store that keeps fingerprints only; with an exact store it also proves that the recorded
 * groups really produce the stored states.
 */
final class PathRebuilder {

    /** States from an initial one to the target, and the group taking each to the next. */
    record Path(List<int[]> states, List<Integer> groups) {}

    private final TransitionSystem ts;
    private final StateStore store;

    PathRebuilder(TransitionSystem ts, StateStore store) {
        this.ts = ts;
        this.store = store;
    }

    /**
     * @throws IllegalStateException when replay does not reproduce a stored state: the
     *     transition system is not deterministic
     */
    Path rebuild(int targetId) {
        IntArrayList ids = new IntArrayList();
        for (int at = targetId; at != StateStore.NO_PARENT; at = store.parent(at)) {
            ids.add(at);
        }
        ids.reverseThis();
        List<int[]> states = new ArrayList<>(ids.size());
        List<Integer> groups = new ArrayList<>(ids.size());
        Picker picker = new Picker();
        picker.target = ids.get(0);
        ts.initialStates(picker);
        if (picker.found == null) {
            throw new IllegalStateException("trace rebuild: no initial state matches stored state " + ids.get(0)
                    + "; " + NOT_DETERMINISTIC);
        }
        states.add(picker.found);
        Stepper stepper = ts.stepper();
        for (int i = 1; i < ids.size(); i++) {
            int group = store.group(ids.get(i));
            int[] before = states.get(i - 1);
            picker.target = ids.get(i);
            picker.found = null;
            try {
                stepper.next(group, before, picker);
            } catch (StepFailure f) {
                throw new IllegalStateException(stepLabel(i, group) + " now fails (" + f.getMessage() + "), though it "
                        + "succeeded during the search; " + NOT_DETERMINISTIC, f);
            }
            if (picker.found == null) {
                throw new IllegalStateException(stepLabel(i, group) + " does not produce stored state " + ids.get(i)
                        + " from stored state " + ids.get(i - 1) + "; " + NOT_DETERMINISTIC);
            }
            states.add(picker.found);
            groups.add(group);
        }
        return new Path(states, groups);
    }

    /**
     * Checks that firing {@code group} on {@code state} throws again.
     *
     * @throws IllegalStateException when it does not
     */
    void verifyFailure(int[] state, int group, int step) {
        try {
            ts.stepper().next(group, state, (g, s) -> {});
        } catch (StepFailure expected) {
            return;
        }
        throw new IllegalStateException(
                stepLabel(step, group) + " failed during the search but not on replay; " + NOT_DETERMINISTIC);
    }

    private String stepLabel(int step, int group) {
        GroupInfo info = ts.group(group);
        return "trace rebuild, step " + step + ": group " + group + " (" + info.actor()
                + (info.action().isEmpty() ? "" : " " + info.action()) + " at " + info.where() + ")";
    }

    private static final String NOT_DETERMINISTIC = "the transition system is not deterministic. Firing a group on a "
            + "state must always give the same successors; this usually happens when successors depend on hidden "
            + "mutable state or on the iteration order of a hash-based collection.";

    /** Keeps a copy of the first state the store matches with {@link #target}. */
    private final class Picker implements SuccessorSink {
        int target;
        int[] found;

        @Override
        public void accept(int group, int[] state) {
            if (found == null && store.matches(target, state)) {
                found = state.clone();
            }
        }
    }
}
