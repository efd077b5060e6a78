package ptecheck.explore;

import java.util.BitSet;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import ptecheck.explore.store.ExactStateStore;
import ptecheck.explore.store.StateStore;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.TransitionSystem;

/**
 * Finds reachable states from which no terminal state can be reached: some kernel process can
 * never finish, although something (a hardware agent) can still move, so the search itself saw
 * no state without successors. Without this, a process stuck at an {@code await} in a spec
 * with an always-enabled TLB eviction would pass silently and its at-end properties would never
 * be checked.
 *
 * <p>Backward reachability from the terminal states over the explored graph, which is rebuilt
 * by firing every group once more on every stored state (the search itself keeps only parent
 * links). Costs one more expansion pass and two ints per transition, after the search.
 */
final class TerminationCheck {
    private TerminationCheck() {}

    /** The smallest id (so the shortest path) of a state that can never reach a terminal state, or -1. */
    static int firstStuck(TransitionSystem ts, ExactStateStore store) {
        int n = store.size();
        int[] state = new int[ts.layout().size()];
        Stepper stepper = ts.stepper();
        int groups = ts.groupCount();
        int[] start = new int[n + 1];
        IntArrayList targets = new IntArrayList();
        BitSet canFinish = new BitSet(n);
        IntArrayList queue = new IntArrayList();
        for (int id = 0; id < n; id++) {
            start[id] = targets.size();
            store.load(id, state);
            if (ts.isTerminal(state)) {
                canFinish.set(id);
                queue.add(id);
            }
            for (int g = 0; g < groups; g++) {
                try {
                    stepper.next(g, state, (group, succ) -> {
                        int t = store.find(succ);
                        if (t != StateStore.ABSENT) {
                            targets.add(t);
                        }
                    });
                } catch (StepFailure f) {
                    // a failing step was reported by the search already, if it was reachable first
                }
            }
        }
        start[n] = targets.size();
        // Invert the edges (counting sort by target) and walk them backwards from terminal states.
        int[] inStart = new int[n + 1];
        for (int i = 0; i < targets.size(); i++) {
            inStart[targets.get(i) + 1]++;
        }
        for (int i = 0; i < n; i++) {
            inStart[i + 1] += inStart[i];
        }
        int[] sources = new int[targets.size()];
        int[] fill = inStart.clone();
        for (int s = 0; s < n; s++) {
            for (int e = start[s]; e < start[s + 1]; e++) {
                sources[fill[targets.get(e)]++] = s;
            }
        }
        for (int head = 0; head < queue.size(); head++) {
            int t = queue.get(head);
            for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                int s = sources[e];
                if (!canFinish.get(s)) {
                    canFinish.set(s);
                    queue.add(s);
                }
            }
        }
        int stuck = canFinish.nextClearBit(0);
        return stuck < n ? stuck : -1;
    }
}
