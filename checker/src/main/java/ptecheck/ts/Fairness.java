package ptecheck.ts;

import java.util.BitSet;

/**
 * A fairness constraint on a set of transition groups (one kernel process or handler instance,
 * one agent instance, or one instance of a rule), which counts as <em>enabled</em> in a state
 * when one of its groups has a successor there and as <em>taken</em> by a step of one of its
 * groups. A liveness violation is reported only on runs that respect every constraint:
 * <ul>
 * <li>weak: the run does not end in a cycle where the set is enabled in every state but never
 *     taken (TLA+'s {@code WF});
 * <li>strong: the run does not end in a cycle where the set is enabled in some state but never
 *     taken ({@code SF}).
 * </ul>
 *
 * @param name what the constraint is on, for reports ({@code flusher}, {@code mmu[1].evict(p=0)})
 * @param groups the groups of the set (owned by the constraint: do not modify)
 */
public record Fairness(String name, boolean strong, BitSet groups) {
    /** {@code weak fair NAME} or {@code strong fair NAME}. */
    public String describe() {
        return (strong ? "strong" : "weak") + " fair " + name;
    }
}
