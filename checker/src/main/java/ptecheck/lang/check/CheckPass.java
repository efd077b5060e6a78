package ptecheck.lang.check;

import ptecheck.lang.diag.Diagnostics;

/**
 * One check over a whole program (a spec and the models it uses), made before any
 * configuration is chosen: every branch is checked whatever the constants. A pass checks one
 * thing and reports through {@link Diagnostics}; {@link Checker} runs the passes in order.
 */
public interface CheckPass {
    /** Short name, for messages about the pass itself. */
    String name();

    void check(Program program, Diagnostics diags);
}
