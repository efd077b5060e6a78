package ptecheck.lang.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel primitives a spec can call ({@code trylock}, {@code synchronize_rcu}, ...), as
 * declared in the checker's prelude resource {@code ptecheck/prelude.ptm}: each one's
 * signature, documentation and the class that lowers it. The front end uses the declarations
 * (a spec cannot reuse a primitive's name); {@code compile.Primitives} pairs each with its
 * lowering. A malformed prelude is a bug in the checker, not in a spec, and fails loudly.
 */
public final class Prelude {
    /** The resource the declarations are read from. */
    public static final String RESOURCE = "/ptecheck/prelude.ptm";

    /** One parameter: its name and kind ({@code spinlock}, {@code rwsem}, {@code bool}, ...). */
    public record Param(String name, String kind, boolean variadic) {}

    /**
     * One primitive.
     *
     * @param result the result type ({@code bool}), or null for none
     * @param onCpu only code bound to a CPU may call it
     * @param waits it can block, so it is a statement of its own
     * @param inAgents agents' rules (and RCU callbacks) may call it; otherwise kernel code only
     * @param lowering the class in {@code ptecheck.compile} that lowers it, {@code Outer.Inner} for a
     *     nested one; null for a builtin function, which the expression compiler lowers
     * @param line the prelude line it is declared on
     */
    public record Primitive(String name, List<Param> params, String result, boolean onCpu, boolean waits,
                            boolean inAgents, String lowering, String doc, int line) {
        /** A builtin function ({@code in_kernel(c)}), called in expressions; not a statement. */
        public boolean function() {
            return lowering == null;
        }

        /** True when the last parameter takes any number of arguments. */
        public boolean variadic() {
            return !params.isEmpty() && params.get(params.size() - 1).variadic();
        }

        /** The signature as a spec calls it: {@code trylock(l: spinlock) -> bool}. */
        public String signature() {
            StringBuilder b = new StringBuilder(name).append('(');
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                b.append(i == 0 ? "" : ", ").append(p.name()).append(": ").append(p.kind()).append(p.variadic() ? "..." : "");
            }
            return b.append(')').append(result == null ? "" : " -> " + result).toString();
        }
    }

    private static final Pattern DECL = Pattern.compile(
            "(primitive|function)\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*(?:->\\s*(\\w+))?((?:\\s+(?:on\\s+cpu|waits|in\\s+agents))*)"
                    + "(?:\\s+by\\s+([\\w.]+))?");
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*:\\s*(\\w+)(\\.\\.\\.)?");

    private static Prelude standard;

    private final Map<String, Primitive> primitives;

    private Prelude(Map<String, Primitive> primitives) {
        this.primitives = Collections.unmodifiableMap(primitives);
    }

    /** The prelude shipped with the checker. */
    public static synchronized Prelude standard() {
        if (standard == null) {
            try (InputStream in = Prelude.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the checker's prelude " + RESOURCE + " is missing");
                }
                standard = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE, e);
            }
        }
        return standard;
    }

    /** Parses prelude text; throws IllegalStateException, naming the line, on anything malformed. */
    public static Prelude parse(String text) {
        Map<String, Primitive> out = new LinkedHashMap<>();
        StringBuilder doc = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("///")) {
                doc.append(doc.length() == 0 ? "" : " ").append(line.substring(3).strip());
                continue;
            }
            if (line.isEmpty() || line.startsWith("//")) {
                doc.setLength(0);
                continue;
            }
            Matcher m = DECL.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": not a primitive declaration: " + line);
            }
            List<Param> params = new ArrayList<>();
            String list = m.group(3).strip();
            if (!list.isEmpty()) {
                for (String p : list.split(",")) {
                    Matcher pm = PARAM.matcher(p.strip());
                    if (!pm.matches() || !params.isEmpty() && params.get(params.size() - 1).variadic()) {
                        throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": bad parameter '" + p.strip() + "'");
                    }
                    params.add(new Param(pm.group(1), pm.group(2), pm.group(3) != null));
                }
            }
            String flags = m.group(5);
            boolean function = m.group(1).equals("function");
            if (function == (m.group(6) != null)) {
                throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": a primitive names its lowering ('by CLASS'), "
                        + "a function does not (the expression compiler lowers it)");
            }
            if (function ? m.group(4) == null : m.group(4) != null && !m.group(4).equals("bool") && !m.group(4).equals("value")) {
                throw new IllegalStateException(RESOURCE + ":" + (i + 1)
                        + ": primitives return bool, value (the type of their memory argument) or nothing; functions return a value");
            }
            if (doc.length() == 0) {
                throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": '" + m.group(2) + "' has no /// documentation");
            }
            Primitive p = new Primitive(m.group(2), List.copyOf(params), m.group(4), flags.matches(".*on\\s+cpu.*"),
                    flags.contains("waits"), flags.matches(".*in\\s+agents.*"), m.group(6), doc.toString(), i + 1);
            if (out.put(p.name(), p) != null) {
                throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": '" + p.name() + "' is declared twice");
            }
            doc.setLength(0);
        }
        return new Prelude(out);
    }

    /** The primitive of that name, or null. */
    public Primitive get(String name) {
        return primitives.get(name);
    }

    public boolean declares(String name) {
        return primitives.containsKey(name);
    }

    public Collection<Primitive> all() {
        return primitives.values();
    }
}
