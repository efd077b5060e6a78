package ptecheck.testutil;

import java.util.BitSet;
import java.util.List;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.Guards;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.Symmetry;
import ptecheck.ts.TransitionSystem;

/** A transition system with symmetries declared on top of another one. */
public record WithSymmetry(TransitionSystem inner, List<Symmetry> symmetries) implements TransitionSystem {
    public StateLayout layout() {
        return inner.layout();
    }

    public int groupCount() {
        return inner.groupCount();
    }

    public void initialStates(SuccessorSink sink) {
        inner.initialStates(sink);
    }

    public Stepper stepper() {
        return inner.stepper();
    }

    public DependencyMatrix dependencies() {
        return inner.dependencies();
    }

    public Guards guards() {
        return inner.guards();
    }

    public BitSet mayFail() {
        return inner.mayFail();
    }

    public GroupInfo group(int g) {
        return inner.group(g);
    }

    public List<StateProperty> properties() {
        return inner.properties();
    }

    public boolean isTerminal(int[] state) {
        return inner.isTerminal(state);
    }

    public List<String> describeBlocked(int[] state) {
        return inner.describeBlocked(state);
    }
}
