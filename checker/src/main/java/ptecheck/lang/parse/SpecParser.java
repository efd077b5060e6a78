package ptecheck.lang.parse;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.LexerATNSimulator;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.dfa.DFA;
import ptecheck.grammar.PtmLexer;
import ptecheck.grammar.PtmParser;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.diag.Diagnostic;
import ptecheck.lang.diag.Diagnostics;
import ptecheck.lang.diag.SpecException;

/** Parses one file's text into a {@link SourceUnit}, or reports its syntax errors. */
public final class SpecParser {
    private SpecParser() {}

    public static SourceUnit parse(String file, String text) throws SpecException {
        Diagnostics diags = new Diagnostics();
        PtmLexer lexer = new PtmLexer(CharStreams.fromString(TextFiles.normalize(text), file));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        PtmParser parser = new PtmParser(tokens);
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
        tokens.fill();
        Nesting nesting = nesting(tokens.getTokens());
        Token deepest = nesting.deepest();
        int depth = nesting.depth();
        if (depth > MAX_NESTING) {
            throw new SpecException(new Diagnostic(new Pos(file, deepest.getLine(), deepest.getCharPositionInLine()),
                    "the spec nests too deeply (more than " + MAX_NESTING + " levels of brackets)",
                    "split the nesting with a procedure"));
        }
        try {
            PtmParser.FileContext tree = parseFast(parser, tokens);
            if (tree == null) {
                parser.addErrorListener(listener);
                tree = parser.file();
            }
            diags.throwIfAny();
            SourceUnit unit = new AstBuilder(file, diags).unit(tree);
            diags.throwIfAny();
            return unit;
        } catch (StackOverflowError e) {
            // A long chain of operators nests as deeply as brackets do, with no bracket to count.
            Pos at = deepest == null ? new Pos(file, 1, 0) : new Pos(file, deepest.getLine(), deepest.getCharPositionInLine());
            throw new SpecException(new Diagnostic(at, "the spec nests too deeply to parse (at most " + depth
                    + " levels of brackets, the deepest here, or a very long chain of operators)",
                    "split long expressions and deep nesting; a larger stack helps too (JAVA_OPTS=-Xss64m)"));
        }
    }

    /**
     * ANTLR's two-stage parse: SLL prediction, which is much cheaper, giving up at the first
     * error; null when it gave up, and then the parser is reset for the full LL parse, which
     * also recovers from errors and reports them. SLL succeeds on every valid spec of this
     * grammar seen so far; when it does, its tree is the LL tree.
     */
    private static PtmParser.FileContext parseFast(PtmParser parser, CommonTokenStream tokens) {
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.file();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            return null;
        }
    }

    /** Deeper bracket nesting is refused before parsing: the parser and the passes after it recurse. */
    static final int MAX_NESTING = 4096;

    /** The deepest opening bracket (the first to reach {@code depth}; null when there is none). */
    private record Nesting(Token deepest, int depth) {}

    private static Nesting nesting(java.util.List<Token> tokens) {
        int depth = 0;
        int max = 0;
        Token deepest = null;
        for (Token t : tokens) {
            String s = t.getText();
            if (s == null || s.length() != 1) {
                continue;
            }
            char c = s.charAt(0);
            if (c == '{' || c == '(' || c == '[') {
                depth++;
                if (depth > max) {
                    max = depth;
                    deepest = t;
                    if (depth > MAX_NESTING) {
                        break;
                    }
                }
            } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
        return new Nesting(deepest, max);
    }

    private static DFA[] freshDfa(ATN atn) {
        DFA[] dfa = new DFA[atn.getNumberOfDecisions()];
        for (int i = 0; i < dfa.length; i++) {
            dfa[i] = new DFA(atn.getDecisionState(i), i);
        }
        return dfa;
    }
}
