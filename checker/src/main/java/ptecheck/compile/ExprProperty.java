package ptecheck.compile;

import java.util.BitSet;
import ptecheck.ts.SourceRef;
import ptecheck.ts.StateProperty;

/**
 * An invariant or at-end property compiled to a boolean expression. {@code scope}, when not
 * null, is when the property can be violated at all (for an at-end property: every kernel
 * process has finished); {@code cond} must hold wherever the scope does not.
 *
 * <p>{@code antecedent}, when not null, is the left side of the property's top-level
 * {@code implies} ({@code antecedentText} as written). {@code seen} records, over every state
 * the property is checked on, whether the scope and the antecedent were ever true: a property
 * whose scope is never reached, or whose antecedent is never true, holds vacuously
 * ({@link #vacuity()}). Recording stops once both were seen, so it costs one or two expression
 * evaluations per state only while the property is still vacuous.
 */
record ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond, IntExpr scope,
                    IntExpr antecedent, String antecedentText, Seen seen)
        implements StateProperty {
    ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond) {
        this(name, kind, where, text, cond, null);
    }

    ExprProperty(String name, Kind kind, SourceRef where, String text, IntExpr cond, IntExpr scope) {
        this(name, kind, where, text, cond, scope, null, null, new Seen());
    }

    /**
     * What the searches have seen so far. Written by any search thread, only from false to
     * true: a lost race writes the same value again, and the search's end orders the writes
     * before the report reads them.
     */
    static final class Seen {
        boolean scope;
        boolean antecedent;
    }

    @Override
    public String vacuity() {
        if (scope != null && !seen.scope) {
            return "at end " + name + " was never checked: no explored state has every kernel process finished";
        }
        if (antecedent != null && !seen.antecedent) {
            return name + " holds vacuously: the left side of its 'implies', " + antecedentText
                    + ", is never true" + (scope != null ? " at the end" : "") + " in the explored states";
        }
        return null;
    }

    private void observe(int[] state) {
        boolean inScope = scope == null || scope.eval(state) != 0;
        if (inScope) {
            seen.scope = true;
            if (antecedent != null && !seen.antecedent && antecedent.eval(state) != 0) {
                seen.antecedent = true;
            }
        }
    }

    @Override
    public boolean inScope(int[] state) {
        return scope == null || scope.eval(state) != 0;
    }

    @Override
    public BitSet scopeReads() {
        if (scope == null) {
            return null;
        }
        BitSet out = new BitSet();
        scope.reads(out);
        return out;
    }

    @Override
    public ptecheck.ts.Conjunction scopeConjunction() {
        return scope == null ? null : ExprConjunction.split(scope);
    }

    @Override
    public boolean holds(int[] state) {
        try {
            if (!seen.scope || antecedent != null && !seen.antecedent) {
                observe(state);
            }
            return cond.eval(state) != 0;
        } catch (ptecheck.ts.StepFailure e) {
            return false; // the property itself reads something that is not there (a none): it does not hold
        }
    }

    @Override
    public BitSet reads() {
        BitSet out = new BitSet();
        cond.reads(out);
        return out;
    }
}
