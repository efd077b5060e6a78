package ptecheck.explore;

import java.util.Arrays;
import java.util.BitSet;
import java.io.IOException;
import ptecheck.explore.store.CheckpointIn;
import ptecheck.explore.store.CheckpointOut;
import ptecheck.explore.store.MemoryBudget;

/**
 * The progress check: finds reachable states from which no terminal state can be reached, so
 * some kernel process can never finish although something (a hardware agent) can still move
 * and the search itself saw no state without successors. Without it, a process stuck at an
 * {@code await} in a spec with an always-enabled TLB eviction would pass silently and its
 * at-end properties would never be checked.
 *
 * <p>The search records the edges it fires while it runs ({@link BfsSearch}): per worker an
 * {@link EdgeLog} holding, for every state it expands, one entry with the number of edges (its
 * complement {@code ~count} when the state is terminal) followed by the ids of the successors
 * (with symmetry reduction, of their representatives). Self-loops are left out, and so is a
 * successor already logged from the same state (compared with its first 64 edges): with
 * symmetry reduction, interchangeable CPUs doing the same thing lead to one representative. A successor the store did not
 * know when it was fired gets its id only at commit: until then the log holds {@code ~p}, the
 * position {@code p} of its record in the worker's buffer, and the search replaces it once the
 * level is committed. The log of a worker is read back by <em>spans</em>: a range of ids the
 * worker expanded one after the other (a chunk of a level), and where in its log they start.
 *
 * <p>After the search: backward reachability from the terminal states over those edges,
 * inverted by a counting sort on the target. Edges cost 4 bytes each while searching, 4 more
 * during the check; ids and terminal bits are the same whatever the number of workers, so the
 * reported state (the smallest id, so the shortest path) is too. Only the edges the search fired
 * are seen, so under a reduction the check runs over the reduced graph.
 */
final class TerminationCheck {
    /** Returned by {@link #firstStuck} when the memory budget does not allow the check. */
    static final int NO_MEMORY = -2;

    private final MemoryBudget budget;
    private final EdgeLog[] logs;
    private int[] spanWorker = new int[0];
    private int[] spanFirst = new int[0];
    private int[] spanLast = new int[0];
    private long[] spanFrom = new long[0];
    private int spans;

    TerminationCheck(int workers, MemoryBudget budget) {
        this.budget = budget;
        this.logs = new EdgeLog[workers];
        for (int i = 0; i < workers; i++) {
            logs[i] = new EdgeLog(budget);
        }
    }

    EdgeLog log(int worker) {
        return logs[worker];
    }

    /**
     * Records that {@code worker} expanded ids {@code [first, last)} in order, their entries
     * starting at {@code from} in its log. Spans may come in any order but must not overlap. False when the budget
     * refuses the memory.
     */
    boolean addSpan(int worker, int first, int last, long from) {
        if (spans == spanWorker.length) {
            int length = Math.max(64, spans * 2);
            if (!budget.tryReserve(20L * (length - spans))) {
                return false;
            }
            spanWorker = Arrays.copyOf(spanWorker, length);
            spanFirst = Arrays.copyOf(spanFirst, length);
            spanLast = Arrays.copyOf(spanLast, length);
            spanFrom = Arrays.copyOf(spanFrom, length);
        }
        spanWorker[spans] = worker;
        spanFirst[spans] = first;
        spanLast[spans] = last;
        spanFrom[spans] = from;
        spans++;
        return true;
    }

    /**
     * Writes the spans and their entries for a checkpoint, whatever worker logged them: a
     * search with another number of workers can go on from it.
     */
    void save(CheckpointOut out) throws IOException {
        out.writeInt(spans);
        for (int s = 0; s < spans; s++) {
            EdgeLog log = logs[spanWorker[s]];
            out.writeInt(spanFirst[s]);
            out.writeInt(spanLast[s]);
            long p = spanFrom[s];
            for (int id = spanFirst[s]; id < spanLast[s]; id++) {
                int entry = log.get(p++);
                out.writeInt(entry);
                int k = entry < 0 ? ~entry : entry;
                for (int e = 0; e < k; e++) {
                    out.writeInt(log.get(p++));
                }
            }
        }
    }

    /**
     * Reads what {@link #save} wrote into this check, which must be empty: everything goes to
     * worker 0's log. The spans cover ids below {@code expanded}, the edges go to ids below {@code states}.
     */
    void restore(CheckpointIn in, int expanded, int states) throws IOException {
        int n = in.length(8);
        EdgeLog log = logs[0];
        for (int s = 0; s < n; s++) {
            int first = in.readInt();
            int last = in.readInt();
            in.check(first >= 0 && last >= first && last <= expanded, "progress check span " + first + ".." + last);
            long from = log.size();
            for (int id = first; id < last; id++) {
                int entry = in.readInt();
                int k = entry < 0 ? ~entry : entry;
                in.check(k <= in.remaining() / 4, "progress check entry of " + k + " edges");
                add(in, log, entry);
                for (int e = 0; e < k; e++) {
                    int target = in.readInt();
                    in.check(target >= 0 && target < states, "progress check edge to " + target);
                    add(in, log, target);
                }
            }
            if (!addSpan(0, first, last, from)) {
                throw in.outOfMemory(budget);
            }
        }
    }

