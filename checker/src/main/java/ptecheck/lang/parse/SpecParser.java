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

    /*
     * The prediction caches of the lexer and of the SLL stage, shared by every parse, as ANTLR's
     * generated code shares its own (but not the generated parser's static ones). A cache only
     * remembers what prediction computed, so a file parses to the same tree with or without it;
     * only error recovery depends on what is cached, and that is the LL stage's, which gets fresh
     * caches. With a cache per file, every file learned the grammar's decisions again: loading
     * specs/mainline/mprotect/change_pte_range.ptm and the five models it uses took 332-371 ms
     * in a fresh JVM, against 233-255 ms with these (the whole check, 1.26-1.37 CPU-seconds
     * against 1.13-1.16), and `ptecheck test specs/` 9.1-10.0 CPU-seconds against 8.2-8.5. A
     * spec that uses one model gains little. ANTLR synchronises what it adds to them.
     */
    private static final DFA[] LEXER_DFA = freshDfa(PtmLexer._ATN);
    private static final DFA[] SLL_DFA = freshDfa(PtmParser._ATN);
    private static final PredictionContextCache SLL_CONTEXTS = new PredictionContextCache();

    public static SourceUnit parse(String file, String text) throws SpecException {
        return parse(file, text, false);
    }

    /** With {@code freshCaches}, no prediction cache is shared with other parses (for tests). */
    static SourceUnit parse(String file, String text, boolean freshCaches) throws SpecException {
        Diagnostics diags = new Diagnostics();
        PtmLexer lexer = new PtmLexer(CharStreams.fromString(TextFiles.normalize(text), file));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        PtmParser parser = new PtmParser(tokens);
        lexer.setInterpreter(new LexerATNSimulator(lexer, lexer.getATN(),
                freshCaches ? freshDfa(lexer.getATN()) : LEXER_DFA, new PredictionContextCache()));
        parser.setInterpreter(freshCaches ? freshParserSimulator(parser)
                : new ParserATNSimulator(parser, parser.getATN(), SLL_DFA, SLL_CONTEXTS));
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
            // Error recovery depends on what the prediction caches hold: fresh ones make each
            // file's diagnostics its own, whatever was parsed before.
            parser.setInterpreter(freshParserSimulator(parser));
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

    private static ParserATNSimulator freshParserSimulator(PtmParser parser) {
        return new ParserATNSimulator(parser, parser.getATN(), freshDfa(parser.getATN()), new PredictionContextCache());
    }

    private static DFA[] freshDfa(ATN atn) {
        DFA[] dfa = new DFA[atn.getNumberOfDecisions()];
        for (int i = 0; i < dfa.length; i++) {
            dfa[i] = new DFA(atn.getDecisionState(i), i);
        }
        return dfa;
    }
}
