package ptecheck.lang.diag;

import java.util.HashMap;
import java.util.Map;

/** The text of every file loaded for a spec, so diagnostics can quote the offending line. */
public final class SourceFiles {
    private final Map<String, String[]> lines = new HashMap<>();

    public void add(String file, String text) {
        lines.put(file, text.split("\r\n|\r|\n", -1));
    }

    /** The 1-based line of a file, or null when unknown. */
    public String line(String file, int line) {
        String[] l = lines.get(file);
        if (l == null || line < 1 || line > l.length) {
            return null;
        }
        return l[line - 1];
    }
}
