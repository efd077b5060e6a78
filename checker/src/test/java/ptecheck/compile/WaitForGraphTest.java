package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptecheck.testutil.Specs;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

class WaitForGraphTest {

    /** The reachable states of a small system, by a plain depth-first walk. */
    private static Set<List<Integer>> reachable(TransitionSystem ts) {
        Set<List<Integer>> seen = new HashSet<>();
        Deque<int[]> todo = new ArrayDeque<>();
        ts.initialStates((g, s) -> {
            if (seen.add(Arrays.stream(s).boxed().toList())) {
                todo.push(s.clone());
            }
        });
        var stepper = ts.stepper();
        while (!todo.isEmpty()) {
            int[] s = todo.pop();
            for (int g = 0; g < ts.groupCount(); g++) {
                try {
                    stepper.next(g, s, (group, next) -> {
                        if (seen.add(Arrays.stream(next).boxed().toList())) {
                            todo.push(next.clone());
                        }
                    });
                } catch (ptecheck.ts.StepFailure e) {
                    // a failing step has no successor
                }
            }
        }
        return seen;
    }

    @Test
    void ownersAsBitsAgreeWithListsOfWaitsInEveryReachableState() throws Exception {
        // holds() takes owners as the bits of a long (up to 64 owners); holdsByLists is the
        // general version. Both the wait sets and the verdicts must agree. Lock cycles, a finished holder, retaking a held lock, IPIs, rwsems
        // and RCU grace periods.
        int inScope = 0;
        int violated = 0;
        int waits = 0;
        for (String feature : List.of("deadlock_abba", "deadlock_abba_with_hardware", "deadlock_relock",
                "deadlock_finished_holder", "ipi", "irq_save_restore", "rwsem", "call_rcu", "rcu")) {
            TransitionSystem ts = Specs.compile(Specs.resource("features/" + feature + ".ptm"), Map.of()).system();
            WaitForGraph graph = null;
            for (StateProperty p : ts.properties()) {
                if (p instanceof WaitForGraph w) {
                    graph = w;
                }
            }
            assertTrue(graph != null, feature + " has no wait-for graph");
            for (List<Integer> state : reachable(ts)) {
                int[] s = state.stream().mapToInt(Integer::intValue).toArray();
                if (!graph.inScope(s)) {
                    continue;
                }
                inScope++;
                for (KernelProcess p : graph.processes) {
                    long fromList = 0;
                    for (int o : graph.waitsFor(p, s)) {
                        if (o > 0 && o < Long.SIZE && graph.name(o).charAt(0) != '#') {
                            fromList |= 1L << o; // an owner with a process, as stuck() follows
                        }
                    }
                    assertEquals(fromList, graph.waitMask(p, s), feature + " " + p.name() + " " + state);
                    waits += Long.bitCount(fromList);
                }
                boolean byLists = graph.holdsByLists(s);
                assertEquals(byLists, graph.holds(s), feature + " " + state);
                if (!byLists) {
                    violated++;
                }
            }
        }
        // Not a vacuous comparison: both answers occur, and processes wait for others.
        assertTrue(inScope > violated && violated > 0, inScope + " states in scope, " + violated + " deadlocked");
        assertTrue(waits > 0, waits + " waits in " + inScope + " states");
    }
}
