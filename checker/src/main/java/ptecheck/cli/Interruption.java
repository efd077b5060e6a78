package ptecheck.cli;

import java.io.PrintWriter;
import ptecheck.explore.ProgressListener;

/**
 * What to say when SIGINT or SIGTERM ends a search: a shutdown hook prints how far the search
 * had got (from its last progress snapshot, at most a quarter of a second old) and ends the
 * process with exit 3, incomplete, rather than dying silently with nothing to show for the run.
 */
final class Interruption {
    /** How often the search reports its counters, for this summary (and the progress line). */
    static final long SNAPSHOT_MILLIS = 250;

    private static volatile String searching;
    private static volatile ProgressListener.Progress latest;
    private static volatile boolean exiting;
    private static volatile String checkpoint;

    private Interruption() {}

    /** Installs the hook; {@link #exiting} before a normal exit turns it off. */
    static void install(PrintWriter err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String what = searching;
            if (exiting || what == null) {
                return;
            }
            ProgressListener.Progress p = latest;
            err.println();
            err.println(what);
            err.println("Interrupted: incomplete, no verdict"
                    + (p == null ? " (the search had just started)"
                    : String.format(" (%,d distinct states stored, %,d expanded, %,d generated, depth %d, %.1f s, "
                            + "when last counted)", p.distinct(), p.expanded(), p.generated(), p.depth(),
                            p.elapsedMillis() / 1000.0)));
            if (checkpoint != null) {
                err.println(checkpoint);
            }
            err.flush();
            // halt runs no other hook and closes nothing: the queue's segment files go now.
            ptecheck.explore.store.SpillDirectories.deleteAll();
            Runtime.getRuntime().halt(ExitCode.INCOMPLETE);
        }, "ptecheck-interrupted"));
    }

    static void exiting() {
        exiting = true;
    }

    /** A checkpoint was written: where, and how to go on (said when the run is interrupted). */
    static void checkpointed(String line) {
        checkpoint = line;
    }

    /** A search of {@code what} starts. */
    static void searching(String what) {
        latest = null;
        searching = what;
    }

    /** The search has ended. */
    static void finished() {
        searching = null;
        checkpoint = null;
    }

    /** Keeps each snapshot, and passes it on to {@code delegate} (may be null). */
    static ProgressListener recording(ProgressListener delegate) {
        return new ProgressListener() {
            @Override
            public void progress(Progress p) {
                latest = p;
                if (delegate != null) {
                    delegate.progress(p);
                }
            }

            @Override
            public void finished(Progress last) {
                latest = last;
                if (delegate != null) {
                    delegate.finished(last);
                }
            }
        };
    }
}
