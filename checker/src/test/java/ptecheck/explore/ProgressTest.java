package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ptecheck.testutil.Odometer;

class ProgressTest {

    private static ProgressListener.Progress at(long millis, long distinct, long expanded) {
        return new ProgressListener.Progress(distinct, expanded, 5, 3, 7, 1L << 20, 2L << 20, millis, 2);
    }

    @Test
    void theLineNamesEveryFigure() {
        String line = ProgressPrinter.line(at(3_723_000, 1_234_567, 10), 250_000.4);
        assertEquals("1,234,567 distinct, queue 5, depth 3, 250,000 states/s, memory 1 MiB (heap 2 MiB), 1:02:03", line);
    }

    @Test
    void withABoundTheLineEstimatesWhenTheNearerOneStopsTheSearch() {
        // 1,000 states in 10 s: the 10,000-state bound is 90 s away; 1 MiB in 10 s: 64 MiB is 630 s away.
        ProgressListener.Progress p = at(10_000, 1_000, 1_000);
        assertEquals(", --max-states bound in ~0:01:30", ProgressPrinter.eta(p, 10_000, 64L << 20));
        assertEquals(", --memory bound in ~0:10:30", ProgressPrinter.eta(p, 0, 64L << 20));
        assertEquals(", --memory bound in ~0:00:10", ProgressPrinter.eta(p, 10_000, 2L << 20));
        assertEquals("", ProgressPrinter.eta(p, 0, 0), "no bound, no estimate");
        StringWriter out = new StringWriter();
        new ProgressPrinter(new PrintWriter(out), false, 0, 0, 10_000, 0).progress(p);
        assertTrue(out.toString().endsWith("0:00:10, --max-states bound in ~0:01:30\n"), out.toString());
    }

    @Test
    void shortRunsPrintNothingAndLongOnesPrintEveryInterval() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), false, 2000, 1000);
        printer.progress(at(500, 10, 10));
        printer.progress(at(1900, 20, 20));
        assertEquals("", out.toString());
        printer.progress(at(2100, 30, 30));
        printer.progress(at(2600, 40, 40)); // within the interval: skipped
        printer.progress(at(3100, 50, 50));
        printer.finished(at(3200, 60, 60));
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].startsWith("30 distinct"), lines[0]);
        assertTrue(lines[1].startsWith("50 distinct"), lines[1]);
        assertTrue(lines[1].contains("20 states/s"), lines[1]); // 20 more expanded in 1 s
    }

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndClearedAtTheEnd() {
        StringWriter out = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), true, 0, 0);
        printer.progress(at(100, 1000, 1000));
        printer.progress(at(200, 20, 20));
        printer.finished(at(300, 20, 20));
        String s = out.toString();
        assertFalse(s.contains("\n"), s);
        assertTrue(s.startsWith("\r1,000 distinct"), s);
        assertTrue(s.endsWith("\r"), s);
    }

    @Test
    void aSearchReportsWhileItRunsAndOnceWhenItEnds() {
        List<ProgressListener.Progress> seen = new ArrayList<>();
        List<ProgressListener.Progress> last = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public synchronized void progress(Progress p) {
                seen.add(p);
            }

            @Override
            public synchronized void finished(Progress p) {
                last.add(p);
            }
        };
        SearchResult r = new BfsSearch(new Odometer(4, 25), SearchOptions.defaults().withWorkers(2)
                .withProgress(listener, 10)).run();
        assertEquals(26 * 26 * 26 * 26, r.stats().distinct());
        assertEquals(1, last.size());
        assertEquals(r.stats().distinct(), last.get(0).distinct());
        assertEquals(2, last.get(0).workers());
        for (ProgressListener.Progress p : seen) {
            assertTrue(p.distinct() <= r.stats().distinct());
            assertTrue(p.queue() >= 0);
        }
    }
}
