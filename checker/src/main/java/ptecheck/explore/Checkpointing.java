package ptecheck.explore;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Checkpoints of a breadth-first search ({@link BfsSearch}): where, how often, and what the run
 * is, so that a checkpoint of another spec or other flags is refused rather than misread.
 *
 * @param dir the directory the checkpoint file ({@link Checkpoint#FILE}) is written in
 * @param intervalMillis write one at the first level boundary this long after the last one (or
 *     the start); 0 at every level boundary; negative: never (a run that only recovers)
 * @param identity what makes two runs explore the same state space: a hash of the spec's
 *     sources, the configuration's values and the flags that change the state space; a
 *     checkpoint is only continued by a run with the same identity
 * @param description the same in words (spec, -D values, flags), shown when identities differ
 * @param toolVersion the version of the build, recorded in the file
 * @param recover continue from the checkpoint in {@code dir} instead of starting afresh
 * @param stopAfterLevel for tests: after writing a checkpoint at this depth, stop as if
 *     interrupted; -1 for never
 * @param written told about every checkpoint written; may be null
 */
public record Checkpointing(Path dir, long intervalMillis, String identity, String description, String toolVersion,
                            boolean recover, int stopAfterLevel, Consumer<Written> written) {

    /** One checkpoint written: where, at which depth, with how many states, its size and how long it took. */
    public record Written(Path file, int depth, long distinct, long bytes, long millis) {}

    public Checkpointing withStopAfterLevel(int level) {
        return new Checkpointing(dir, intervalMillis, identity, description, toolVersion, recover, level, written);
    }

    public Checkpointing withRecover(boolean recover) {
        return new Checkpointing(dir, intervalMillis, identity, description, toolVersion, recover, stopAfterLevel, written);
    }

    /** The checkpoint file in {@link #dir}. */
    public Path file() {
        return dir.resolve(Checkpoint.FILE);
    }
}
