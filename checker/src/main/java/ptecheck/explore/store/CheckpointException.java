package ptecheck.explore.store;

/**
 * A checkpoint that cannot be used: not one, written by another format version, truncated or
 * corrupt, or of another spec or other flags. The message says what is wrong with the file and
 * the hint what to do; nothing of the file has been used.
 */
public final class CheckpointException extends RuntimeException {
    private final String file;
    private final String hint;

    public CheckpointException(String file, String message, String hint) {
        super(message);
        this.file = file;
        this.hint = hint;
    }

    /** The file the problem is in. */
    public String file() {
        return file;
    }

    public String hint() {
        return hint;
    }

    /** {@code file: message; hint: hint}, on one line. */
    public String line() {
        return file + ": " + getMessage() + (hint == null || hint.isEmpty() ? "" : "; hint: " + hint);
    }
}
