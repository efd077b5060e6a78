package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ptecheck.compile.CompiledSpec;
import ptecheck.compile.Expectations;
import ptecheck.compile.SpecCompiler;
import ptecheck.explore.BfsSearch;
import ptecheck.explore.Outcome;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchResult;
import ptecheck.explore.SearchStrategy;
import ptecheck.explore.Simulation;
import ptecheck.explore.StoreKind;
import ptecheck.lang.LoadedSpec;
import ptecheck.ts.StateProperty;
import ptecheck.ts.TransitionSystem;

/**
 * Every spec in {@code specs/}, in every configuration its expect clauses name (and in a couple
 * of larger ones), gives the same verdict under every combination of store, worker count and
 * partial-order reduction, and the same distinct-state count wherever reductions are off (cf.
 * LTSmin's testsuite, which runs one model through every back end). Runs with reduction on
 * also check the declared dependencies of every group fired. Every search runs the steps
 * compiled to bytecode; one runs them interpreted, and must find the same.
 */
class AgreementTest {
    private static final Path ROOT = Path.of(System.getProperty("ptecheck.root", ".."));
    /** Extra constants tried on top of each expect configuration, to get past toy sizes. */
    private static final List<Map<String, String>> LARGER = List.of(Map.of(), Map.of("CPUS", "3"),
            Map.of("CPUS", "2", "PAGES", "2"));

    /**
     * {@code deadlock}: with the deadlock and progress checks (partial-order reduction keeps
     * both); runs without them are compared with a baseline that has them off too.
     */
    private record Config(StoreKind store, int workers, boolean por, boolean symmetry, boolean deadlock,
                          SearchStrategy strategy) {
        Config(StoreKind store, int workers, boolean por, boolean symmetry, boolean deadlock) {
            this(store, workers, por, symmetry, deadlock, SearchStrategy.BFS);
        }

        SearchOptions options() {
            return SearchOptions.defaults().withStore(store).withWorkers(workers).withPartialOrder(por)
                    .withCheckDependencies(por).withSymmetry(symmetry).withBitstate(24, 3).withCheckDeadlock(deadlock)
                    .withStrategy(strategy);
        }

        boolean reduced() {
            return por || symmetry;
        }

        @Override
        public String toString() {
            return strategy.label() + " " + store.label() + " x" + workers + (por ? " por" : "") + (symmetry ? " symmetry" : "")
                    + (deadlock ? "" : " no-deadlock");
        }
    }

    private static List<Config> configs() {
        List<Config> out = new ArrayList<>();
        for (StoreKind store : StoreKind.values()) {
            for (int workers : new int[] {1, 2}) {
                for (boolean por : new boolean[] {false, true}) {
                    for (boolean symmetry : new boolean[] {false, true}) {
                        out.add(new Config(store, workers, por, symmetry, true));
                        if (por) {
                            out.add(new Config(store, workers, true, symmetry, false));
                        }
                    }
                }
            }
            // Depth first: the same verdicts, partial-order reduction always off.
            out.add(new Config(store, 1, true, store == StoreKind.EXACT, true, SearchStrategy.DFS));
        }
        return out;
    }

    /**
     * Above this many states, a configuration runs {@link #sampled} searches only: the few large
     * configurations took most of the suite's time, and every combination still runs on every
     * spec's smaller configurations.
     */
    private static final long LARGE = 2_000;

    /**
     * On a large state space: every store, worker count, reduction and strategy at least once
     * (exact with two workers, unreduced and with both reductions, with and without the deadlock
     * check, and depth first; tree with one worker, unreduced and with partial-order reduction;
     * fingerprint with two, unreduced and with symmetry; bitstate unreduced), not all their
     * combinations.
     */
    private static boolean sampled(Config c) {
        boolean bfs = c.strategy() == SearchStrategy.BFS;
        if (c.store() == StoreKind.EXACT) {
            return !bfs || c.workers() == 2 && (!c.reduced() || c.por() && c.symmetry());
        }
        if (c.store() == StoreKind.TREE) {
            return bfs && c.workers() == 1 && (!c.reduced() || c.por() && !c.symmetry() && c.deadlock());
        }
        if (c.store() == StoreKind.FINGERPRINT) {
            return bfs && c.workers() == 2 && (!c.reduced() || c.symmetry() && !c.por());
        }
        return bfs && c.workers() == 1 && !c.reduced();
    }

