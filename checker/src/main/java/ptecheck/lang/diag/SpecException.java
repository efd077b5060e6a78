package ptecheck.lang.diag;

import java.util.List;

/** A spec could not be loaded: carries every diagnostic found, in source order. */
public final class SpecException extends Exception {
    private final List<Diagnostic> diagnostics;
    private final transient SourceFiles sources;

    public SpecException(List<Diagnostic> diagnostics) {
        this(diagnostics, null);
    }

    /** With the text of the files involved, so the printer can quote the offending lines. */
    public SpecException(List<Diagnostic> diagnostics, SourceFiles sources) {
        super(diagnostics.isEmpty() ? "spec error" : diagnostics.get(0).message(), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
        this.sources = sources;
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
