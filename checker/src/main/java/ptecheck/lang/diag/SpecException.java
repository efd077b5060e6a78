package ptecheck.lang.diag;

import java.util.List;

/** A spec could not be loaded: carries every diagnostic found, in source order. */
public final class SpecException extends Exception {
    private final List<Diagnostic> diagnostics;
    private final transient SourceFiles sources;
    private final boolean incomplete;

    public SpecException(List<Diagnostic> diagnostics) {
        this(diagnostics, null);
    }

    /** With the text of the files involved, so the printer can quote the offending lines. */
    public SpecException(List<Diagnostic> diagnostics, SourceFiles sources) {
        this(diagnostics, sources, false);
    }

    /** {@code incomplete}: the spec is not wrong, but too large to check within the bounds given (exit 3). */
    public SpecException(List<Diagnostic> diagnostics, SourceFiles sources, boolean incomplete) {
        super(diagnostics.isEmpty() ? "spec error" : diagnostics.get(0).message(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
        this.sources = sources;
        this.incomplete = incomplete;
    }

    /** True when a size bound, not an error in the spec, stopped it. */
    public boolean incomplete() {
        return incomplete;
    }

    /** The loaded files' text, or null when unknown. */
    public SourceFiles sources() {
        return sources;
    }

    public SpecException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
