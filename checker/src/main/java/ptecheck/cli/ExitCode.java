package ptecheck.cli;

/** Exit codes, for CI: they are part of the command-line contract. */
public final class ExitCode {
    /** Checked, and nothing wrong (for {@code test}: every expectation met). */
    public static final int OK = 0;
    /** A violation (for {@code test}: an expectation not met). */
    public static final int VIOLATION = 1;
    /** Bad usage or an error in a spec. */
    public static final int ERROR = 2;
    /** A bound (states, memory, time) was hit before the search finished. */
    public static final int INCOMPLETE = 3;

    private ExitCode() {}
}
