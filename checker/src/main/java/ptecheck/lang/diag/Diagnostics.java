package ptecheck.lang.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import ptecheck.lang.ast.Pos;

/** Collects diagnostics so that one run reports every independent error, not just the first. */
public final class Diagnostics {
    private final List<Diagnostic> list = new ArrayList<>();

    public void error(Pos pos, String message) {
        error(pos, message, null);
    }

    public void error(Pos pos, String message, String hint) {
        Diagnostic d = new Diagnostic(pos, message, hint);
        if (!list.contains(d)) {
            list.add(d);
        }
    }

    public boolean hasErrors() {
        return !list.isEmpty();
    }

    public List<Diagnostic> all() {
        return List.copyOf(list);
    }

    /** Throws the collected errors, sorted by position, if there are any. */
    public void throwIfAny() throws SpecException {
        if (!list.isEmpty()) {
            List<Diagnostic> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing((Diagnostic d) -> d.pos().file())
                    .thenComparingInt(d -> d.pos().line())
                    .thenComparingInt(d -> d.pos().col()));
            throw new SpecException(sorted);
        }
    }
}
