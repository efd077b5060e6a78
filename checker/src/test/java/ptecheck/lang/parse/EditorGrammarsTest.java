package ptecheck.lang.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import ptecheck.grammar.PtmLexer;

/**
 * The editors' syntax files ({@code editors/}) highlight exactly the keywords of the grammar:
 * a keyword added to {@code Ptm.g4} and not to them (or dropped from the grammar and kept there)
 * fails here, naming it.
 */
class EditorGrammarsTest {
    private static final Path ROOT = Path.of(System.getProperty("ptecheck.root", "..")).toAbsolutePath().normalize();
    private static final Path TEXTMATE = ROOT.resolve("editors/vscode/syntaxes/ptm.tmLanguage.json");
    private static final Path VIM = ROOT.resolve("editors/vim/syntax/ptm.vim");
    /** Keywords only in one place, parsed as identifiers: `on cpu E`, `at end NAME` (AstBuilder checks the word). */
    private static final Set<String> SOFT = Set.of("cpu", "end");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The grammar's keywords: its literal tokens that look like identifiers ('spec', 'rwsem', ...). */
    static Set<String> grammarKeywords() {
        Set<String> out = new TreeSet<>();
        for (int t = 0; t <= PtmLexer.VOCABULARY.getMaxTokenType(); t++) {
            String literal = PtmLexer.VOCABULARY.getLiteralName(t);
            if (literal != null && WORD.matcher(literal.substring(1, literal.length() - 1)).matches()) {
                out.add(literal.substring(1, literal.length() - 1));
            }
        }
        return out;
    }

    /** The words of every {@code \b(?:a|b)\b} or {@code (a|b)} alternation of the TextMate grammar's patterns. */
    static Set<String> textMateKeywords() throws IOException {
        Set<String> out = new TreeSet<>();
        collect(new ObjectMapper().readTree(Files.readString(TEXTMATE)), out);
        return out;
    }

    private static final Pattern ALTERNATION = Pattern.compile("\\((?:\\?:)?([A-Za-z_][A-Za-z0-9_]*(?:\\|[A-Za-z_][A-Za-z0-9_]*)*)\\)");

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode match = node.path("match");
            if (match.isTextual()) {
                Matcher m = ALTERNATION.matcher(match.asText());
                while (m.find()) {
                    out.addAll(java.util.List.of(m.group(1).split("\\|")));
                }
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /** The words of the Vim file's {@code syn keyword} lines (its TODO markers aside) and soft-keyword matches. */
    static Set<String> vimKeywords() throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(VIM)) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 3 && w[0].equals("syn") && w[1].equals("keyword") && !w[2].equals("ptmTodo")) {
                for (int i = 3; i < w.length; i++) {
                    out.add(w[i]);
                }
            }
            Matcher soft = Pattern.compile("\\\\zs([a-z]+)\\\\>").matcher(line);
            if (line.startsWith("syn match") && soft.find()) {
                out.add(soft.group(1));
            }
        }
        return out;
    }

    private static void sameKeywords(String editor, Set<String> got) {
        Set<String> missing = new TreeSet<>(grammarKeywords());
        missing.removeAll(got);
        Set<String> extra = new TreeSet<>(got);
        extra.removeAll(grammarKeywords());
        extra.removeAll(SOFT);
        assertEquals(Set.of(), missing, "keywords of grammar/.../Ptm.g4 that " + editor + " does not highlight: add them");
        assertEquals(Set.of(), extra, editor + " highlights words that are no keywords of Ptm.g4: remove them");
        assertTrue(got.containsAll(SOFT), editor + " highlights the soft keywords " + SOFT);
    }

    @Test
    void theTextMateGrammarHighlightsExactlyTheGrammarsKeywords() throws IOException {
        sameKeywords("editors/vscode/syntaxes/ptm.tmLanguage.json", textMateKeywords());
    }

    @Test
    void theVimSyntaxHighlightsExactlyTheGrammarsKeywords() throws IOException {
        sameKeywords("editors/vim/syntax/ptm.vim", vimKeywords());
    }

    @Test
    void theGrammarsKeywordsAreReadFromTheGeneratedLexer() {
        Set<String> k = grammarKeywords();
        assertTrue(k.containsAll(Set.of("spec", "kernel", "rwsem", "max_locks_held", "implies", "none")), k.toString());
        assertTrue(!k.contains("..") && !k.contains("cpu"), k.toString());
    }

    @Test
    void theVsCodeExtensionNamesItsGrammarAndTheVimFolderDetectsPtmFiles() throws IOException {
        JsonNode pkg = new ObjectMapper().readTree(Files.readString(ROOT.resolve("editors/vscode/package.json")));
        JsonNode grammar = pkg.path("contributes").path("grammars").get(0);
        assertEquals("source.ptm", grammar.path("scopeName").asText());
        assertEquals(TEXTMATE, ROOT.resolve("editors/vscode").resolve(grammar.path("path").asText()).normalize());
        assertEquals("source.ptm", new ObjectMapper().readTree(Files.readString(TEXTMATE)).path("scopeName").asText());
        assertEquals("[\".ptm\"]", pkg.path("contributes").path("languages").get(0).path("extensions").toString());
        assertTrue(Files.readString(ROOT.resolve("editors/vim/ftdetect/ptm.vim")).contains("*.ptm setfiletype ptm"));
    }
}
