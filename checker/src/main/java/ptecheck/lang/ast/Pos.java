package ptecheck.lang.ast;

/** A source position: file as given to the user, 1-based line, 0-based column. */
public record Pos(String file, int line, int col) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + (col + 1);
    }
}
