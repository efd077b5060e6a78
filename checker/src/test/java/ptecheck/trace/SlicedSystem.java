package ptecheck.trace;

import java.util.BitSet;
import java.util.List;
import ptecheck.testutil.TinySystem;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;

/**
 * For slicing tests: slots {@code pt, tlb, noise}; CPU 1 fills the TLB from pt, writes pt
 * through the TLB, and bumps an unrelated counter; CPU 0 clears pt. Unlike {@link TinySystem},
 * each group declares its real read and write sets, and the invariant reads only {@code pt}.
 */
final class SlicedSystem implements TransitionSystem {
    static final int NOISE = 0;
    static final int FILL = 1;
    static final int WRITE = 2;
    static final int CLEAR = 3;

    private final TinySystem tiny = TinySystem.builder()
            .slot("pt", 0, 3).slot("tlb", 0, 1).slot("noise", 0, 7)
            .initial(0, 0, 0)
            .group(info("mmu[1]", "noise", 1), TinySystem.when(s -> s[2] < 7, s -> s[2]++))
            .group(info("mmu[1]", "fill", 1), TinySystem.when(s -> s[1] == 0, s -> s[1] = 1))
            .group(info("mmu[1]", "write", 1), TinySystem.when(s -> s[1] == 1 && s[0] < 3, s -> s[0]++))
            .group(info("clear", "", 0), TinySystem.when(s -> s[0] > 0, s -> s[0] = 0))
            .build();

    private static StepInfo info(String actor, String action, int cpu) {
        return new StepInfo(new GroupInfo(actor, action, new SourceRef("sliced.ptm", 1, 1),
                action.isEmpty() ? "pt = 0" : "rule " + action), cpu, action.isEmpty());
    }

    private static BitSet bits(int... slots) {
        BitSet b = new BitSet();
        for (int s : slots) {
            b.set(s);
        }
        return b;
    }

    @Override
    public StateLayout layout() {
        return tiny.layout();
    }

    @Override
    public int groupCount() {
        return tiny.groupCount();
    }

    @Override
    public void initialStates(SuccessorSink sink) {
        tiny.initialStates(sink);
    }

    @Override
    public Stepper stepper() {
        return tiny.stepper();
    }

    @Override
    public DependencyMatrix dependencies() {
        return new DependencyMatrix(
                new BitSet[] {bits(2), bits(1), bits(0, 1), bits(0)},
                new BitSet[] {bits(2), bits(1), bits(0), bits(0)});
    }

    public Provenance provenance() {
        return tiny.provenance();
    }

    @Override
    public GroupInfo group(int g) {
        return tiny.group(g);
    }

    @Override
    public List<StateProperty> properties() {
        return List.of(new StateProperty() {
            public String name() {
                return "pt_below_2";
            }

            public Kind kind() {
                return Kind.INVARIANT;
            }

            public SourceRef where() {
                return new SourceRef("sliced.ptm", 9, 1);
            }

            public String text() {
                return "pt < 2";
            }

            public boolean holds(int[] state) {
                return state[0] < 2;
            }

            @Override
            public BitSet reads() {
                return bits(0);
            }
        });
    }

    @Override
    public boolean isTerminal(int[] state) {
        return true;
    }

    @Override
    public List<String> describeBlocked(int[] state) {
        return List.of();
    }
}
