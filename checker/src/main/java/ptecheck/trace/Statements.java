package ptecheck.trace;

import java.util.regex.Pattern;

/** Reads the statement texts of groups ({@link ptecheck.ts.GroupInfo#text}) for diagrams. */
final class Statements {
    private Statements() {}

    /** A call as a statement: {@code [var] [target =] name(args)}. */
    private static final Pattern CALL =
            Pattern.compile("(var\\s+)?([A-Za-z_][\\w.\\[\\]]*\\s*=\\s*)?[A-Za-z_]\\w*\\s*\\(.*\\)");

    /** A step of an inlined procedure: the call as written at the call site, and the callee's statement. */
    record Call(String site, String statement) {}

    /**
     * Splits the text of a step inside an inlined procedure, which the compiler writes as
     * {@code "<call site> > <callee statement>"}; null for any other statement.
     *
     * <p>LIMITATION: the text alone does not say whether it came from a call. The split is at the
     * first {@code " > "} outside brackets, and only when what precedes it is a call statement; a
     * plain statement such as {@code x = f(y) > z} would be misread as a call of {@code f}.
     */
    static Call call(String text) {
        int depth = 0;
        for (int i = 0; i + 3 <= text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && text.startsWith(" > ", i)) {
                String site = text.substring(0, i).strip();
                if (CALL.matcher(site).matches()) {
                    return new Call(site, text.substring(i + 3).strip());
                }
                return null;
            }
        }
        return null;
    }

    /** A statement as a kernel developer would write it: no {@code var} in declarations. */
    static String plain(String statement) {
        return statement.startsWith("var ") ? statement.substring(4).strip() : statement;
    }
}
