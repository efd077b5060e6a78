package ptecheck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import ptecheck.lang.check.Symbols;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.SpecException;

/**
 * The {@code --json} summaries, written with Jackson from maps and lists (one line each); and
 * the pieces every command's summary shares: errors as objects, const values typed.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A spec's errors as {@code {"file", "line", "col", "message", "hint"}} objects: line and
     * column 1-based as in the text report; file, line and col null for an error in the command
     * line's values ({@code -D CPUS=0}); hint null when there is none.
     */
    static List<Map<String, Object>> errors(SpecException e) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) {
            boolean commandLine = d.pos() == null || d.pos().equals(Symbols.COMMAND_LINE);
            out.add(error(commandLine ? null : d.pos().file(), commandLine ? null : d.pos().line(),
                    commandLine ? null : d.pos().col() + 1, d.message(), d.hint()));
        }
        return out;
    }

    static Map<String, Object> error(String file, Integer line, Integer col, String message, String hint) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", line);
        m.put("col", col);
        m.put("message", message);
        m.put("hint", hint);
        return m;
    }

    /** The summary of a command that did not run: its options or arguments are wrong. */
    static Map<String, Object> usageError(String message, String hint) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", "usage_error");
        m.put("errors", List.of(error(null, null, null, message, hint)));
        return m;
    }

    /**
     * Reports a usage error found after parsing: on standard error as {@code ptecheck: message},
     * and with {@code --json} also as a summary on standard output. Returns the exit code.
     */
    static int usageError(boolean json, PrintWriter out, PrintWriter err, String message) {
        err.println("ptecheck: " + message);
        err.flush();
        if (json) {
            out.println(write(usageError(message, null)));
            out.flush();
        }
        return ExitCode.ERROR;
    }

    /**
     * A const's value as written on the command line, typed: {@code true}/{@code false} as a
     * boolean, digits as a number, anything else (an enum member) as a string. Unambiguous:
     * an enum member is an identifier, never a number or a keyword.
     */
    static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        if (INTEGER.matcher(value).matches() && value.length() < 10) {
            return Integer.valueOf(value);
        }
        return value;
    }

    static Map<String, Object> typed(Map<String, String> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, typed(v)));
        return out;
    }
}
