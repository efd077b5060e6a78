package ptecheck.ts;

/**
 * Firing a group broke a rule of the spec. This is a finding about the spec, reported as a
 * violation with the trace that leads to the failing step, not a crash of the checker.
 * Thrown only on that rare path, never for ordinary control flow.
 */
public final class StepFailure extends RuntimeException {
    private final String property;
    private final SourceRef where;

    public StepFailure(String property, String message, SourceRef where) {
        super(message, null, false, false);
        this.property = property;
        this.where = where;
    }

    /** Name under which the failure is reported and matched by {@code expect violation NAME}. */
    public String property() {
        return property;
    }

    public SourceRef where() {
        return where;
    }
}
