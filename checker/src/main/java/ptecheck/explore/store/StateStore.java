package ptecheck.explore.store;

/**
 * The visited set of a search (cf. LTSmin's {@code find_or_put}, TLC's {@code FPSet}): it gives
 * every distinct state a dense id, in insertion order, and remembers how the state was first
 * reached so that counterexamples can be rebuilt by replay.
 *
 * <p>What "distinct" means depends on the store: an {@link ExactStateStore} compares states, a
 * {@link FingerprintStore} compares 64-bit fingerprints (two states with the same fingerprint
 * count as one), and a {@link BitstateStore} compares a few hash bits (a new state whose bits
 * happen to be set already is taken for a known one). Either way a store never reports a state
 * it was given as absent.
 *
 * <p>How a state was reached is kept as three numbers per id: the parent id, the group fired
 * on the parent, and which of that group's successors it was ({@code successor}, 0 for a group
 * with a single successor; for an initial state, its position among the initial states). Firing
 * the group on the parent and taking that successor gives the state back, which is all a
 * fingerprint or bitstate store needs to rebuild a path.
 *
 * <p>Threads: one thread at a time may add states; any number may call the {@code contains}
 * methods at once while nobody adds (a level-synchronised search adds only between levels). The
 * {@code int[]} convenience methods share one packing buffer and are for single-threaded use.
 */
public interface StateStore {

    /** Parent id of initial states. */
    int NO_PARENT = -1;

    /** Returned by {@link #findOrPut} when the state was already present. */
    int ABSENT = -1;

    /** Returned by {@link #findOrPut} when the memory budget does not allow one more state. */
    int FULL = -2;

    /**
     * Adds {@code state} unless it is already present, as the only successor of {@code group}.
     *
     * @return the new state's id (the previous {@link #size()}), {@link #ABSENT} when the state
     *     was already present, or {@link #FULL} when the memory budget is spent (nothing added)
     */
    default int findOrPut(int[] state, int parentId, int group) {
        return findOrPut(state, parentId, group, 0);
    }

    /**
     * Adds {@code state} unless it is already present.
     *
     * @param parentId the id of the state it was reached from (less than {@link #size()}), or
     *     {@link #NO_PARENT}
     * @param group the group that produced it, or {@code SuccessorSink.INITIAL}
     * @param successor which of the group's successors it is (0-based), or for an initial state
     *     its position among the initial states
     * @return the new state's id, {@link #ABSENT} or {@link #FULL}
     */
    int findOrPut(int[] state, int parentId, int group, int successor);

    /** True when {@code state} is stored (for approximate stores: may be stored). */
    boolean contains(int[] state);

    /**
     * Like {@link #findOrPut(int[], int, int, int)} for a state already packed with this store's
     * {@link StatePacker}, in {@code words[offset .. offset + packer().words())}, whose
     * {@link Hashing#hash} is {@code hash}. Nothing is allocated.
     */
    int findOrPutPacked(long[] words, int offset, long hash, int parentId, int group, int successor);

    /** Like {@link #contains(int[])} for a packed state. Safe to call from several threads at once. */
    boolean containsPacked(long[] words, int offset, long hash);

    /**
     * True when {@link #idOfPacked} can say which id a stored state has. An exact store always
     * can; a fingerprint store can when built to keep ids; a bitstate store never can.
     */
    default boolean knowsIds() {
        return false;
    }

    /**
     * The id of a packed state (as for {@link #containsPacked}), or {@link #ABSENT} when it is
     * not stored. Safe to call from several threads at once while nobody adds.
     *
     * @throws UnsupportedOperationException when {@link #knowsIds()} is false
     */
    default int idOfPacked(long[] words, int offset, long hash) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no state ids");
    }

    /**
     * Reads the memory that a lookup of a state with this hash reads first, and returns
     * something computed from it. A search that touches the places of many lookups before
     * making them lets the processor overlap their cache misses. Safe from several threads.
     */
    default int touch(long hash) {
        return 0;
    }

    /**
     * Whether a lookup is better split in three ({@link #prepare}, {@link #touchPrepared},
     * {@link #containsPrepared}) than touched by the hash alone: for stores that must read part
     * of the state to know where its lookup goes (a tree store finds the state's subtrees first).
     */
    default boolean preparesLookups() {
        return false;
    }

    /**
     * The first step of a lookup split in three (see {@link #preparesLookups}): what
     * {@link #touchPrepared} and {@link #containsPrepared} need to finish it. A search prepares
     * many lookups, then touches them all back to back, so that their cache misses overlap: a
     * touch between whose loads there is much work overlaps little. By default the hash. Safe
     * from several threads while nobody adds.
     */
    default long prepare(long[] words, int offset, long hash) {
        return hash;
    }

    /** {@link #touch} for a lookup that {@link #prepare} started and returned {@code prepared} for. */
    default int touchPrepared(long prepared) {
        return touch(prepared);
    }

    /**
     * {@link #containsPacked}, finishing a lookup that {@link #prepare} started and returned
     * {@code prepared} for; no state may have been added in between.
     */
    default boolean containsPrepared(long[] words, int offset, long hash, long prepared) {
        return containsPacked(words, offset, hash);
    }

    /**
     * The second half of {@link #touch}, for stores whose lookup reads two places, the second
     * found from the first (a table slot, then the state it names): called after every
     * lookup's {@link #touch}, so that the first misses have all started before any second one
     * waits on its first.
     */
    default int touchState(long hash) {
        return 0;
    }

    /** The id the state {@code id} was first reached from, or {@link #NO_PARENT}. */
    int parent(int id);

    /** The group that first reached state {@code id}, or {@code SuccessorSink.INITIAL}. */
    int group(int id);

    /** Which successor of {@link #group(int)} state {@code id} was (see the class comment). */
    int successor(int id);

    /**
     * True when {@code state} may be the state stored under {@code id}. An exact store compares
     * the states; a store that does not keep states answers whether {@code state} is stored at
     * all, which is the check available to it when a trace is replayed.
     */
    default boolean matches(int id, int[] state) {
        return contains(state);
    }

    /** Number of distinct states stored. */
    int size();

    /** Heap bytes held by the store, counting allocated capacity and not only what is in use. */
    long bytesUsed();

    /** The packer that defines this store's packed form. */
    StatePacker packer();

    /**
     * Writes everything the store holds, for a checkpoint: its primitive arrays as they are, so
     * that {@link #restore} gives back a store that answers every call as this one does, ids
     * and paths included. Called between levels, while nobody adds.
     */
    void save(CheckpointOut out) throws java.io.IOException;

    /**
     * Replaces the contents of this store, which must be new and built like the one that
     * saved them (same kind, packer and options), by what {@link #save} wrote. Memory is
     * reserved from the budget as for adding; a refusal throws {@link CheckpointException}.
     */
    void restore(CheckpointIn in) throws java.io.IOException;
}
