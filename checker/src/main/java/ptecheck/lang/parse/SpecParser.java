package ptecheck.lang.parse;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import ptecheck.grammar.PtmLexer;
import ptecheck.grammar.PtmParser;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.lang.diag.SpecException;

/** Parses one file's text into a {@link SourceUnit}, or reports its syntax errors. */
public final class SpecParser {
    private SpecParser() {}

    public static SourceUnit parse(String file, String text) throws SpecException {
        Diagnostics diags = new Diagnostics();
        PtmLexer lexer = new PtmLexer(CharStreams.fromString(TextFiles.normalize(text), file));
        PtmParser parser = new PtmParser(new CommonTokenStream(lexer));
        SyntaxErrors listener = new SyntaxErrors(file, diags);
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        PtmParser.FileContext tree = parser.file();
        diags.throwIfAny();
        SourceUnit unit = new AstBuilder(file, diags).unit(tree);
        diags.throwIfAny();
        return unit;
    }
}
