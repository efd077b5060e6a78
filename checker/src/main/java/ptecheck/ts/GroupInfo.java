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
 */
public record GroupInfo(String actor, String action, SourceRef where, String text) {}
