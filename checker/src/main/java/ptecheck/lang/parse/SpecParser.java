package ptecheck.lang.parse;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.dfa.DFA;
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
        // ANTLR caches predictions in static DFAs shared by every parser; error recovery then
        // depends on which files were parsed before. Fresh caches make each file's diagnostics
        // its own (parsing a spec is milliseconds; the cache buys nothing across a few files).
        lexer.setInterpreter(new LexerATNSimulator(lexer, lexer.getATN(), freshDfa(lexer.getATN()),
                new PredictionContextCache()));
        parser.setInterpreter(new ParserATNSimulator(parser, parser.getATN(), freshDfa(parser.getATN()),
                new PredictionContextCache()));
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

    private static DFA[] freshDfa(ATN atn) {
        DFA[] dfa = new DFA[atn.getNumberOfDecisions()];
        for (int i = 0; i < dfa.length; i++) {
            dfa[i] = new DFA(atn.getDecisionState(i), i);
        }
        return dfa;
    }
}
