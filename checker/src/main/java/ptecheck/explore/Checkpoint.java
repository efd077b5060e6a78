package ptecheck.explore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import ptecheck.explore.store.CheckpointException;
import ptecheck.explore.store.CheckpointIn;
import ptecheck.explore.store.CheckpointOut;

/**
 * The checkpoint file of a breadth-first search: its header, and writing it so that a crash
 * leaves the previous checkpoint whole. The body is the search's ({@link BfsSearch}).
 *
 * <p>Layout: a magic number, the format version and the version of the build that wrote it
 * (these three stay where they are in every format, so that any build can say which format a
 * file has), then the run's identity and description, the shape of its states (words, groups,
 * store kind), the body, and a CRC-32C of everything before it. Reading checks, in order: the
 * magic number, the format, the checksum of the whole file, the identity and shape; only then
 * is the body read. A file that fails a check is refused with a {@link CheckpointException},
 * nothing of it used.
 */
final class Checkpoint {
    static final String FILE = "checkpoint.ptc";
    /**
     * Bumped whenever anything written changes: the header, any store's layout, or {@link
     * ptecheck.explore.store.Hashing#hash}, from which fingerprints and bitstate bits are taken (4:
     * the hash became a sum of per-word terms).
     */
    static final int FORMAT = 4;
    static final long MAGIC = 0x50544543484b5054L; // "PTECHKPT"

    private Checkpoint() {}

    /** What the search writes after the header. */
    interface Body {
        void save(CheckpointOut out) throws IOException;
    }

    /** The shape of the states a search stores: a checkpoint of another shape is refused. */
    record Shape(int words, int groups, String store) {}

    /**
     * Writes a checkpoint next to the current one and then renames it over it, so that a crash
     * in between leaves the previous one as it was.
     */
    static Checkpointing.Written write(Checkpointing c, Shape shape, int depth, long distinct, Body body)
            throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(c.dir());
        Path tmp = c.dir().resolve(FILE + ".tmp");
        long bytes;
        try (CheckpointOut out = new CheckpointOut(tmp)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeString(c.toolVersion());
            out.writeString(c.identity());
            out.writeString(c.description());
            out.writeInt(shape.words());
            out.writeInt(shape.groups());
            out.writeString(shape.store());
            body.save(out);
            out.finish();
            bytes = out.size();
        }
        try {
            Files.move(tmp, c.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, c.file(), StandardCopyOption.REPLACE_EXISTING);
        }
        return new Checkpointing.Written(c.file(), depth, distinct, bytes, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Opens the checkpoint of {@code c} and checks it (see the class comment); the result is
     * positioned at the body.
     *
     * @throws CheckpointException when it cannot be used
     */
    static CheckpointIn open(Checkpointing c, Shape shape) throws IOException {
        Path file = c.file();
        String name = file.toString();
        CheckpointIn in;
        try {
            in = new CheckpointIn(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(name, "no checkpoint there", Files.isDirectory(c.dir())
                    ? "--recover takes the directory a run with --checkpoint wrote its checkpoint in"
                    : "no such directory; --recover takes the directory a run with --checkpoint wrote its checkpoint in");
        }
        try {
            if (in.remaining() < 12) {
                in.verify(); // says "truncated" rather than "not a checkpoint"
            }
            if (in.remaining() < 12 || in.readLong() != MAGIC) {
                throw new CheckpointException(name, "not a ptecheck checkpoint",
                        "--recover takes the directory a run with --checkpoint wrote its checkpoint in");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                String by = format > 0 && format < 1000 && in.remaining() > 4 ? safeString(in) : null;
                throw new CheckpointException(name, "checkpoint format " + format
                        + (by == null ? "" : " (written by " + by + ")") + "; this build (" + c.toolVersion()
                        + ") reads format " + FORMAT + " only",
                        "finish the run with the build that wrote it, or start afresh without --recover");
            }
            in.verify();
            in.readString(); // the tool version: formats say what they mean, builds of one format agree
            String identity = in.readString();
            String description = in.readString();
            Shape written = new Shape(in.readInt(), in.readInt(), in.readString());
            if (!identity.equals(c.identity()) || !written.equals(shape)) {
                throw new CheckpointException(name, "a checkpoint of another run: " + description,
                        "this run is " + c.description() + "; recover with the spec, -D values and flags the "
                                + "checkpoint was written with, or start afresh without --recover");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The tool version of a file in a format this build does not know: only if it looks like one. */
    private static String safeString(CheckpointIn in) {
        try {
            String s = in.readString();
            return s.length() < 100 && s.chars().allMatch(ch -> ch >= 32 && ch < 127) ? s : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
