package ptecheck.compile;

import java.util.Map;

/**
 * A kernel process instance after lowering: its pc slot, its final pc, and the pcs at which it
 * waits for a lock (for deadlock reports).
 */
record KernelProcess(String name, int owner, int cpu, int pcSlot, int endPc, Map<Integer, Place> lockWaits) {}
