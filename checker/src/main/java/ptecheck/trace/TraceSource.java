package ptecheck.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trace comes from, for formats that carry it (JSON, HTML) so the trace can be replayed.
 *
 * @param spec the spec's name
 * @param file the spec file as given on the command line
 * @param config the const values of the configuration checked, by name
 */
public record TraceSource(String spec, String file, Map<String, String> config) {
    public TraceSource {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