    @TestFactory
    Stream<DynamicTest> everySpecAgreesUnderEveryStoreWorkerCountAndReduction() throws Exception {
        SpecRunner runner = new SpecRunner(List.of());
        List<Path> files = SpecRunner.specFiles(List.of(ROOT.resolve("specs")));
        assertFalse(files.isEmpty(), "no specs found under " + ROOT.resolve("specs"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            LoadedSpec loaded = runner.load(file);
            java.util.Set<String> consts = new java.util.HashSet<>();
            for (var unit : loaded.all()) {
                for (var d : unit.decls()) {
                    if (d instanceof ptecheck.lang.ast.Decl.Const c) {
                        consts.add(c.name());
                    }
                }
            }
            for (Map<String, String> larger : LARGER) {
                // scale a spec only by the consts it declares
                if (!consts.containsAll(larger.keySet())) {
                    continue;
                }
                for (Map<String, String> config : Expectations.configurations(loaded.all(), loaded.spec(), larger)) {
                    Map<String, String> all = new LinkedHashMap<>(config);
                    all.putAll(larger);
                    String name = ROOT.relativize(file) + " " + all;
                    tests.add(DynamicTest.dynamicTest(name, () -> agree(runner, file, loaded, all)));
                }
            }
        }
        return tests.stream();
    }

    private static void agree(SpecRunner runner, Path file, LoadedSpec loaded, Map<String, String> config)
            throws Exception {
        // Compiled once: a transition system keeps no state between searches (its analyses
        // are fresh for each), so every configuration searches the same one.
        CompiledSpec spec = SpecCompiler.compile(loaded, config);
        TransitionSystem ts = spec.system();
        SearchResult withDeadlock = new BfsSearch(ts, new Config(StoreKind.EXACT, 1, false, false, true).options()).run();
        SearchResult withoutDeadlock = new BfsSearch(ts, new Config(StoreKind.EXACT, 1, false, false, false).options()).run();
        SearchResult base = withDeadlock;
        assertTrue(base.outcome() != Outcome.INCOMPLETE);
        if (spec.expectation() != null) {
            String expected = spec.expectation().pass() ? "pass" : "violation " + spec.expectation().property();
            // The expectation is of the whole check: a liveness violation shows only after the search
            // passed (LivenessCommandsTest has the liveness check's own agreement).
            SearchResult whole = base.outcome() == Outcome.PASS && !ts.liveness().isEmpty()
                    ? ptecheck.testutil.Specs.checkWithLiveness(spec) : base;
            assertEquals(expected, verdict(whole), "the expectation of " + file);
        }
        simulationAgrees(runner, file, loaded, config, ts, withDeadlock);
        // The steps compiled to bytecode (every search here) against the interpreter (--interpret).
        SearchResult interpreted = new BfsSearch(spec.interpreted().system(),
                new Config(StoreKind.EXACT, 1, false, false, true).options()).run();
        assertEquals(verdict(withDeadlock), verdict(interpreted), "interpreted: verdict");
        assertEquals(withDeadlock.stats().distinct(), interpreted.stats().distinct(), "interpreted: distinct states");
        assertEquals(withDeadlock.stats().generated(), interpreted.stats().generated(), "interpreted: generated");
        assertEquals(withDeadlock.stats().depth(), interpreted.stats().depth(), "interpreted: depth");
        if (withDeadlock.outcome() == Outcome.VIOLATION) {
            assertEquals(withDeadlock.counterexample().groups(), interpreted.counterexample().groups(),
                    "interpreted: counterexample");
            assertEquals(withDeadlock.counterexample().property(), interpreted.counterexample().property(),
                    "interpreted: property");
        }
        boolean large = withDeadlock.stats().distinct() > LARGE;
        deadVariablesAgree(loaded, config, withDeadlock);
        for (Config c : configs()) {
            if (large && !sampled(c)) {
                continue;
            }
            base = c.deadlock() ? withDeadlock : withoutDeadlock;
            SearchResult r = c.options().strategy().create(ts, c.options()).run();
            // A bitstate search never passes: it can only find violations, or end incomplete.
            String expected = c.store().partial() && base.outcome() == Outcome.PASS ? "incomplete" : verdict(base);
            assertEquals(expected, verdict(r), c.toString());
            boolean dfs = c.strategy() != SearchStrategy.BFS;
            if (dfs) {
                // Same states, in another order: the counts agree, traces need not be shortest.
                if (!c.symmetry() && c.store() != StoreKind.BITSTATE && base.outcome() == Outcome.PASS) {
                    assertEquals(base.stats().distinct(), r.stats().distinct(), c + ": distinct states");
                }
                if (base.outcome() == Outcome.VIOLATION) {
                    assertTrue(r.counterexample().length() >= base.counterexample().length(), c + ": shorter than BFS");
                }
                continue;
            }
            if (!c.reduced() && c.store() != StoreKind.BITSTATE) {
                assertEquals(base.stats().distinct(), r.stats().distinct(), c + ": distinct states");
                assertEquals(base.stats().depth(), r.stats().depth(), c + ": depth");
            }
            if (!c.reduced()) {
                // Same search order whatever the store: the very same counterexample.
                if (base.outcome() == Outcome.VIOLATION) {
                    assertEquals(base.counterexample().groups(), r.counterexample().groups(), c.toString());
                }
            } else if (base.outcome() == Outcome.VIOLATION
                    && base.counterexample().kind() != StateProperty.Kind.ASSERTION) {
                // Up-sets keep shortest paths to violated properties and deadlocks, and symmetry
                // keeps every distance. (Partial-order reduction keeps a state from which the
                // kernel can never finish, not its distance; the search then runs again in full.)
                assertEquals(base.counterexample().length(), r.counterexample().length(), c + ": length");
            }
            if (c.reduced()) {
                assertTrue(r.stats().distinct() <= base.stats().distinct(), c + ": reduction added states");
            }
        }
    }

    /**
     * Dead-variable reduction (on by default, so {@code base} has it) changes no verdict and no
     * counterexample length, and only ever merges states: off, the same search finds as many or more.
     */
    private static void deadVariablesAgree(LoadedSpec loaded, Map<String, String> config, SearchResult base)
            throws Exception {
        CompiledSpec off = SpecCompiler.compile(loaded, config, ptecheck.compile.SizeBound.forMemory(0), false);
        SearchResult r = new BfsSearch(off.system(), new Config(StoreKind.EXACT, 1, false, false, true).options()).run();
        assertEquals(verdict(base), verdict(r), "--no-dead-vars");
        assertTrue(r.stats().distinct() >= base.stats().distinct(), "dead-variable reduction added states");
        if (base.outcome() == Outcome.VIOLATION) {
            assertEquals(base.counterexample().length(), r.counterexample().length(), "--no-dead-vars: length");
        }
    }

    /**
     * On specs of at most {@link #SIMULATED} states, random walks agree: never a violation in a
     * spec that passes, and only properties that {@code --continue} finds violable otherwise.
     */
    private static void simulationAgrees(SpecRunner runner, Path file, LoadedSpec loaded,
                                         Map<String, String> config, TransitionSystem ts, SearchResult base)
            throws Exception {
        if (base.stats().distinct() > SIMULATED) {
            return;
        }
        Simulation.Report sim = new Simulation(ts,
                new Simulation.Options(300, 2 * base.stats().depth() + 20, 1, true)).run();
        if (base.outcome() == Outcome.PASS) {
            assertEquals("incomplete", verdict(sim.result()), "simulation of a spec that passes");
            return;
        }
        if (sim.result().outcome() == Outcome.VIOLATION) {
            java.util.Set<String> violable = new java.util.HashSet<>();
            for (SpecRunner.Run run : runner.checkEach(file, loaded, config, SearchOptions.defaults())) {
                if (run.result().outcome() == Outcome.VIOLATION) {
                    violable.add(run.result().counterexample().property());
                }
            }
            assertTrue(violable.contains(sim.result().counterexample().property()),
                    "simulation found " + sim.result().counterexample().property() + ", BFS can violate " + violable);
        }
    }

    private static final int SIMULATED = 5_000;

    private static String verdict(SearchResult r) {
        return switch (r.outcome()) {
            case PASS -> "pass";
            case INCOMPLETE -> "incomplete";
            case VIOLATION -> "violation " + r.counterexample().property();
        };
    }
}
