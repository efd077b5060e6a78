package ptecheck.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Output that scripts parse does not follow the JVM's locale: numbers read the same everywhere. */
class LocaleTest {
    private static String run(Locale locale, String... args) {
        Locale before = Locale.getDefault();
        Locale.setDefault(locale);
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return out + err.toString();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aGermanDefaultLocaleDoesNotChangeHowNumbersArePrinted() {
        String spec = Specs.spec("specs/apply_pt_clean/apply_pt_clean.ptm").toString();
        String check = run(Locale.GERMANY, "check", spec, "-D", "VARIANT=deferred", "--quiet");
        assertTrue(check.contains("Explored 1,126 distinct states"), check);
        assertTrue(Pattern.compile("depth 14, \\d+\\.\\d\\d s, [\\d,]+ states/s").matcher(check).find(), check);
        assertTrue(Pattern.compile("Store: exact, \\d+\\.\\d \\w+ \\(\\d+\\.\\d bytes/state\\)").matcher(check).find(), check);
        assertTrue(!Pattern.compile("\\d\\.\\d{3}\\b(?! s)").matcher(check.replaceAll("\\d+\\.\\d+ s", "")).find()
                && !Pattern.compile("\\d,\\d{1,2}\\b").matcher(check).find(), "a German separator in:\n" + check);
        String test = run(Locale.GERMANY, "test", spec, "-D", "CPUS=3", "--quiet");
        assertTrue(test.contains("(1,126 states, depth 14)"), test);
    }
}
