package ptecheck.explore;

import java.util.Arrays;

/**
 * A worker's small direct-mapped cache from packed states to an int, each entry holding the
 * whole key. Breadth-first workers keep two: the states the store answered "present" for
 * (with their ids), and the records the worker made in the current level (with their
 * positions in its buffer).
 *
 * <p>Why: on the bench specs a worker asks about 16 successors per state, and most are states
 * it has seen: a diamond {@code a -> b -> d}, {@code a -> c -> d} makes {@code b} and {@code c},
 * which sit next to each other in the frontier, ask about {@code d} one after the other. The
 * store's table and the level's record buffer are far larger than the caches, so each of those
 * questions costs a cache miss or two; these tables stay in L2 (bench/RESULTS.md).
 *
 * <p>It is lossless: a hit compares the whole key, word by word. Entries are overwritten freely;
 * a miss only means the slower path is taken.
 */
final class StateCache {
    private final int words;
    private final int mask;
    private final long[] hashes;
    private final long[] keys;
    /** The value plus one, 0 for an empty entry. */
    private final int[] values;

    /** A cache of about {@code keyBytes} bytes of keys (at least 256 entries, at most 2^14). */
    StateCache(int words, int keyBytes) {
        this.words = words;
        int entries = Integer.highestOneBit(Math.max(256, Math.min(1 << 14, keyBytes / 8 / Math.max(1, words))));
        this.mask = entries - 1;
        this.hashes = new long[entries];
        this.keys = new long[entries * words];
        this.values = new int[entries];
    }

    /** The value cached for the key at {@code src[offset..]}, or -1 when it is not cached. */
    int find(long hash, long[] src, int offset) {
        int e = index(hash);
        int value = values[e] - 1;
        if (value < 0 || hashes[e] != hash) {
            return -1;
        }
        int at = e * words;
        for (int w = 0; w < words; w++) {
            if (keys[at + w] != src[offset + w]) {
                return -1;
            }
        }
        return value;
    }

    /** Caches {@code value} (at least 0) for the key at {@code src[offset..]}. */
    void put(long hash, long[] src, int offset, int value) {
        int e = index(hash);
        hashes[e] = hash;
        values[e] = value + 1;
        System.arraycopy(src, offset, keys, e * words, words);
    }

    /** Forgets the entry of {@code hash} if it holds {@code value}. */
    void forget(long hash, int value) {
        int e = index(hash);
        if (values[e] == value + 1 && hashes[e] == hash) {
            values[e] = 0;
        }
    }

    void clear() {
        Arrays.fill(values, 0);
    }

    private int index(long hash) {
        // Bits the store's table index does not start from.
        return (int) (hash >>> 40) & mask;
    }
}
