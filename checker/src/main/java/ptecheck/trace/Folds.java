package ptecheck.trace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Runs of steps left out by a slice, each told in one line: {@code ... 3 steps of CPU 1 not involved}. */
final class Folds {
    private Folds() {}

    /** The steps of {@code trace}, with each run of steps that {@code options} hides as one {@link Fold}. */
    static List<Object> items(Trace trace, RenderOptions options) {
        List<Object> out = new ArrayList<>();
        List<Step> run = new ArrayList<>();
        for (Step s : trace.steps()) {
            // A lasso's cycle is never folded: which steps it takes is what makes it fair.
            if (options.shows(s.index()) || (trace.lasso() && s.index() > trace.loop())) {
                if (!run.isEmpty()) {
                    out.add(new Fold(List.copyOf(run)));
                    run.clear();
                }
                out.add(s);
            } else {
                run.add(s);
            }
        }
        if (!run.isEmpty()) {
            out.add(new Fold(List.copyOf(run)));
        }
        return out;
    }

    /** Consecutive steps not involved in the violation. */
    record Fold(List<Step> steps) {
        /** {@code ... 3 steps of CPU 1 not involved}, {@code ... 1 step of CPU 0 and writeback not involved}. */
        String line() {
            Set<String> who = new LinkedHashSet<>();
            for (Step s : steps) {
                who.add(s.info().cpu() >= 0 ? "CPU " + s.info().cpu() : s.info().actor());
            }
            List<String> names = new ArrayList<>(who);
            String list = names.size() == 1 ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
            return "... " + steps.size() + (steps.size() == 1 ? " step of " : " steps of ") + list + " not involved";
        }
    }
}
