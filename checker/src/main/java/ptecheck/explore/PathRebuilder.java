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
 * Rebuilds the path to a stored state from the store's parent links, groups and successor
 * indexes, by replay (cf. TLC's {@code ConcurrentTLCTrace}, Stateright's
 * {@code Path::from_action_indices}): walk the parents back to an initial state, then fire each
 * recorded group on the state before it and keep the recorded successor. Nothing but those three
 * numbers per state is needed, so this works for every store; each replayed state is also
 * checked against the store ({@link StateStore#matches}): an exact store compares the states, so
 * it proves that the recorded groups really produce the stored states, and the others check
 * that the state is stored at all.
 *
 * <p>With symmetry reduction the store holds canonical representatives while the path is made
 * of the states actually reached: each is checked through its representative, and the path never
 * jumps to another member of the symmetry class (Stateright's lesson: a representative may have
 * no path extension that the original has).
 */
final class PathRebuilder {

    /** States from an initial one to the target, and the group taking each to the next. */
    record Path(List<int[]> states, List<Integer> groups) {}

    /** Maps a state to the form the store keeps; the identity without symmetry reduction. */
    interface StoreKey {
        int[] of(int[] state);
    }

    private final TransitionSystem ts;
    private final StateStore store;
    private final StoreKey key;

    PathRebuilder(TransitionSystem ts, StateStore store) {
        this(ts, store, s -> s);
    }

    PathRebuilder(TransitionSystem ts, StateStore store, StoreKey key) {
        this.ts = ts;
        this.store = store;
        this.key = key;
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
        picker.wanted = store.successor(ids.get(0));
        ts.initialStates(picker);
        if (picker.found == null || !store.matches(ids.get(0), key.of(picker.found))) {
            throw new IllegalStateException("trace rebuild: initial state " + picker.wanted + " does not match stored "
                    + "state " + ids.get(0) + "; " + NOT_DETERMINISTIC);
        }
        states.add(picker.found);
        Stepper stepper = ts.stepper();
        for (int i = 1; i < ids.size(); i++) {
            int id = ids.get(i);
            int group = store.group(id);
            int[] before = states.get(i - 1);
            picker.reset(store.successor(id));
            try {
                stepper.next(group, before, picker);
            } catch (StepFailure f) {
                throw new IllegalStateException(stepLabel(i, group) + " now fails (" + f.getMessage() + "), though it "
                        + "succeeded during the search; " + NOT_DETERMINISTIC, f);
            }
            if (picker.found == null || !store.matches(id, key.of(picker.found))) {
                throw new IllegalStateException(stepLabel(i, group) + " does not produce stored state " + id
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

    /** Keeps a copy of the successor number {@link #wanted}. */
    private static final class Picker implements SuccessorSink {
        int wanted;
        int seen;
        int[] found;

        void reset(int wanted) {
            this.wanted = wanted;
            this.seen = 0;
            this.found = null;
        }

        @Override
        public void accept(int group, int[] state) {
            if (seen++ == wanted) {
                found = state.clone();
            }
        }
    }
}
