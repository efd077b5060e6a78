package ptecheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal, which decides how the progress line is printed
 * (rewritten in place, or one line per interval for logs). {@code System.console()} answers for
 * standard input and output, so a piped stdout ({@code ptecheck check x.ptm | tee log}) lost the
 * live line; this looks at file descriptor 2 itself where the system shows it (Linux
 * {@code /proc}), and falls back to {@code System.console()} elsewhere.
 */
final class Terminal {
    private Terminal() {}

    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            }
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            // fall back below
        }
        return System.console() != null;
    }
}
