package ptecheck.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable parts of one Markdown page: the example files it shows and its command-and-output
 * blocks. The syntax is described in {@code docs/tested-docs.md}.
 */
final class DocFile {
    /** A file the page shows in full; {@code fromDoc} names the page that shows it when it is another one. */
    record Example(String path, String fromDoc, String content, int line) {}

    /** One {@code $ ptecheck ...} line of a block, with the output the page shows for it. */
    record Command(String text, List<String> args, String redirect, List<String> expected, int line) {}

    /** A fenced block whose first line is a command: lines {@code open} and {@code close} are the fences. */
    record Block(int open, int close, List<Command> commands) {}

    private static final Pattern EXAMPLE = Pattern.compile("<!--\\s*example:\\s*(\\S+)(?:\\s+from\\s+(\\S+))?\\s*-->");
    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not run:\\s*\\S.*-->");
    private static final Pattern PROMPT = Pattern.compile("(?:\\./)?ptecheck(?:\\s+(.*))?");

    final List<String> lines;
    final List<Example> examples = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    /** Problems in the page itself (an output block that is not run, a command that is not ptecheck). */
    final List<String> problems = new ArrayList<>();

    DocFile(String name, List<String> lines) {
        this.lines = lines;
        String pendingExample = null;
        boolean pendingNotRun = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher ex = EXAMPLE.matcher(line.trim());
            if (ex.matches()) {
                if (ex.group(2) != null) {
                    // a file another page shows: copied from there, no block of its own here
                    examples.add(new Example(ex.group(1), ex.group(2), null, i + 1));
                } else {
                    pendingExample = ex.group(1);
                }
                continue;
            }
            if (NOT_RUN.matcher(line.trim()).matches()) {
                pendingNotRun = true;
                continue;
            }
            if (!line.startsWith("```")) {
                continue;
            }
            String info = line.substring(3).trim();
            int close = i + 1;
            while (close < lines.size() && !lines.get(close).startsWith("```")) {
                close++;
            }
            if (close == lines.size()) {
                problems.add(name + ":" + (i + 1) + ": fenced block is not closed");
                return;
            }
            List<String> body = lines.subList(i + 1, close);
            if (pendingExample != null) {
                examples.add(new Example(pendingExample, null, String.join("\n", body) + "\n", i + 1));
            } else if (pendingNotRun) {
                // shown as it is, on purpose (the marker says why)
            } else if (!body.isEmpty() && body.get(0).startsWith("$ ")) {
                parseBlock(name, i, close);
            } else if (info.equals("text")) {
                problems.add(name + ":" + (i + 1) + ": a text block must start with '$ ptecheck ...' (then it is run "
                        + "and compared) or follow '<!-- not run: why -->'");
            }
            pendingExample = null;
            pendingNotRun = false;
            i = close;
        }
    }

    private void parseBlock(String name, int open, int close) {
        List<Command> commands = new ArrayList<>();
        String text = null;
        int at = 0;
        List<String> expected = new ArrayList<>();
        for (int i = open + 1; i < close; i++) {
            String line = lines.get(i);
            if (line.startsWith("$ ")) {
                if (text != null) {
                    commands.add(command(name, text, expected, at));
                }
                text = line.substring(2);
                at = i + 1;
                expected = new ArrayList<>();
            } else {
                expected.add(line);
            }
        }
        if (text != null) {
            commands.add(command(name, text, expected, at));
        }
        commands.removeIf(c -> c == null);
        blocks.add(new Block(open, close, commands));
    }

    private Command command(String name, String text, List<String> expected, int line) {
        while (!expected.isEmpty() && expected.get(expected.size() - 1).isBlank()) {
            expected.remove(expected.size() - 1);
        }
        Matcher m = PROMPT.matcher(text.trim());
        if (!m.matches()) {
            problems.add(name + ":" + line + ": only ptecheck commands can be run: " + text);
            return null;
        }
        List<String> words = words(m.group(1) == null ? "" : m.group(1));
        List<String> args = new ArrayList<>();
        String redirect = null;
        for (int k = 0; k < words.size(); k++) {
            String w = words.get(k);
            if (w.startsWith("#")) {
                break;
            } else if (w.equals(">") && k + 1 < words.size()) {
                redirect = words.get(++k);
            } else if (w.startsWith(">") && w.length() > 1) {
                redirect = w.substring(1);
            } else {
                args.add(w);
            }
        }
        return new Command(text, args, redirect, expected, line);
    }

    /** Splits like a shell: blanks separate words, quotes group them. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