    private void add(CheckpointIn in, EdgeLog log, int v) {
        if (!log.add(v)) {
            throw in.outOfMemory(budget);
        }
    }

    /** Edges recorded so far. */
    long edges() {
        long entries = 0;
        for (EdgeLog l : logs) {
            entries += l.size();
        }
        long states = 0;
        for (int s = 0; s < spans; s++) {
            states += spanLast[s] - spanFirst[s];
        }
        return entries - states;
    }

    /** Heap bytes held by the logs and spans. */
    long bytesUsed() {
        long bytes = 20L * spanWorker.length;
        for (EdgeLog l : logs) {
            bytes += l.bytesUsed();
        }
        return bytes;
    }

    /** Gives the logs and spans back to the budget. */
    void release() {
        for (EdgeLog l : logs) {
            l.release();
        }
        budget.release(20L * spanWorker.length);
        spanWorker = new int[0];
        spans = 0;
    }

    /**
     * The smallest id (so the shortest path) of a state that can never reach a terminal state,
     * -1 when there is none, or {@link #NO_MEMORY}. Every state {@code 0 .. n-1} must have been
     * expanded, and its log entries resolved.
     */
    int firstStuck(int n) {
        // Spans may come in any order (a depth-first search expands ids out of order); they must
        // cover every id once.
        long[] byFirst = new long[spans];
        for (int s = 0; s < spans; s++) {
            byFirst[s] = ((long) spanFirst[s] << 32) | s;
        }
        Arrays.sort(byFirst);
        int covered = 0;
        for (long sorted : byFirst) {
            int s = (int) sorted;
            if (spanFirst[s] != covered || spanLast[s] < covered) {
                throw new IllegalStateException("progress check: span " + s + " starts at state " + spanFirst[s]
                        + ", expected " + covered);
            }
            covered = spanLast[s];
        }
        byFirst = null;
        if (covered != n) {
            throw new IllegalStateException("progress check: " + covered + " of " + n + " states expanded");
        }
        long edges = edges();
        if (edges > Integer.MAX_VALUE - 16) {
            return NO_MEMORY;
        }
        // inStart, queue, sources and the bit set.
        long bytes = 4L * (n + 1) + 4L * n + 4L * edges + (n / 8 + 8);
        if (!budget.tryReserve(bytes)) {
            return NO_MEMORY;
        }
        try {
            int[] inStart = new int[n + 1];
            int[] queue = new int[n];
            int tail = 0;
            BitSet canFinish = new BitSet(n);
            // Invert the edges, sources grouped by target (counting sort): count the edges into
            // each state, and start from the terminal states.
            for (int s = 0; s < spans; s++) {
                EdgeLog log = logs[spanWorker[s]];
                long p = spanFrom[s];
                for (int id = spanFirst[s]; id < spanLast[s]; id++) {
                    int entry = log.get(p++);
                    int k = entry;
                    if (entry < 0) {
                        k = ~entry;
                        canFinish.set(id);
                        queue[tail++] = id;
                    }
                    for (int e = 0; e < k; e++) {
                        inStart[log.get(p++)]++;
                    }
                }
            }
            // Now each state's count; summed up, where its sources end. Filling from the end
            // moves every entry back to where its state's sources start.
            for (int i = 1; i < n; i++) {
                inStart[i] += inStart[i - 1];
            }
            inStart[n] = (int) edges;
            int[] sources = new int[(int) edges];
            for (int s = 0; s < spans; s++) {
                EdgeLog log = logs[spanWorker[s]];
                long p = spanFrom[s];
                for (int id = spanFirst[s]; id < spanLast[s]; id++) {
                    int entry = log.get(p++);
                    int k = entry < 0 ? ~entry : entry;
                    for (int e = 0; e < k; e++) {
                        sources[--inStart[log.get(p++)]] = id;
                    }
                }
            }
            // Walk the edges backwards from the terminal states.
            for (int head = 0; head < tail; head++) {
                int t = queue[head];
                for (int e = inStart[t]; e < inStart[t + 1]; e++) {
                    int s = sources[e];
                    if (!canFinish.get(s)) {
                        canFinish.set(s);
                        queue[tail++] = s;
                    }
                }
            }
            int stuck = canFinish.nextClearBit(0);
            return stuck < n ? stuck : -1;
        } finally {
            budget.release(bytes);
        }
    }
}
