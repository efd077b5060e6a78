package ptecheck.testutil;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import ptecheck.ts.DependencyMatrix;
import ptecheck.trace.Provenance;
import ptecheck.trace.StepInfo;
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
 * A transition system written by hand in a few lines, for tests of the explorer and traces
 * (cf. Stateright's {@code test_util.rs}). Built with {@link #builder()}; every group reads and
 * writes every slot as far as {@link #dependencies()} tells.
 */
public final class TinySystem implements TransitionSystem {

    /** Produces the successors of one group. */
    @FunctionalInterface
    public interface Rule {
        void fire(int[] src, Consumer<int[]> successor);
    }

    /** A rule with one successor when {@code guard} holds: a copy of the state changed by {@code update}. */
    public static Rule when(Predicate<int[]> guard, Consumer<int[]> update) {
        return (src, out) -> {
            if (guard.test(src)) {
                int[] next = src.clone();
                update.accept(next);
                out.accept(next);
            }
        };
    }

    private final StateLayout layout;
    private final List<int[]> initial;
    private final List<StepInfo> infos;
    private final List<Rule> rules;
    private final List<StateProperty> properties;
    private final Predicate<int[]> terminal;
    private final Function<int[], List<String>> blocked;
    private final boolean expectsTermination;

    private TinySystem(Builder b) {
        List<Variable> variables = new ArrayList<>(b.variables);
        if (variables.isEmpty()) {
            for (int i = 0; i < b.slots.size(); i++) {
                variables.add(new Variable(b.slots.get(i).name(), i, 1, (s, first) -> Integer.toString(s[first])));
            }
        }
        layout = new StateLayout(b.slots, variables);
        initial = List.copyOf(b.initial);
        infos = List.copyOf(b.infos);
        rules = List.copyOf(b.rules);
        properties = List.copyOf(b.properties);
        terminal = b.terminal;
        blocked = b.blocked;
        expectsTermination = b.expectsTermination;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    @Override
    public int groupCount() {
        return rules.size();
    }

    @Override
    public void initialStates(SuccessorSink sink) {
        for (int[] s : initial) {
            sink.accept(SuccessorSink.INITIAL, s.clone());
        }
    }

    @Override
    public Stepper stepper() {
        return new Stepper() {
            @Override
            public int next(int group, int[] src, SuccessorSink sink) {
                int[] count = {0};
                rules.get(group).fire(src.clone(), s -> {
                    count[0]++;
                    sink.accept(group, s);
                });
                return count[0];
            }

            @Override
            public boolean enabled(int group, int[] src) {
                return next(group, src, (g, s) -> {}) > 0;
            }
        };
    }

    @Override
    public DependencyMatrix dependencies() {
        BitSet all = new BitSet();
        all.set(0, layout.size());
        BitSet[] reads = new BitSet[rules.size()];
        BitSet[] writes = new BitSet[rules.size()];
        for (int g = 0; g < rules.size(); g++) {
            reads[g] = (BitSet) all.clone();
            writes[g] = (BitSet) all.clone();
        }
        return new DependencyMatrix(reads, writes);
    }

    @Override
    public GroupInfo group(int g) {
        return infos.get(g).group();
    }

    /** The CPUs and kernel flags the groups were built with. */
    public Provenance provenance() {
        return new Provenance() {
            @Override
            public int cpuOf(int g) {
                return infos.get(g).cpu();
            }

            @Override
            public boolean isKernel(int g) {
                return infos.get(g).kernel();
            }
        };
    }

    @Override
    public List<StateProperty> properties() {
        return properties;
    }

    @Override
    public boolean isTerminal(int[] state) {
        return terminal.test(state);
    }

    @Override
    public List<String> describeBlocked(int[] state) {
        return blocked.apply(state);
    }

    @Override
    public boolean expectsTermination() {
        return expectsTermination;
    }

    /** An invariant given by a predicate; declared at {@code tiny.ptm:1}. */
    public static StateProperty invariant(String name, Predicate<int[]> holds) {
        return property(name, StateProperty.Kind.INVARIANT, new SourceRef("tiny.ptm", 1, 1), name, holds);
    }

    public static StateProperty property(
            String name, StateProperty.Kind kind, SourceRef where, String text, Predicate<int[]> holds) {
        return new StateProperty() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Kind kind() {
                return kind;
            }

            @Override
            public SourceRef where() {
                return where;
            }

            @Override
            public String text() {
                return text;
            }

            @Override
            public boolean holds(int[] state) {
                return holds.test(state);
            }
        };
    }

    public static final class Builder {
        private final List<Slot> slots = new ArrayList<>();
        private final List<Variable> variables = new ArrayList<>();
        private final List<int[]> initial = new ArrayList<>();
        private final List<StepInfo> infos = new ArrayList<>();
        private final List<Rule> rules = new ArrayList<>();
        private final List<StateProperty> properties = new ArrayList<>();
        private Predicate<int[]> terminal = s -> false;
        private Function<int[], List<String>> blocked = s -> List.of();
        private boolean expectsTermination;

        private Builder() {}

        public Builder slot(String name, int min, int max) {
            slots.add(new Slot(name, min, max));
            return this;
        }

        /** Replaces the default of one variable per slot, printed as a number. */
        public Builder variable(Variable v) {
            variables.add(v);
            return this;
        }

        public Builder initial(int... state) {
            initial.add(state.clone());
            return this;
        }

        /** A group named {@code name}, not bound to a CPU, at {@code tiny.ptm:<10 + group>}. */
        public Builder group(String name, Rule rule) {
            SourceRef where = new SourceRef("tiny.ptm", 10 + rules.size(), 1);
            return group(new StepInfo(new GroupInfo(name, "", where, name), -1, true), rule);
        }

        /** A group with its seam information and, for traces, its CPU and kernel flag. */
        public Builder group(StepInfo info, Rule rule) {
            infos.add(info);
            rules.add(rule);
            return this;
        }

        public Builder property(StateProperty p) {
            properties.add(p);
            return this;
        }

        public Builder terminal(Predicate<int[]> isTerminal) {
            terminal = isTerminal;
            return this;
        }

        /** Every run is meant to reach a terminal state: the search runs the progress check. */
        public Builder expectsTermination() {
            expectsTermination = true;
            return this;
        }

        public Builder blocked(Function<int[], List<String>> describe) {
            blocked = describe;
            return this;
        }

        public TinySystem build() {
            return new TinySystem(this);
        }
    }
}
