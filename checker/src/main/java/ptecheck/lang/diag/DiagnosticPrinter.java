package ptecheck.lang.diag;

/**
 * Renders a diagnostic the way compilers do:
 * <pre>
 * specs/x.ptm:12:9: error: variable 'old' is not defined
 *    12 |   pt[p] = old with { write: false }
 *       |           ^
 *   hint: declare it with 'var old: pte'
 * </pre>
 */
public final class DiagnosticPrinter {
    private DiagnosticPrinter() {}

    public static String render(Diagnostic d, SourceFiles sources) {
        StringBuilder sb = new StringBuilder();
        // Errors that belong to no line (command-line options, unreadable files) have line 0.
        String where = d.pos().line() > 0 ? d.pos().toString()
                : d.pos().file().startsWith("<") ? "ptecheck" : d.pos().file();
        sb.append(where).append(": error: ").append(d.message()).append('\n');
        String line = sources == null ? null : sources.line(d.pos().file(), d.pos().line());
        if (line != null) {
            String num = String.valueOf(d.pos().line());
            String gutter = " ".repeat(Math.max(0, 5 - num.length()));
            String expanded = line.replace('\t', ' ');
            sb.append(gutter).append(num).append(" | ").append(expanded).append('\n');
            sb.append("      | ").append(" ".repeat(Math.max(0, Math.min(d.pos().col(), expanded.length()))))
                    .append("^\n");
        }
        if (d.hint() != null) {
            sb.append("  hint: ").append(d.hint()).append('\n');
        }
        return sb.toString();
    }
}
