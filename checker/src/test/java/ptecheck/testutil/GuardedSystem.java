package ptecheck.testutil;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.Guards;
import ptecheck.ts.Slot;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;
import ptecheck.ts.Variable;

/**
 * A transition system of guarded commands over named integer slots, with exact read, write and
 * guard sets derived from the commands, for tests of partial-order reduction and of the
 * dependency checker. Every group has one successor when its guard holds.
 *
 * <pre>
 * GuardedSystem.builder().slot("a", 0, 3).slot("b", 0, 3)
 *     .group("inc a", when(lt("a", 3)), add("a", 1))
 *     .build();
 * </pre>
 */
public final class GuardedSystem implements TransitionSystem {

    /** {@code slot op value} or {@code slot op other slot}. */
    public record Cond(String slot, String op, int value, String other) {
        boolean test(int a, int b) {
            return switch (op) {
                case "<" -> a < b;
                case "<=" -> a <= b;
                case "==" -> a == b;
                case "!=" -> a != b;
                case ">" -> a > b;
                default -> throw new IllegalArgumentException(op);
            };
        }
    }

    /** {@code slot := value}, {@code slot := slot + value}, or {@code slot := other} when other is set. */
    public record Update(String slot, boolean relative, int value, String other) {}

    public static Cond cond(String slot, String op, int value) {
        return new Cond(slot, op, value, null);
    }

    public static Cond condSlot(String slot, String op, String other) {
        return new Cond(slot, op, 0, other);
    }

    public static Update set(String slot, int value) {
        return new Update(slot, false, value, null);
    }

    public static Update add(String slot, int value) {
        return new Update(slot, true, value, null);
    }

    public static Update copy(String slot, String from) {
        return new Update(slot, false, 0, from);
    }

    private record Group(String name, List<Cond> guard, List<Update> updates, List<Cond> failWhen) {}

    private final List<Slot> slots;
    private final List<String> names;
    private final int[] initial;
    private final List<Group> groups;
    private final List<StateProperty> properties;
    private final Predicate<int[]> terminal;
    /** The terminal condition in parts, when given by {@link Builder#terminalWhen}; then runs must end. */
    private final List<Cond> terminalParts;
    private final boolean declareTerminalParts;
    private final boolean declareGuards;
    private final boolean declareFailures;
    private final DependencyMatrix deps;
    private final StateLayout layout;

    private GuardedSystem(Builder b) {
        slots = List.copyOf(b.slots);
        names = slots.stream().map(Slot::name).toList();
        initial = b.initial.clone();
        groups = List.copyOf(b.groups);
        properties = List.copyOf(b.properties);
        terminalParts = b.terminalParts;
        declareTerminalParts = b.declareTerminalParts;
        terminal = terminalParts == null ? b.terminal : s -> terminalParts.stream().allMatch(c -> holds(c, s));
        declareGuards = b.declareGuards;
        declareFailures = b.declareFailures;
        List<Variable> vars = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            vars.add(new Variable(names.get(i), i, 1, (s, first) -> Integer.toString(s[first])));
        }
        layout = new StateLayout(slots, vars);
        BitSet[] reads = new BitSet[groups.size()];
        BitSet[] writes = new BitSet[groups.size()];
        BitSet[] guards = new BitSet[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            Group gr = groups.get(g);
            guards[g] = new BitSet();
            for (Cond c : gr.guard) {
                reads(c, guards[g]);
            }
            reads[g] = (BitSet) guards[g].clone();
            for (Cond c : gr.failWhen) {
                reads(c, reads[g]);
            }
            writes[g] = new BitSet();
            for (Update u : gr.updates) {
                writes[g].set(index(u.slot));
                if (u.relative) {
                    reads[g].set(index(u.slot));
                }
                if (u.other != null) {
                    reads[g].set(index(u.other));
                }
            }
        }
        deps = new DependencyMatrix(reads, writes, guards);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The slot's index. */
    public int index(String slot) {
        int i = names.indexOf(slot);
        if (i < 0) {
            throw new IllegalArgumentException("no slot " + slot);
        }
        return i;
    }

    private void reads(Cond c, BitSet out) {
        out.set(index(c.slot));
        if (c.other != null) {
            out.set(index(c.other));
        }
    }

