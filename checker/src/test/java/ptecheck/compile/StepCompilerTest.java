package ptecheck.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Specs;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;

/**
 * The guards and actions compiled to bytecode do what the interpreter does: on every feature and
 * primitive spec, in every reachable state (up to {@link #STATES}), every group is enabled or not,
 * gives the same successor, or fails with the same property, message and place, compiled and
 * interpreted; the groups the index leaves out are disabled; and a group interpreted as a whole
 * (too large to compile), or with every node handed to its own interpreter (what a kind the
 * compiler does not know gets), does the same. The bundled specs are compared search by search in
 * {@code cli.AgreementTest}.
 */
class StepCompilerTest {
    private static final int STATES = 1_500;
    /** Every kind of node the compiler knows. */
    private static final Set<Class<?>> KINDS = Set.of(Eval.Const.class, Eval.Read.class, Eval.DynRead.class,
            Eval.Neg.class, Eval.Not.class, Eval.And.class, Eval.Or.class, Eval.Binary.class, Eval.Guarded.class,
            Eval.AtPc.class, Actions.Assign.class, Actions.If.class, Actions.Check.class, Actions.Unlock.class,
            Actions.SetPc.class, Actions.Stop.class, Actions.CallBlock.class, Actions.ReadAcquire.class);

    @TestFactory
    Stream<DynamicTest> everyGroupFiresAlikeCompiledAndInterpretedInEveryReachableState() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String dir : List.of("features", "primitives", "progress")) {
            try (Stream<Path> files = Files.list(Specs.resource(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".ptm")).sorted().toList()) {
                    if (!Specs.isModel(file)) {
                        tests.add(DynamicTest.dynamicTest(dir + "/" + file.getFileName(), () -> agree(file)));
                    }
                }
            }
        }
        assertTrue(tests.size() > 50, "feature specs found: " + tests.size());
        return tests.stream();
    }

    private static void agree(Path file) throws SpecException {
        CompiledSpec spec;
        try {
            spec = Specs.compile(file, Map.of());
        } catch (SpecException e) {
            return; // a spec that needs constants (its expect clauses give them) or is an error case
        }
        CompiledSystem compiled = (CompiledSystem) spec.system();
        CompiledSystem interpreted = compiled.interpreted();
        Group[] groups = compiled.groups();
        StepCode[] whole = StepCompiler.compile(groups, 0); // every group interpreted as a whole
        // Every kind through the path a kind the compiler does not know takes (its own eval/exec).
        StepCode[] unknown = StepCompiler.compile(groups, StepCompiler.MAX_NODES, KINDS);
        Stepper fast = compiled.stepper();
        Stepper slow = interpreted.stepper();
        int n = compiled.groupCount();
        int[] candidates = new int[n];
        Action.Scratch scratch = new Action.Scratch(1024);
        Set<List<Integer>> seen = new HashSet<>();
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        compiled.initialStates((g, s) -> {
            if (seen.add(key(s))) {
                queue.add(s.clone());
            }
        });
        while (!queue.isEmpty() && seen.size() < STATES) {
            int[] s = queue.poll();
            int count = fast.candidates(s, candidates);
            Set<Integer> candidate = new HashSet<>();
            for (int i = 0; i < count; i++) {
                candidate.add(candidates[i]);
                assertTrue(i == 0 || candidates[i - 1] < candidates[i], "candidates in increasing order");
            }
            for (int g = 0; g < n; g++) {
                Outcome a = fire(fast, g, s);
                Outcome b = fire(slow, g, s);
                assertEquals(b, a, file.getFileName() + ": group " + g + " (" + compiled.group(g).where() + ") in "
                        + Arrays.toString(s));
                Outcome raw = fireRaw(groups[g], s, scratch);
                assertEquals(raw, fireWhole(whole, g, s, scratch), "group " + g + " interpreted as a whole");
                assertEquals(raw, fireWhole(unknown, g, s, scratch), "group " + g + " with every kind unknown");
                if (!candidate.contains(g)) {
                    assertEquals(new Outcome(false, null, null), b, "group " + g + " left out of the candidates");
                }
                if (b.successor != null && seen.add(key(b.successor))) {
                    queue.add(b.successor);
                }
            }
        }
        assertFalse(seen.isEmpty());
    }

    /** What firing a group gives: enabled or not, and its successor or its failure. */
    private record Outcome(boolean enabled, int[] successor, String failure) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome x && x.enabled == enabled && Arrays.equals(x.successor, successor)
                    && java.util.Objects.equals(x.failure, failure);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(successor);
        }

        @Override
        public String toString() {
            return enabled + " " + Arrays.toString(successor) + " " + failure;
        }
    }

    private static Outcome fire(Stepper stepper, int g, int[] s) {
        int[] copy = s.clone();
        boolean enabled;
        try {
            enabled = stepper.enabled(g, s);
        } catch (StepFailure f) {
            return new Outcome(true, null, failure(f));
        }
        int[][] out = new int[1][];
        try {
            stepper.next(g, s, (group, succ) -> out[0] = succ.clone());
        } catch (StepFailure f) {
            return new Outcome(enabled, null, failure(f));
        }
        assertArrayEquals(copy, s, "the source state is not modified");
        return new Outcome(enabled, out[0], null);
    }

    /** The interpreter, without the stepper's resetting of temporaries. */
    private static Outcome fireRaw(Group group, int[] s, Action.Scratch scratch) {
        boolean enabled;
        try {
            enabled = group.enabledIn(s);
        } catch (StepFailure f) {
            return new Outcome(true, null, failure(f));
        }
        if (!enabled) {
            return new Outcome(false, null, null);
        }
        int[] w = s.clone();
        try {
            Actions.run(group.actions(), w, scratch);
        } catch (StepFailure f) {
            return new Outcome(true, null, failure(f));
        }
        return new Outcome(true, w, null);
    }

    private static Outcome fireWhole(StepCode[] code, int g, int[] s, Action.Scratch scratch) {
        StepCode chunk = code[g / StepCompiler.CHUNK];
        int local = g % StepCompiler.CHUNK;
        boolean enabled;
        try {
            enabled = chunk.enabled(local, s);
        } catch (StepFailure f) {
            return new Outcome(true, null, failure(f));
        }
        if (!enabled) {
            return new Outcome(false, null, null);
        }
        int[] w = s.clone();
        try {
            chunk.run(local, w, scratch);
        } catch (StepFailure f) {
            return new Outcome(true, null, failure(f));
        }
        return new Outcome(true, w, null);
    }

    private static String failure(StepFailure f) {
        return f.property() + ": " + f.getMessage() + " at " + f.where();
    }

    private static List<Integer> key(int[] s) {
        List<Integer> k = new ArrayList<>(s.length);
        for (int v : s) {
            k.add(v);
        }
        return k;
    }
}
