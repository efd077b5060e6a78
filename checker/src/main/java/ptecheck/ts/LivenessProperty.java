package ptecheck.ts;

import java.util.BitSet;

/**
 * A property of infinite runs, checked over the whole state graph under the system's
 * {@link Fairness} constraints. Three fixed forms, each violated by a fair lasso:
 * <ul>
 * <li>{@link Form#EVENTUALLY} {@code eventually P}: some fair run from an initial state never
 *     reaches a state where {@code P} holds;
 * <li>{@link Form#ALWAYS_EVENTUALLY} {@code always eventually P}: some fair run ends in a cycle
 *     (or a state where nothing can move) where {@code P} never holds;
 * <li>{@link Form#LEADS_TO} {@code P leads_to Q}: some fair run reaches a state where {@code P}
 *     holds and from there never reaches one where {@code Q} holds.
 * </ul>
 * A run that reaches a state without successors stays there forever (it stutters).
 *
 * @param p the condition of {@code eventually} and {@code always eventually}, the left side of
 *     {@code leads_to}
 * @param q the right side of {@code leads_to}; null for the other forms
 * @param reads the slots {@code p} and {@code q} read, or null when unknown
 */
public record LivenessProperty(String name, Form form, SourceRef where, String text, Condition p, Condition q,
                               BitSet reads) {

    /** The three forms. */
    public enum Form {
        EVENTUALLY("eventually"), ALWAYS_EVENTUALLY("always eventually"), LEADS_TO("leads_to");

        private final String word;

        Form(String word) {
            this.word = word;
        }

        /** As written in a spec. */
        public String word() {
            return word;
        }
    }

    /** A condition over a state. */
    @FunctionalInterface
    public interface Condition {
        boolean holds(int[] state);
    }

    public LivenessProperty {
        if ((form == Form.LEADS_TO) != (q != null)) {
            throw new IllegalArgumentException(form + " takes " + (form == Form.LEADS_TO ? "two conditions" : "one"));
        }
    }

    /** The states a violating run must stay in once it has started its violation: not P, or not Q for leads_to. */
    public boolean avoided(int[] state) {
        return form == Form.LEADS_TO ? !q.holds(state) : !p.holds(state);
    }

    /** The states where a violation can start (reached from an initial state by any path for the last two forms). */
    public boolean starts(int[] state) {
        return form == Form.LEADS_TO ? p.holds(state) && !q.holds(state) : !p.holds(state);
    }
}