    private boolean holds(Cond c, int[] s) {
        return c.test(s[index(c.slot)], c.other == null ? c.value : s[index(c.other)]);
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    @Override
    public int groupCount() {
        return groups.size();
    }

    @Override
    public void initialStates(SuccessorSink sink) {
        sink.accept(SuccessorSink.INITIAL, initial.clone());
    }

    @Override
    public Stepper stepper() {
        int[] work = new int[slots.size()];
        return new Stepper() {
            @Override
            public int next(int group, int[] src, SuccessorSink sink) {
                if (!enabled(group, src)) {
                    return 0;
                }
                Group g = groups.get(group);
                if (!g.failWhen.isEmpty() && g.failWhen.stream().allMatch(c -> holds(c, src))) {
                    throw new StepFailure(g.name + "_failed", g.name + " failed", SourceRef.NONE);
                }
                System.arraycopy(src, 0, work, 0, work.length);
                for (Update u : g.updates) {
                    int v = u.other != null ? src[index(u.other)] : u.relative ? src[index(u.slot)] + u.value : u.value;
                    work[index(u.slot)] = v;
                }
                sink.accept(group, work);
                return 1;
            }

            @Override
            public boolean enabled(int group, int[] src) {
                for (Cond c : groups.get(group).guard) {
                    if (!holds(c, src)) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    @Override
    public DependencyMatrix dependencies() {
        return deps;
    }

    @Override
    public Guards guards() {
        if (!declareGuards) {
            return null;
        }
        return new Guards() {
            @Override
            public int conjuncts(int group) {
                return groups.get(group).guard.size();
            }

            @Override
            public boolean holds(int group, int conjunct, int[] state) {
                return GuardedSystem.this.holds(groups.get(group).guard.get(conjunct), state);
            }

            @Override
            public BitSet reads(int group, int conjunct) {
                BitSet b = new BitSet();
                GuardedSystem.this.reads(groups.get(group).guard.get(conjunct), b);
                return b;
            }
        };
    }

    @Override
    public BitSet mayFail() {
        if (!declareFailures) {
            return null;
        }
        BitSet b = new BitSet();
        for (int g = 0; g < groups.size(); g++) {
            if (!groups.get(g).failWhen.isEmpty()) {
                b.set(g);
            }
        }
        return b;
    }

    @Override
    public GroupInfo group(int g) {
        String name = groups.get(g).name;
        return new GroupInfo(name, "", new SourceRef("guarded.ptm", 10 + g, 1), name);
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
    public boolean expectsTermination() {
        return terminalParts != null;
    }

    @Override
    public ptecheck.ts.Conjunction terminalConjunction() {
        if (terminalParts == null || !declareTerminalParts) {
            return null;
        }
        return new ptecheck.ts.Conjunction() {
            @Override
            public int size() {
                return terminalParts.size();
            }

            @Override
            public boolean holds(int part, int[] state) {
                return GuardedSystem.this.holds(terminalParts.get(part), state);
            }

            @Override
            public BitSet reads(int part) {
                BitSet b = new BitSet();
                GuardedSystem.this.reads(terminalParts.get(part), b);
                return b;
            }
        };
    }

    @Override
    public List<String> describeBlocked(int[] state) {
        return List.of();
    }

    public static final class Builder {
        private final List<Slot> slots = new ArrayList<>();
        private int[] initial = new int[0];
        private final List<Group> groups = new ArrayList<>();
        private final List<StateProperty> properties = new ArrayList<>();
        private Predicate<int[]> terminal = s -> true;
        private List<Cond> terminalParts;
        private boolean declareTerminalParts = true;
        private boolean declareGuards = true;
        private boolean declareFailures = true;

        public Builder slot(String name, int min, int max) {
            slots.add(new Slot(name, min, max));
            initial = java.util.Arrays.copyOf(initial, slots.size());
            initial[slots.size() - 1] = min;
            return this;
        }

        public Builder initial(int... state) {
            initial = state.clone();
            return this;
        }

        public Builder group(String name, List<Cond> guard, Update... updates) {
            groups.add(new Group(name, List.copyOf(guard), List.of(updates), List.of()));
            return this;
        }

        /** A group that throws {@link StepFailure} named {@code <name>_failed} when all of {@code failWhen} hold. */
        public Builder failingGroup(String name, List<Cond> guard, List<Cond> failWhen, Update... updates) {
            groups.add(new Group(name, List.copyOf(guard), List.of(updates), List.copyOf(failWhen)));
            return this;
        }

        public Builder property(StateProperty p) {
            properties.add(p);
            return this;
        }

        public Builder terminal(Predicate<int[]> t) {
            terminal = t;
            return this;
        }

        /**
         * Runs are meant to end where every part holds (like kernel processes that must all
         * finish): the search's progress check applies, and the seam gives the parts.
         */
        public Builder terminalWhen(List<Cond> parts) {
            terminalParts = List.copyOf(parts);
            return this;
        }

        /** Runs must end, but the seam does not give the terminal test in parts. */
        public Builder withoutTerminalParts() {
            declareTerminalParts = false;
            return this;
        }

        /** Hide guard conjuncts from the seam (then reductions use whole guards). */
        public Builder withoutGuardConjuncts() {
            declareGuards = false;
            return this;
        }

        /** Do not say which groups may fail (then every group may). */
        public Builder withoutFailureInfo() {
            declareFailures = false;
            return this;
        }

        public GuardedSystem build() {
            return new GuardedSystem(this);
        }
    }

    /** An invariant reading exactly the given slots. */
    public static StateProperty invariant(String name, BitSet reads, Predicate<int[]> holds) {
        return scoped(name, StateProperty.Kind.INVARIANT, reads, holds, null, null);
    }

    /**
     * A property that is only in force where {@code scope} holds (like an at-end check), reading
     * {@code reads}, with {@code scopeReads} the slots {@code scope} reads; null scope: always.
     */
    public static StateProperty scoped(String name, StateProperty.Kind kind, BitSet reads, Predicate<int[]> holds,
                                       BitSet scopeReads, Predicate<int[]> scope) {
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
                return new SourceRef("guarded.ptm", 1, 1);
            }

            @Override
            public String text() {
                return name;
            }

            @Override
            public boolean holds(int[] state) {
                return (scope == null || scope.test(state)) ? holds.test(state) : true;
            }

            @Override
            public BitSet reads() {
                return reads;
            }

            @Override
            public boolean inScope(int[] state) {
                return scope == null || scope.test(state);
            }

            @Override
            public BitSet scopeReads() {
                return scopeReads;
            }
        };
    }

    /** The slots with the given indexes. */
    public static BitSet slots(int... indexes) {
        BitSet b = new BitSet();
        for (int i : indexes) {
            b.set(i);
        }
        return b;
    }
}
