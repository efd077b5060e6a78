package ptecheck.lang;

import java.util.ArrayList;
import java.util.List;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.diag.SourceFiles;

/**
 * What the front end hands on: a spec and its models in load order (a model before the files
 * that use it), with their sources for diagnostics. The compiler takes this, never the parser.
 */
public record LoadedSpec(SourceUnit spec, List<SourceUnit> models, SourceFiles sources) {
    public List<SourceUnit> all() {
        List<SourceUnit> all = new ArrayList<>(models);
        all.add(spec);
        return all;
    }
}
