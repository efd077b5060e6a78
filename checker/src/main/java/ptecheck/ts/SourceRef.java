package ptecheck.ts;

/** A position in a spec or model file, as the user should see it ({@code file:line:col}). */
public record SourceRef(String file, int line, int column) {
    public static final SourceRef NONE = new SourceRef("", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
