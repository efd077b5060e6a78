package ptecheck.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a report within {@value #WIDTH} columns, for {@code --trace-format kernel}, whose report
 * goes into emails and commit messages. A long line breaks at spaces, its continuation lines
 * indented; the {@code Reproduce:} command breaks with a shell line continuation ({@code \})
 * so that it can still be pasted.
 */
final class ReportWidth {
    static final int WIDTH = 80;

    private ReportWidth() {}

    static String wrap(String report) {
        StringBuilder out = new StringBuilder();
        for (String line : report.split("\n", -1)) {
            out.append(String.join("\n", wrapLine(line))).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static List<String> wrapLine(String line) {
        List<String> out = new ArrayList<>();
        // The statistics lines hold timings and rates: they break at fixed places, whatever
        // their length, so that two runs of one check print the same lines.
        if (line.startsWith("Explored ") && line.contains(" s, ")) {
            int at = line.lastIndexOf(", ", line.indexOf(" s, "));
            out.add(line.substring(0, at + 1));
            out.addAll(wrapLine("  " + line.substring(at + 2)));
            return out;
        }
        if (line.startsWith("Store: ") && line.contains(", peak ")) {
            int at = line.indexOf(", peak ");
            out.add(line.substring(0, at + 1));
            out.addAll(wrapLine("  " + line.substring(at + 2)));
            return out;
        }
        if (line.startsWith("Workers: ") && line.indexOf("; ", line.indexOf("; ") + 2) > 0) {
            String[] parts = line.split("; ");
            out.add(parts[0] + "; " + parts[1] + ";");
            for (int i = 2; i < parts.length; i++) {
                out.addAll(wrapLine("  " + parts[i] + (i < parts.length - 1 ? ";" : "")));
            }
            return out;
        }
        if (line.startsWith("Reproduce: ") && line.length() > WIDTH && line.contains(" --")) {
            // the search flags (--workers N, which varies by machine) go on a line of their own
            int flags = line.indexOf(" --");
            List<String> head = wrapLine(line.substring(0, flags) + " \\");
            if (head.size() == 1 && line.substring(0, flags).length() + 2 > WIDTH) {
                head = wrapLine(line.substring(0, flags));
                head.set(head.size() - 1, head.get(head.size() - 1) + " \\");
            }
            out.addAll(head);
            out.add("    " + line.substring(flags + 1));
            return out;
        }
        if (line.length() <= WIDTH) {
            out.add(line);
            return out;
        }
        boolean command = line.startsWith("Reproduce: ");
        String lead = line.substring(0, line.length() - line.stripLeading().length());
        String indent = lead + (command ? "    " : "  ");
        int room = command ? WIDTH - 2 : WIDTH;
        String rest = line;
        String prefix = "";
        while (prefix.length() + rest.length() > (command ? WIDTH : room)) {
            int max = room - prefix.length();
            int cut = rest.lastIndexOf(' ', max);
            if (command) {
                // keep an option with its value: break before "-D", "--x", not between them
                while (cut > 0 && !rest.startsWith("-", cut + 1)) {
                    cut = rest.lastIndexOf(' ', cut - 1);
                }
            }
            if (cut <= lead.length()) {
                cut = rest.indexOf(' ', max);
                if (cut < 0) {
                    break;
                }
            }
            out.add(prefix + rest.substring(0, cut) + (command ? " \\" : ""));
            rest = rest.substring(cut + 1);
            prefix = indent;
        }
        out.add(prefix + rest);
        return out;
    }
}
