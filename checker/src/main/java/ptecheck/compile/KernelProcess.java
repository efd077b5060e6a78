package ptecheck.compile;

import java.util.List;
import java.util.Map;

/**
 * A kernel process or interrupt-handler instance after lowering: its pc slot, its final pc,
 * and the pcs at which it waits for a lock or for other CPUs to acknowledge an IPI (for
 * deadlock detection and reports).
 */
record KernelProcess(String name, int owner, int cpu, int pcSlot, int endPc, Map<Integer, Locks.Wait> lockWaits,
                     Map<Integer, List<Handler>> ipiWaits, Map<Integer, Integer> gpWaits, boolean handler) {}
