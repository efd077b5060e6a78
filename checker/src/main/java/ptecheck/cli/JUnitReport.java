package ptecheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ptecheck.explore.Outcome;

/**
 * The results of {@code ptecheck test} as JUnit XML ({@code --junit FILE}), the format CI
 * servers (Jenkins, GitLab, GitHub actions) read: one {@code testsuite} per spec file, one
 * {@code testcase} per configuration. A failed expectation is a {@code failure}, a spec that
 * does not load or compile an {@code error}, an incomplete run a {@code failure} of type
 * {@code incomplete} (it proves nothing), a configuration without an expectation
 * {@code skipped}.
 */
final class JUnitReport {
    private record Case(String name, String status, String message, String detail, double seconds) {}

    private final Map<String, List<Case>> suites = new LinkedHashMap<>();

    void add(TestCommand.Verdict v) {
        String name = v.config().isEmpty() ? "(no constants)" : "[" + Reports.config(v.config()) + "]";
        double seconds = v.run() == null ? 0 : v.run().result().stats().millis() / 1000.0;
        String message = v.status().equals("ok") ? v.got() + " as expected"
                : v.status().equals("skip") ? "no expect clause for this configuration (got " + v.got() + ")"
                : "expected " + v.expected() + ", got " + v.got();
        String detail = v.status().equals("FAIL") && v.run() != null
                && v.run().result().outcome() == Outcome.VIOLATION ? Reports.verdict(v.run(), 0) : "";
        suites.computeIfAbsent(v.file().toString(), k -> new ArrayList<>())
                .add(new Case(name, v.status(), message, detail, seconds));
    }

    /** A spec file that does not load: one errored test case for the whole file. */
    void loadError(Path file, String diagnostics) {
        suites.computeIfAbsent(file.toString(), k -> new ArrayList<>())
                .add(new Case("(load)", "ERROR", "does not load", diagnostics, 0));
    }

    void addCompileError(TestCommand.Verdict v, String diagnostics) {
        String name = v.config().isEmpty() ? "(no constants)" : "[" + Reports.config(v.config()) + "]";
        suites.computeIfAbsent(v.file().toString(), k -> new ArrayList<>())
                .add(new Case(name, "ERROR", "does not compile", diagnostics, 0));
    }

    String xml() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        int[] total = new int[4];
        double totalTime = 0;
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
            int[] n = counts(suite.getValue());
            double time = suite.getValue().stream().mapToDouble(Case::seconds).sum();
            for (int i = 0; i < 4; i++) {
                total[i] += n[i];
            }
            totalTime += time;
            body.append(String.format(Locale.ROOT,
                    "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                    attr(suite.getKey()), n[0], n[1], n[2], n[3], time));
            for (Case c : suite.getValue()) {
                body.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                        attr(suite.getKey()), attr(c.name()), c.seconds()));
                switch (c.status()) {
                    case "ok" -> body.append("/>\n");
                    case "skip" -> body.append(">\n      <skipped message=\"").append(attr(c.message()))
                            .append("\"/>\n    </testcase>\n");
                    case "ERROR" -> body.append(">\n      <error message=\"").append(attr(c.message()))
                            .append("\" type=\"spec error\">").append(text(c.detail())).append("</error>\n    </testcase>\n");
                    default -> body.append(">\n      <failure message=\"").append(attr(c.message())).append("\" type=\"")
                            .append(c.status().equals("INCOMPLETE") ? "incomplete" : "unexpected verdict")
                            .append("\">").append(text(c.detail())).append("</failure>\n    </testcase>\n");
                }
            }
            body.append("  </testsuite>\n");
        }
        sb.append(String.format(Locale.ROOT,
                "<testsuites name=\"ptecheck test\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                total[0], total[1], total[2], total[3], totalTime));
        return sb.append(body).append("</testsuites>\n").toString();
    }

    void write(Path file) throws IOException {
        Files.writeString(file, xml(), StandardCharsets.UTF_8);
    }

    /** tests, failures, errors, skipped. */
    private static int[] counts(List<Case> cases) {
        int[] n = new int[4];
        for (Case c : cases) {
            n[0]++;
            switch (c.status()) {
                case "ok" -> { }
                case "skip" -> n[3]++;
                case "ERROR" -> n[2]++;
                default -> n[1]++;
            }
        }
        return n;
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** XML text: escaped, and without the control characters XML 1.0 forbids. */
    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
