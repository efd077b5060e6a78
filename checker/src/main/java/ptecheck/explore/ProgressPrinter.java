package ptecheck.explore;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a search's progress as one line: distinct states, queue, depth, states per second,
 * memory and elapsed time. On a terminal the line is rewritten in place; otherwise (a log, a CI
 * job) each report is a new line. Nothing is printed for the first {@code quietMillis}, so
 * short runs stay silent; after that, a line every {@code intervalMillis}. Feed it snapshots
 * more often than that (the search's progress period), and it picks.
 *
 * <p>One printer may serve several searches in turn.
 */
public final class ProgressPrinter implements ProgressListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final long quietMillis;
    private final long intervalMillis;
    private long lastExpanded;
    private long lastMillis;
    private boolean printed;
    private int lastWidth;

    public ProgressPrinter(PrintWriter out, boolean terminal, long quietMillis, long intervalMillis) {
        this.out = out;
        this.terminal = terminal;
        this.quietMillis = quietMillis;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void progress(Progress p) {
        long now = p.elapsedMillis();
        if (now < quietMillis || (printed && now - lastMillis < intervalMillis)) {
            return;
        }
        long dt = now - lastMillis;
        double rate = dt <= 0 ? 0 : (p.expanded() - lastExpanded) * 1000.0 / dt;
        lastExpanded = p.expanded();
        lastMillis = now;
        printed = true;
        String line = line(p, rate);
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void finished(Progress last) {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
        lastExpanded = 0;
        lastMillis = 0;
        printed = false;
        lastWidth = 0;
    }

    /** The progress line, e.g. {@code 1,234,567 distinct, queue 8,901, depth 17, 250,000/s, ...}. */
    static String line(Progress p, double statesPerSecond) {
        long s = p.elapsedMillis() / 1000;
        return String.format(Locale.ROOT, "%,d distinct, queue %,d, depth %d, %,d states/s, memory %s (heap %s), %d:%02d:%02d",
                p.distinct(), p.queue(), p.depth(), Math.round(statesPerSecond), mib(p.memoryBytes()), mib(p.heapBytes()),
                s / 3600, s / 60 % 60, s % 60);
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
