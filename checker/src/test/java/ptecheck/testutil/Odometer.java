package ptecheck.testutil;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.Slot;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;
import ptecheck.ts.Variable;

/**
 * {@code digits} counters in {@code 0..max}, group {@code i} incrementing counter {@code i}:
 * {@code (max+1)^digits} states, the last at depth {@code digits * max}. Unlike
 * {@link TinySystem} it allocates nothing when firing, so it can measure what the search
 * itself allocates.
 */
public final class Odometer implements TransitionSystem {
    private final int digits;
    private final int max;
    private final StateLayout layout;

    public Odometer(int digits, int max) {
        this.digits = digits;
        this.max = max;
        List<Slot> slots = new ArrayList<>();
        List<Variable> variables = new ArrayList<>();
        for (int i = 0; i < digits; i++) {
            slots.add(new Slot("d" + i, 0, max));
            variables.add(new Variable("d" + i, i, 1, (s, first) -> Integer.toString(s[first])));
        }
        layout = new StateLayout(slots, variables);
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    @Override
    public int groupCount() {
        return digits;
    }

    @Override
    public void initialStates(SuccessorSink sink) {
        sink.accept(SuccessorSink.INITIAL, new int[digits]);
    }

    @Override
    public Stepper stepper() {
        int[] buffer = new int[digits];
        return new Stepper() {
            @Override
            public int next(int group, int[] src, SuccessorSink sink) {
                if (src[group] == max) {
                    return 0;
                }
                System.arraycopy(src, 0, buffer, 0, digits);
                buffer[group]++;
                sink.accept(group, buffer);
                return 1;
            }

            @Override
            public boolean enabled(int group, int[] src) {
                return src[group] < max;
            }
        };
    }

    @Override
    public DependencyMatrix dependencies() {
        BitSet[] sets = new BitSet[digits];
        for (int g = 0; g < digits; g++) {
            sets[g] = new BitSet();
            sets[g].set(g);
        }
        return new DependencyMatrix(sets, sets);
    }

    @Override
    public GroupInfo group(int g) {
        return new GroupInfo("digit " + g, "inc", SourceRef.NONE, "d" + g + "++");
    }

    @Override
    public List<StateProperty> properties() {
        return List.of();
    }

    @Override
    public boolean isTerminal(int[] state) {
        for (int d : state) {
            if (d != max) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> describeBlocked(int[] state) {
        return List.of();
    }
}
