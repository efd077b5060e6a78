package ptecheck.explore;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a search's progress as one line: distinct states, queue, depth, states per second,
 * memory and elapsed time. On a terminal the line is rewritten in place; otherwise (a log, a CI
 * job) each report is a new line. Nothing is printed for the first {@code quietMillis}, so
 * short runs stay silent; after that, a line every {@code intervalMillis}. Feed it snapshots
 * more often than that (the search's progress period), and it picks. When the user bounded the
 * search ({@code --max-states}, {@code --memory}), the line ends with an estimate of when the
 * nearer bound will stop it, at the average rate so far.
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
    private final long maxStates;
    private final long memoryBound;

    public ProgressPrinter(PrintWriter out, boolean terminal, long quietMillis, long intervalMillis) {
        this(out, terminal, quietMillis, intervalMillis, 0, 0);
    }

    /**
     * @param maxStates the {@code --max-states} bound, or 0
     * @param memoryBound the {@code --memory} bound the user gave, in bytes, or 0
     */
    public ProgressPrinter(PrintWriter out, boolean terminal, long quietMillis, long intervalMillis, long maxStates,
                           long memoryBound) {
        this.out = out;
        this.terminal = terminal;
        this.quietMillis = quietMillis;
        this.intervalMillis = intervalMillis;
        this.maxStates = maxStates;
        this.memoryBound = memoryBound;
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
        String line = line(p, rate) + eta(p, maxStates, memoryBound);
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

    /**
     * {@code , --max-states in ~0:12:30}: when the nearer of the user's bounds will stop the
     * search if states and memory keep growing at their average rate so far; empty without a
     * bound or before anything grew.
     */
    static String eta(Progress p, long maxStates, long memoryBound) {
        double seconds = p.elapsedMillis() / 1000.0;
        double best = Double.POSITIVE_INFINITY;
        String which = null;
        if (maxStates > 0 && p.distinct() > 0 && seconds > 0) {
            double left = Math.max(0, maxStates - p.distinct()) / (p.distinct() / seconds);
            best = left;
            which = "--max-states";
        }
        if (memoryBound > 0 && p.memoryBytes() > 0 && seconds > 0) {
            double left = Math.max(0, memoryBound - p.memoryBytes()) / (p.memoryBytes() / seconds);
            if (left < best) {
                best = left;
                which = "--memory";
            }
        }
        if (which == null || best > 100 * 3600.0 * 24) {
            return "";
        }
        long s = Math.round(best);
        return String.format(Locale.ROOT, ", %s bound in ~%d:%02d:%02d", which, s / 3600, s / 60 % 60, s % 60);
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
