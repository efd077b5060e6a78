package ptecheck.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ptecheck.ts.Counterexample;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;
import ptecheck.ts.StepFailure;
import ptecheck.ts.Stepper;
import ptecheck.ts.TransitionSystem;

/**
 * Random walks (TLC's {@code -simulate}, SPIN's random simulation): from an initial state
 * picked at random, each step fires one of the enabled transitions picked uniformly (a failing
 * step counts as one), up to a depth. Every state walked through is checked for the properties,
 * a state without transitions that is not terminal is a deadlock, and a failing step is
 * reported, each with the walk so far as its trace. A walk ends at a terminal state without
 * transitions or at the depth.
 *
 * <p>The walks depend only on the seed: the same seed gives the same walks, so the same trace.
 * Simulation is a partial search: finding nothing ends {@link Outcome#INCOMPLETE} (stop reason
 * {@code "simulation"}). It does not run the progress check or the whole-search analyses
 * (lock order), which need the explored graph.
 */
public final class Simulation {

    /**
     * @param runs walks to make
     * @param depth steps per walk at most
     * @param seed what the walks are drawn from
     * @param checkDeadlock report a non-terminal state without transitions
     */
    public record Options(int runs, int depth, long seed, boolean checkDeadlock) {
        public Options {
            if (runs < 1 || depth < 0) {
                throw new IllegalArgumentException("runs must be at least 1 and depth at least 0");
            }
        }
    }

    /**
     * What the walks did.
     *
     * @param walks walks finished or cut by the violation
     * @param steps transitions fired over all walks
     * @param result the verdict; its statistics count steps as {@code generated} and states
     *     walked through (with repeats) as {@code distinct}
     */
    public record Report(int walks, long steps, SearchResult result) {}

    private final TransitionSystem ts;
    private final Options options;

    public Simulation(TransitionSystem ts, Options options) {
        this.ts = ts;
        this.options = options;
    }

    public Report run() {
        long start = System.nanoTime();
        List<int[]> initial = new ArrayList<>();
        ts.initialStates((g, s) -> initial.add(s.clone()));
        StateProperty[] properties = ts.properties().toArray(new StateProperty[0]);
        SplittableRandom random = new SplittableRandom(options.seed());
        Stepper stepper = ts.stepper();
        int groups = ts.groupCount();
        long steps = 0;
        long visited = 0;
        int deepest = 0;
        // The transitions enabled in the current state: the successors, and the groups that fail.
        List<int[]> next = new ArrayList<>();
        List<Integer> nextGroup = new ArrayList<>();
        List<StepFailure> failures = new ArrayList<>();
        List<Integer> failureGroup = new ArrayList<>();
        for (int walk = 0; walk < options.runs(); walk++) {
            List<int[]> states = new ArrayList<>();
            List<Integer> fired = new ArrayList<>();
            states.add(initial.get(random.nextInt(initial.size())));
            while (true) {
                int[] state = states.get(states.size() - 1);
                visited++;
                deepest = Math.max(deepest, fired.size());
                StateProperty p = Counterexamples.firstViolated(properties, state);
                if (p != null) {
                    List<String> blocked = p.kind() == StateProperty.Kind.DEADLOCK ? ts.describeBlocked(state) : List.of();
                    return found(walk, steps, visited, deepest, start, new Counterexample(p.name(), p.kind(), p.where(),
                            p.text(), "", states, fired, -1, blocked));
                }
                if (fired.size() >= options.depth()) {
                    break;
                }
                next.clear();
                nextGroup.clear();
                failures.clear();
                failureGroup.clear();
                for (int g = 0; g < groups; g++) {
                    int group = g;
                    int before = next.size();
                    try {
                        stepper.next(g, state, (gg, s) -> {
                            next.add(s.clone());
                            nextGroup.add(group);
                        });
                    } catch (StepFailure f) {
                        // The failing firing is one transition; successors it offered first are dropped.
                        while (next.size() > before) {
                            next.remove(next.size() - 1);
                            nextGroup.remove(nextGroup.size() - 1);
                        }
                        failures.add(f);
                        failureGroup.add(g);
                    }
                }
                int choices = next.size() + failures.size();
                if (choices == 0) {
                    if (options.checkDeadlock() && !ts.isTerminal(state)) {
                        return found(walk, steps, visited, deepest, start, new Counterexample(Counterexample.DEADLOCK,
                                StateProperty.Kind.DEADLOCK, SourceRef.NONE, Counterexamples.DEADLOCK_TEXT, "", states,
                                fired, -1, ts.describeBlocked(state)));
                    }
                    break;
                }
                int pick = random.nextInt(choices);
                steps++;
                if (pick >= next.size()) {
                    StepFailure f = failures.get(pick - next.size());
                    int g = failureGroup.get(pick - next.size());
                    return found(walk, steps, visited, deepest, start, new Counterexample(f.property(),
                            StateProperty.Kind.ASSERTION, f.where(), ts.group(g).text(),
                            f.getMessage() == null ? "" : f.getMessage(), states, fired, g, List.of()));
                }
                states.add(next.get(pick));
                fired.add(nextGroup.get(pick));
            }
        }
        Stats stats = stats(steps, visited, deepest, start, "simulation");
        return new Report(options.runs(), steps, new SearchResult(Outcome.INCOMPLETE, stats, null));
    }

    private Report found(int walk, long steps, long visited, int deepest, long start, Counterexample cx) {
        Stats stats = stats(steps, visited, deepest, start, "");
        return new Report(walk + 1, steps, new SearchResult(Outcome.VIOLATION, stats, cx));
    }

    private static Stats stats(long steps, long visited, int deepest, long start, String stopReason) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Stats(steps, visited, deepest, millis, 0, 1, StoreKind.EXACT, 0, 0, 0, 0, 0, 0, stopReason);
    }
}
