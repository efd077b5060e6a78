package ptecheck.compile;

import java.util.Map;
import ptecheck.lang.ast.Decl;
import ptecheck.lang.diag.SourceFiles;
import ptecheck.ts.TransitionSystem;

/**
 * A spec compiled in one configuration.
 *
 * @param name the spec's name
 * @param config the const values of this configuration, by name, as the user would write them
 * @param expectation the first {@code expect} clause that applies to this configuration, or null
 * @param constants the consts of {@code config}, in its order, with typed values
 */
public record CompiledSpec(String name, TransitionSystem system, Map<String, String> config, Decl.Expect expectation,
                           SourceFiles sources, java.util.List<Constant> constants) {

    public CompiledSpec {
        constants = java.util.List.copyOf(constants);
    }

    /**
     * The failing step under which a weak memory model reports a CPU that issued an operation
     * with its buffer full ({@code memory tso(N)}, {@code memory arm64(N)}): not a finding about
     * the spec but the bound cutting the search, which is then incomplete.
     */
    public static final String BUFFER_BOUND = "buffer_bound";

    /**
     * A const of the configuration.
     *
     * @param value its value: an {@link Integer}, a {@link Boolean}, or an enum member's name
     * @param derived true when the spec computes it from other consts ({@code const TOP = TABLES}):
     *     it follows them, so a command line that repeats the run does not pin it
     */
    public record Constant(String name, Object value, boolean derived) {}

    /** The consts' typed values by name (numbers, booleans, enum members' names), for JSON and ITF. */
    public Map<String, Object> typedConfig() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        constants.forEach(c -> out.put(c.name(), c.value()));
        return out;
    }

    /** The CPU group {@code g}'s actor runs on, or -1 when it is not bound to a CPU. */
    public int cpuOf(int g) {
        return system instanceof CompiledSystem c ? c.cpuOf(g) : -1;
    }

    /**
     * This spec with its steps interpreted rather than compiled to bytecode ({@code --interpret}):
     * slower, the reference the compiled steps are tested against.
     */
    public CompiledSpec interpreted() {
        return system instanceof CompiledSystem c ? new CompiledSpec(name, c.interpreted(), config, expectation, sources,
                constants)
                : this;
    }

    /** True when group {@code g} is a kernel statement, false for hardware or other agents' rules. */
    public boolean isKernel(int g) {
        return system instanceof CompiledSystem c && c.isKernel(g);
    }
}
