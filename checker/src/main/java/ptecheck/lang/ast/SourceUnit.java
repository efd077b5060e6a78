package ptecheck.lang.ast;

import java.util.List;

/** One parsed file: a spec ({@code spec NAME}) or a model library ({@code model NAME}). */
public record SourceUnit(Pos pos, boolean model, String name, List<Decl> decls) {}
