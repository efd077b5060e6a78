package ptecheck.lang.diag;

import ptecheck.lang.ast.Pos;

/** One error in a spec: where, what, and (when obvious) how to fix it. {@code hint} may be null. */
public record Diagnostic(Pos pos, String message, String hint) {}
