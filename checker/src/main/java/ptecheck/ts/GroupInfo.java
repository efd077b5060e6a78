package ptecheck.ts;

/**
 * Provenance of a transition group, for counterexamples.
 *
 * @param actor who moves: a kernel process ({@code mprotect}) or an agent instance ({@code mmu[1]})
 * @param action the rule name for agents, or an empty string for kernel statements
 * @param cpu the CPU the actor runs on, or -1 when it is not bound to a CPU
 * @param kernel true for kernel statements, false for hardware or other agents' rules
 * @param where the source position of the statement or rule
 * @param text the statement or rule as the user wrote it, on one line
 */
public record GroupInfo(String actor, String action, int cpu, boolean kernel, SourceRef where, String text) {}
