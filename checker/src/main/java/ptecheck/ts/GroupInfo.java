package ptecheck.ts;

/**
 * Provenance of a transition group, for counterexamples: who moves, by which rule, where. What
 * the actor means to the kernel (its CPU, whether it is kernel code) is not the seam's business:
 * traces get it through {@code trace.Provenance}.
 *
 * @param actor who moves: a kernel process ({@code mprotect}) or an agent instance ({@code mmu[1]})
 * @param action the rule name for agents, or an empty string for kernel statements
 * @param where the source position of the statement or rule
 * @param text the statement or rule as the user wrote it, on one line
 * @param shown how the statement reads in a state (values resolved), or null when only
 *     {@code text} is known (rules, hand-built systems)
 */
public record GroupInfo(String actor, String action, SourceRef where, String text, StepText shown) {
    public GroupInfo(String actor, String action, SourceRef where, String text) {
        this(actor, action, where, text, null);
    }
}
