package ptecheck.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What may differ between two runs of the same command, and is therefore not compared: elapsed
 * times, rates, memory sizes, the number of worker threads (all cores by default) and progress
 * lines. The list is documented in {@code docs/tested-docs.md}; keep the two in step.
 */
final class OutputMask {
    private OutputMask() {}

    private static final Pattern PROGRESS = Pattern.compile("^[\\d,]+ distinct, queue .*");

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("\\b\\d[\\d,]*(\\.\\d+)? s\\b"), "_ s"),
            new Rule(Pattern.compile("\\b\\d[\\d,]*(\\.\\d+)? states/s\\b"), "_ states/s"),
            new Rule(Pattern.compile("\\b\\d+(\\.\\d+)? (B|KiB|MiB|GiB|TiB)\\b"), "_ B"),
            new Rule(Pattern.compile("\\b\\d+(\\.\\d+)? bytes/state\\b"), "_ bytes/state"),
            new Rule(Pattern.compile("\\bWorkers: \\d+"), "Workers: _"),
            new Rule(Pattern.compile("--workers \\d+"), "--workers _"),
            new Rule(Pattern.compile("\"(millis|states_per_second|workers|bytes|peak_bytes|memory_bytes)\": *\\d+(\\.\\d+)?"),
                    "\"$1\": _"));

    /** {@code lines} with the varying parts replaced by {@code _} and progress lines left out. */
    static List<String> apply(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (PROGRESS.matcher(line).matches()) {
                continue;
            }
            for (Rule r : RULES) {
                line = r.pattern.matcher(line).replaceAll(r.replacement);
            }
            out.add(line.stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
