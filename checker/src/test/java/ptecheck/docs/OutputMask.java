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

    /**
     * A search that stops at a violation stops its workers mid-level, so how many successors they
     * had generated (and how many states POR had expanded in part) by then depends on timing; the
     * distinct states and the trace do not.
     */
    private static final List<Rule> STOPPED_EARLY = List.of(
            new Rule(Pattern.compile("\\b\\d[\\d,]* generated\\b"), "_ generated"),
            new Rule(Pattern.compile("\\(\\d[\\d,]* states expanded in part\\)"), "(_ states expanded in part)"),
            new Rule(Pattern.compile("\"generated_states\": *\\d+"), "\"generated_states\": _"));

    private static final Pattern STOPPED_REPORT = Pattern.compile("^Explored .*|.*\"outcome\": *\"(violation|incomplete)\".*");

    /** {@code lines} with the varying parts replaced by {@code _} and progress lines left out. */
    static List<String> apply(List<String> lines) {
        boolean stopped = lines.stream().anyMatch(l -> STOPPED_REPORT.matcher(l).matches());
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (PROGRESS.matcher(line).matches()) {
                continue;
            }
            for (Rule r : RULES) {
                line = r.pattern.matcher(line).replaceAll(r.replacement);
            }
            if (stopped) {
                for (Rule r : STOPPED_EARLY) {
                    line = r.pattern.matcher(line).replaceAll(r.replacement);
                }
            }
            out.add(line.stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
