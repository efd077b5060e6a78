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
 * @param config the const values of the configuration checked, by name
 * @param version the tool's version line ({@code ptecheck 0.1.0 (commit ...)}), or empty
 * @param reproduce the command that finds the trace again, or empty
 * @param sourceLine the source line at a position, or null when it cannot be read
 */
public record TraceSource(String spec, String file, Map<String, String> config, String version, String reproduce,
                          Function<SourceRef, String> sourceLine) {
    public TraceSource {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        sourceLine = sourceLine == null ? where -> null : sourceLine;
    }

    public TraceSource(String spec, String file, Map<String, String> config) {
        this(spec, file, config, "", "", null);
    }
}
