package ptecheck.explore.store;

/** Allocation-free 64-bit hashing of packed states. */
public final class Hashing {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Hashing() {}

    /**
     * Hashes {@code words[offset .. offset + length)}: the sum of each word's {@link #term}. Each
     * term is a bijection of its word, different for each position, through the murmur3
     * finaliser, so states that differ in one word never collide, swapped words do not collide
     * systematically, and every bit of the hash depends on every bit of the state (the table
     * index is taken from the low bits). A sum, so that a successor's hash is its parent's plus
     * the change in the terms of the words its step rewrote.
     */
    public static long hash(long[] words, int offset, int length) {
        long h = 0;
        for (int i = 0; i < length; i++) {
            h += term(i, words[offset + i]);
        }
        return h;
    }

    /** The part of {@link #hash} that word {@code position} of a state contributes. */
    public static long term(int position, long word) {
        return mix(word ^ (GOLDEN * (position + 1)));
    }

    /** The murmur3 64-bit finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
