package ptecheck.explore.store;

/**
 * The visited set of a search (cf. LTSmin's {@code find_or_put}, TLC's {@code FPSet}): it gives
 * every distinct state a dense id, in insertion order, and remembers how the state was first
 * reached so that counterexamples can be rebuilt.
 *
 * <p>Ids are {@code int}: {@code 0, 1, 2, ...}. Implementations are not thread-safe unless they
 * say so.
 */
public interface StateStore {

    /** Parent id of initial states. */
    int NO_PARENT = -1;

    /** Returned by {@link #findOrPut} and {@link #find} when there is no new or known id. */
    int ABSENT = -1;

    /**
     * Adds {@code state} unless it is already present.
     *
     * @param parentId the id of the state it was reached from, or {@link #NO_PARENT}
     * @param group the group that produced it, or {@code SuccessorSink.INITIAL}
     * @return the new state's id (the previous {@link #size()}), or {@link #ABSENT} when the
     *     state was already present
     */
    int findOrPut(int[] state, int parentId, int group);

    /** The id of {@code state}, or {@link #ABSENT} when it is not stored. */
    int find(int[] state);

    /**
     * True when {@code state} is the state stored under {@code id}. An exact store compares
     * the state itself; a fingerprint store would compare fingerprints. This is what lets a
     * trace be rebuilt by replay whatever the store keeps.
     */
    boolean matches(int id, int[] state);

    /** The id the state {@code id} was first reached from, or {@link #NO_PARENT}. */
    int parent(int id);

    /** The group that first reached state {@code id}, or {@code SuccessorSink.INITIAL}. */
    int group(int id);

    /** Number of distinct states stored. */
    int size();

    /** Heap bytes held by the store, counting allocated capacity and not only what is in use. */
    long bytesUsed();
}
