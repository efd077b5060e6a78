package ptecheck.cli;

import java.util.BitSet;
import java.util.List;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.ts.Conjunction;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.Guards;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.Symmetry;
import ptecheck.ts.TransitionAnalysis;
import ptecheck.ts.TransitionSystem;
import ptecheck.trace.TraceReplayer;

/**
 * Re-runs the whole-search analyses (lockdep) of a spec, for replay: a lock-order finding is a
 * fact about every reachable transition, so a trace alone cannot confirm it. The search explores
 * the whole state space with the analyses the spec declares and returns every finding they make,
 * not only the first one {@code check} reports. Invariants and deadlocks do not stop it (they are
 * not what is being confirmed); a failing step or a bound does, and the findings are then unknown.
 */
final class WholeSearchFindings {
    private WholeSearchFindings() {}

    static TraceReplayer.Findings of(TransitionSystem ts) {
        List<TransitionAnalysis> analyses = ts.analyses();
        SearchResult r = new BfsSearch(new Recording(ts, analyses),
                SearchOptions.defaults().withCheckDeadlock(false).withPartialOrder(true)).run();
        if (r.outcome() == Outcome.INCOMPLETE) {
            return new TraceReplayer.Findings(null, "the search stopped at a bound (" + r.stats().stopReason() + ") after "
                    + r.stats().distinct() + " states");
        }
        if (r.outcome() == Outcome.VIOLATION && r.counterexample().kind() != StateProperty.Kind.LOCK_ORDER) {
            return new TraceReplayer.Findings(null, "the search stops at another violation first (" + r.counterexample().property()
                    + ")");
        }
        return new TraceReplayer.Findings(analyses.stream().flatMap(a -> a.findings().stream()).toList(), "");
    }

    /** The spec without its state properties, whose analyses are the ones given (so they can be read afterwards). */
    private record Recording(TransitionSystem ts, List<TransitionAnalysis> analyses) implements TransitionSystem {
        @Override
        public ptecheck.ts.StateLayout layout() {
            return ts.layout();
        }

        @Override
        public int groupCount() {
            return ts.groupCount();
        }

        @Override
        public void initialStates(SuccessorSink sink) {
            ts.initialStates(sink);
        }

        @Override
        public Stepper stepper() {
            return ts.stepper();
        }

        @Override
        public DependencyMatrix dependencies() {
            return ts.dependencies();
        }

        @Override
        public Guards guards() {
            return ts.guards();
        }

        @Override
        public BitSet mayFail() {
            return ts.mayFail();
        }

        @Override
        public List<Symmetry> symmetries() {
            return ts.symmetries();
        }

        @Override
        public GroupInfo group(int g) {
            return ts.group(g);
        }

        @Override
        public List<StateProperty> properties() {
            return List.of();
        }

        @Override
        public boolean isTerminal(int[] state) {
            return ts.isTerminal(state);
        }

        @Override
        public List<String> describeBlocked(int[] state) {
            return ts.describeBlocked(state);
        }

        @Override
        public boolean expectsTermination() {
            return false;
        }

        @Override
        public Conjunction terminalConjunction() {
            return ts.terminalConjunction();
        }
    }
}
