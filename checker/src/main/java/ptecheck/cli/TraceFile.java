package ptecheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.lang.parse.ModuleLoader;

/**
 * Guards {@code --trace-file}: the file is checked before the search, so that a long search does
 * not end in an error about the file, and it is never one of the spec's own files.
 */
final class TraceFile {
    private TraceFile() {}

    /** Why {@code file} cannot be written, as far as can be told without writing; null when it looks writable. */
    static String problem(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return "is a directory";
        }
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "no such directory: " + parent;
        }
        if (Files.exists(abs) ? !Files.isWritable(abs) : !Files.isWritable(parent)) {
            return Files.exists(abs) ? "permission denied" : "permission denied (cannot create a file in " + parent + ")";
        }
        return null;
    }

    /** The spec or model file that {@code file} is, or null: writing the trace there would destroy it. */
    static Path input(Path file, Path spec, List<SourceUnit> units) {
        if (same(file, spec)) {
            return spec;
        }
        for (SourceUnit u : units) {
            Path p = Path.of(u.pos().file());
            if (same(file, p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException | RuntimeException e) {
            // compare the paths below
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Writes the trace; on failure, the reason in words. */
    static String write(Path file, String trace) {
        try {
            Files.writeString(file, trace);
            return null;
        } catch (IOException e) {
            return ModuleLoader.reason(e);
        }
    }
}
