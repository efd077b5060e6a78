package ptecheck.lang.parse;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import ptecheck.grammar.PtmLexer;
import ptecheck.lang.ast.Pos;
import ptecheck.lang.diag.Diagnostics;

/** Turns ANTLR's error reports into diagnostics with short messages. */
final class SyntaxErrors extends BaseErrorListener {
    private final String file;
    private final Diagnostics diags;

    SyntaxErrors(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                            RecognitionException e) {
        Pos pos = new Pos(file, line, col);
        String hint = null;
        if (offending instanceof Token t) {
            String text = t.getType() == Token.EOF ? "end of file" : "'" + t.getText() + "'";
            if (t.getType() != Token.EOF && t.getText().length() == 1 && !Character.isLetterOrDigit(t.getText().charAt(0))
                    && "(){}[],:;.=<>!+-*/%?@&|".indexOf(t.getText().charAt(0)) < 0) {
                diags.error(pos, "unexpected character " + text);
                return;
            }
            String expected = expected(msg);
            if (expected != null && t.getType() != PtmLexer.ID && t.getText().matches("[a-zA-Z_][a-zA-Z0-9_]*")
                    && java.util.Arrays.asList(expected.split(",\\s*")).contains("ID")) {
                diags.error(pos, "'" + t.getText() + "' is a reserved word", "choose another name");
                return;
            }
            if (expected != null && expected.length() <= 60) {
                msg = "syntax error: unexpected " + text + ", expected " + expected;
            } else {
                msg = "syntax error: unexpected " + text;
            }
            if (t.getText().equals(":=")) {
                hint = "assignment is written '='";
            }
        } else {
            msg = "syntax error: " + msg;
        }
        diags.error(pos, msg, hint);
    }

    private static String expected(String antlrMessage) {
        int i = antlrMessage.indexOf("expecting ");
        if (i < 0) {
            return null;
        }
        String list = antlrMessage.substring(i + "expecting ".length()).trim();
        if (list.startsWith("{") && list.endsWith("}")) {
            list = list.substring(1, list.length() - 1);
        }
        return list.replace("<EOF>", "end of file");
    }
}
