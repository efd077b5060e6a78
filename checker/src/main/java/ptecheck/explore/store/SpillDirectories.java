package ptecheck.explore.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary directories a spilling {@link StateQueue} writes its segment files to, named
 * {@code ptecheck-queue-PID-N} after the process that made them, so that none outlives a run:
 * the queue deletes its own when it is closed; a run ended by SIGINT or SIGTERM, whose shutdown
 * hook halts the JVM before anything is closed, calls {@link #deleteAll}; and the directories
 * of a process that is gone (killed with SIGKILL, or by the kernel when out of memory) are
 * deleted by the next run that spills to the same place. A directory whose name does not say
 * which process made it is never touched.
 */
public final class SpillDirectories {
    static final String PREFIX = "ptecheck-queue-";
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private SpillDirectories() {}

    /** A new directory for segment files in {@code parent} (null: the system's temporary directory). */
    static Path create(Path parent) throws IOException {
        Path base = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
        deleteAbandoned(base);
        Path dir = Files.createTempDirectory(base, PREFIX + ProcessHandle.current().pid() + "-");
        LIVE.add(dir);
        return dir;
    }

    /** Deletes {@code dir} and the segment files in it (which holds no directories). */
    static void delete(Path dir) {
        LIVE.remove(dir);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | RuntimeException e) {
            // A directory that cannot be listed or emptied: the next run's sweep tries again.
        }
    }

    /**
     * Deletes every spill directory this process has open. For a search ended by a signal: a
     * queue still writing may fail to write its next segment, which no longer matters.
     */
    public static void deleteAll() {
        for (Path dir : LIVE) {
            delete(dir);
        }
    }

    /** Deletes the spill directories in {@code base} of processes that are no longer running. */
    static void deleteAbandoned(Path base) {
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path dir : dirs) {
                long pid = pidOf(dir.getFileName().toString());
                if (pid > 0 && pid != self && ProcessHandle.of(pid).isEmpty() && Files.isDirectory(dir)) {
                    delete(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A sweep is a courtesy: a run does not fail for what an earlier one left.
        }
    }

    /** The process id in a directory's name, or -1 when the name has none. */
    static long pidOf(String name) {
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        int end = name.indexOf('-', PREFIX.length());
        if (end <= PREFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
