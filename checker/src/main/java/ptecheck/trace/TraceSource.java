package ptecheck.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import ptecheck.ts.SourceRef;

/**
 * Where a trace comes from, for formats that carry it (JSON, HTML) so the trace can be replayed.
 *
 * @param spec the spec's name
 * @param file the spec file as given on the command line
 * @param config the const values of the configuration checked, by name, as text ({@code -D} values)
 * @param params the same values typed: {@link Integer}, {@link Boolean}, or an enum member's name
 * @param version the tool's version line ({@code ptecheck 0.1.0 (commit ...)}), or empty
 * @param reproduce the command that finds the trace again, or empty
 * @param sourceLine the source line at a position, or null when it cannot be read
 */
public record TraceSource(String spec, String file, Map<String, String> config, Map<String, Object> params,
                          String version, String reproduce, Function<SourceRef, String> sourceLine) {
    public TraceSource {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        sourceLine = sourceLine == null ? where -> null : sourceLine;
    }

    /** A source whose values are known only as text (the ITF then writes them as strings). */
    public TraceSource(String spec, String file, Map<String, String> config) {
        this(spec, file, config, new LinkedHashMap<>(config), "", "", null);
    }

    /** A source with typed values, no version, reproduce command or source lines. */
    public TraceSource(String spec, String file, Map<String, String> config, Map<String, Object> params) {
        this(spec, file, config, params, "", "", null);
    }

    /** A source whose values are known only as text, with the version, command and source lines (HTML). */
    public TraceSource(String spec, String file, Map<String, String> config, String version, String reproduce,
                       Function<SourceRef, String> sourceLine) {
        this(spec, file, config, new LinkedHashMap<>(config), version, reproduce, sourceLine);
    }
}
