package ptecheck.explore.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ptecheck.testutil.GuardedSystem.add;
import static ptecheck.testutil.GuardedSystem.cond;
import static ptecheck.testutil.GuardedSystem.copy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.testutil.GuardedSystem;
import ptecheck.testutil.Odometer;
import ptecheck.ts.DependencyMatrix;
import ptecheck.ts.GroupInfo;
import ptecheck.ts.StateLayout;
import ptecheck.ts.StateProperty;
import ptecheck.ts.Stepper;
import ptecheck.ts.SuccessorSink;
import ptecheck.ts.TransitionSystem;

class DependencyCheckingSystemTest {

    /** a counts up to 3; b copies a (so it reads a and writes b). */
    private static GuardedSystem system() {
        return GuardedSystem.builder()
                .slot("a", 0, 3).slot("b", 0, 3)
                .group("inc a", List.of(cond("a", "<", 3)), add("a", 1))
                .group("copy", List.of(cond("b", "!=", 3)), copy("b", "a"))
                .build();
    }

    private static Outcome check(TransitionSystem ts) {
        return new BfsSearch(ts, SearchOptions.defaults().withCheckDependencies(true)).run().outcome();
    }

    @Test
    void correctDeclarationsPass() {
        assertEquals(Outcome.PASS, check(system()));
        assertEquals(Outcome.PASS, check(new Odometer(3, 4)));
    }

    @Test
    void aMissingReadIsNamedWithItsSlot() {
        GuardedSystem ts = system();
        DependencyMatrix d = ts.dependencies();
        BitSet[] reads = {d.reads(0), bits(1)}; // "copy" reads a, but says it reads only b
        var e = assertThrows(DependencyCheckingSystem.DependencyViolation.class,
                () -> check(new Declared(ts, new DependencyMatrix(reads, writes(d), guards(d)))));
        assertTrue(e.getMessage().contains("group 1 (copy"), e.getMessage());
        assertTrue(e.getMessage().contains("reads slot 0 'a'"), e.getMessage());
    }

    @Test
    void aMissingWriteIsNamedWithItsSlot() {
        GuardedSystem ts = system();
        DependencyMatrix d = ts.dependencies();
        BitSet[] writes = {new BitSet(), d.writes(1)}; // "inc a" writes a but says nothing
        var e = assertThrows(DependencyCheckingSystem.DependencyViolation.class,
                () -> check(new Declared(ts, new DependencyMatrix(reads(d), writes, guards(d)))));
        assertTrue(e.getMessage().contains("group 0 (inc a"), e.getMessage());
        assertTrue(e.getMessage().contains("writes slot 0 'a' (0 -> 1)"), e.getMessage());
    }

    @Test
    void aMissingWriteIsCaughtEvenWithoutTheCheckingLayer() {
        // The search packs successors through the declared write sets, and checks the first
        // firings of every group against a full packing.
        GuardedSystem ts = system();
        DependencyMatrix d = ts.dependencies();
        BitSet[] writes = {new BitSet(), d.writes(1)};
        TransitionSystem wrong = new Declared(ts, new DependencyMatrix(reads(d), writes, guards(d)));
        var e = assertThrows(DependencyCheckingSystem.DependencyViolation.class,
                () -> new BfsSearch(wrong, SearchOptions.defaults()).run());
        assertTrue(e.getMessage().contains("changed slot 0 'a'"), e.getMessage());
    }

    @Test
    void aMissingGuardReadIsFoundByEnabledness() {
        GuardedSystem ts = system();
        DependencyMatrix d = ts.dependencies();
        BitSet[] guardReads = {new BitSet(), d.guardReads(1)}; // "inc a" is guarded by a
        var e = assertThrows(DependencyCheckingSystem.DependencyViolation.class,
                () -> new BfsSearch(new Declared(ts, new DependencyMatrix(reads(d), writes(d), guardReads)),
                        SearchOptions.defaults().withCheckDependencies(true).withPartialOrder(true)).run());
        assertTrue(e.getMessage().contains("decides enabledness by slot 0 'a'"), e.getMessage());
    }

    private static BitSet bits(int... slots) {
        BitSet b = new BitSet();
        for (int s : slots) {
            b.set(s);
        }
        return b;
    }

    private static BitSet[] reads(DependencyMatrix d) {
        return d.reads();
    }

    private static BitSet[] writes(DependencyMatrix d) {
        return d.writes();
    }

    private static BitSet[] guards(DependencyMatrix d) {
        return d.guardReads();
    }

    /** A system with other dependency declarations than it really has. */
    private record Declared(TransitionSystem inner, DependencyMatrix dependencies) implements TransitionSystem {
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

    /**
     * The layer adds checks, nothing else: every method of the seam, default ones included, is
     * overridden and reaches the inner system (layout and dependencies are taken once, when it
     * is built). A method added to {@link TransitionSystem} later fails here until forwarded.
     */
    @Test
    void everyMethodOfTheSeamIsForwardedToTheInnerSystem() throws ReflectiveOperationException {
        java.util.Set<String> called = new java.util.HashSet<>();
        TransitionSystem inner = (TransitionSystem) java.lang.reflect.Proxy.newProxyInstance(
                TransitionSystem.class.getClassLoader(), new Class<?>[] {TransitionSystem.class}, (proxy, m, args) -> {
                    called.add(m.getName());
                    Class<?> r = m.getReturnType();
                    return r == boolean.class ? Boolean.FALSE : r == int.class ? 0 : null;
                });
        DependencyCheckingSystem layer = new DependencyCheckingSystem(inner);
        assertEquals(java.util.Set.of("dependencies", "layout"), called);
        for (java.lang.reflect.Method m : TransitionSystem.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertEquals(DependencyCheckingSystem.class,
                    DependencyCheckingSystem.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass(),
                    m.getName() + " is overridden");
            if (m.getName().equals("layout") || m.getName().equals("dependencies")) {
                continue;
            }
            called.clear();
            Object[] args = new Object[m.getParameterCount()];
            for (int k = 0; k < args.length; k++) {
                args[k] = m.getParameterTypes()[k] == int.class ? 0 : null;
            }
            m.invoke(layer, args);
            assertTrue(called.contains(m.getName()), m.getName() + " reaches the inner system");
        }
    }
}
