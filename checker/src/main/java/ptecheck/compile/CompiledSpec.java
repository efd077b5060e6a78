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
 */
public record CompiledSpec(String name, TransitionSystem system, Map<String, String> config, Decl.Expect expectation,
                           SourceFiles sources) {}
