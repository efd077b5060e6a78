package ptecheck.ts;

import java.util.List;

/**
 * The only view of a spec that exploration has (cf. LTSmin's PINS).
 *
 * <p>A state is an {@code int[]} of length {@code layout().size()}; slot {@code i} always holds a
 * value in {@code layout().slot(i).min() .. max()}. Successors are produced per transition
 * group: one group per hardware rule instance or kernel statement. Each group declares the
 * slots it may read and write ({@link #dependencies()}), so reductions and dependency checks
 * can reason about it without knowing the language it came from.
 *
 * <p>Implementations are immutable and thread-safe; the mutable scratch space needed to fire
 * groups lives in a {@link Stepper}, one per exploring thread.
 */
public interface TransitionSystem {

    /** Slot names, ranges and variable groupings: for packing states and rendering them. */
    StateLayout layout();

    /** Number of transition groups; groups are numbered {@code 0 .. groupCount()-1}. */
    int groupCount();

    /** Calls {@code sink} once per initial state, with group {@link SuccessorSink#INITIAL}. */
    void initialStates(SuccessorSink sink);

    /** A fresh, single-threaded successor generator. */
    Stepper stepper();

    /** Per-group read and write sets (over slots). Writes are "may write". */
    DependencyMatrix dependencies();

    /**
     * The groups' guards split into conjuncts, or null when not known (then a disabled group
     * counts as enabled by any group that writes any slot of its guard).
     */
    default Guards guards() {
        return null;
    }

    /**
     * The groups whose firing may throw {@link StepFailure} (an assertion, a value out of range,
     * an unlock of a lock not held, ...), or null when not known (then every group may).
     * Partial-order reduction must keep every failure reachable, and does it more cheaply when
     * it knows which groups can fail: a group that cannot fail needs no attention.
     */
    default java.util.BitSet mayFail() {
        return null;
    }

    /**
     * Interchangeable indices (see {@link Symmetry} for what declaring one promises); empty
     * when there are none or the front end does not know.
     */
    default List<Symmetry> symmetries() {
        return List.of();
    }

    /** Where group {@code g} comes from, for traces only. */
    GroupInfo group(int g);

    /** Properties to check on every reachable state (invariants, at-end checks, lock cycles). */
    List<StateProperty> properties();

    /**
     * True when {@code state} is a legitimate final state: a state without successors is a
     * deadlock unless it is terminal (for example, every kernel process has finished).
     */
    boolean isTerminal(int[] state);

    /**
     * Human-readable account of who is blocked in {@code state} and on what, for deadlock
     * reports. One line per blocked actor; empty when nothing is blocked.
     */
    List<String> describeBlocked(int[] state);

    /**
     * True when every run is meant to end in a terminal state (a spec with kernel processes):
     * the search then also reports states from which no terminal state can be reached. False
     * for reactive systems that run forever (the default).
     */
    default boolean expectsTermination() {
        return false;
    }

    /**
     * {@link #isTerminal} as a conjunction (one part per kernel process, "it has finished"), or
     * null when the system does not give it. Partial-order reduction can keep the progress check
     * ("a terminal state stays reachable") only when it is given.
     */
    default Conjunction terminalConjunction() {
        return null;
    }

    /** Properties of infinite runs, checked over the whole state graph (none by default). */
    default List<LivenessProperty> liveness() {
        return List.of();
    }

    /** The fairness constraints under which {@link #liveness()} is checked (none by default). */
    default List<Fairness> fairness() {
        return List.of();
    }

    /** Fresh whole-search analyses for one search (none by default). */
    default List<TransitionAnalysis> analyses() {
        return List.of();
    }
}
