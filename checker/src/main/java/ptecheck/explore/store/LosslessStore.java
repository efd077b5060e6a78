package ptecheck.explore.store;

/**
 * A {@link StateStore} that keeps every state, so that a state can be read back by its id: a
 * breadth-first search then needs no separate frontier (a level is an id range), and a trace
 * replay compares whole states ({@link #matches}).
 *
 * <p>Threads: {@link #load} and {@link #loadPacked} may be called from several threads while
 * nobody adds.
 */
public interface LosslessStore extends StateStore {

    /** Decodes state {@code id} into {@code dst}. */
    void load(int id, int[] dst);

    /** Writes the packed words of state {@code id} to {@code dst[offset .. offset + packer().words())}. */
    void loadPacked(int id, long[] dst, int offset);

    /**
     * Reads the memory that {@link #loadPacked} of state {@code id} misses on first, where that
     * is not in id order (a tree store's root slots): a search touches the next states it will
     * load back to back, so that their misses overlap. Safe from several threads while nobody adds.
     */
    default int touchLoad(int id) {
        return 0;
    }

    @Override
    default boolean knowsIds() {
        return true;
    }
}
