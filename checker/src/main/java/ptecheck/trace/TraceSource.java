package ptecheck.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trace comes from, for formats that carry it (JSON, HTML) so the trace can be replayed.
 *
 * @param spec the spec's name
 * @param file the spec file as given on the command line
 * @param config the const values of the configuration checked, by name, as text ({@code -D} values)
 * @param params the same values typed: {@link Integer}, {@link Boolean}, or an enum member's name
 */
public record TraceSource(String spec, String file, Map<String, String> config, Map<String, Object> params) {
    public TraceSource {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A source whose values are known only as text (the ITF then writes them as strings). */
    public TraceSource(String spec, String file, Map<String, String> config) {
        this(spec, file, config, new LinkedHashMap<>(config));
    }
}
