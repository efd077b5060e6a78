package ptecheck.lang.check;

import java.util.List;
import java.util.Map;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.lang.diag.SpecException;

/**
 * The front end's checks, in order. Model interfaces come first and alone: a spec that lacks
 * what a model requires gets one error at its {@code uses} line, not the errors the model's
 * code would cause. The other passes all run, so one run reports every independent error.
 * Lowering ({@code compile}) runs only on a program these passes accept, and reports only what
 * depends on a configuration's values.
 */
public final class Checker {
    private Checker() {}

    /** The passes after the model interfaces, in the order they run. */
    public static List<CheckPass> passes() {
        return List.of(new TypeCheck(), new StructureCheck(), new GhostCheck(), new ReturnCheck(), new LockNestingCheck());
    }

    /** Checks {@code units} (models first, the spec last); throws every error found. */
    public static void check(SourceUnit spec, List<SourceUnit> units) throws SpecException {
        Diagnostics interfaces = new Diagnostics();
        // Errors in the declarations themselves are the other passes' to report.
        Program unchecked = new Program(spec, units, new Symbols(units, Map.of(), new Diagnostics()));
        new ModelInterfaceCheck().check(unchecked, interfaces);
        interfaces.throwIfAny();
        Diagnostics diags = new Diagnostics();
        Program program = new Program(spec, units, new Symbols(units, Map.of(), diags));
        for (CheckPass pass : passes()) {
            pass.check(program, diags);
        }
        diags.throwIfAny();
    }
}
