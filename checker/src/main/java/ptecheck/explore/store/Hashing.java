package ptecheck.explore.store;

/** Allocation-free 64-bit hashing of packed states. */
public final class Hashing {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Hashing() {}

    /**
     * Hashes {@code words[offset .. offset + length)}. Each word goes through the murmur3
     * finaliser before the next is folded in, so equal prefixes or swapped words do not
     * collide systematically, and every output bit depends on every input bit (the table index
     * is taken from the low bits).
     */
    public static long hash(long[] words, int offset, int length) {
        long h = GOLDEN * (length + 1);
        for (int i = 0; i < length; i++) {
            h = mix(h ^ (words[offset + i] * GOLDEN));
        }
        return h;
    }

    /** The murmur3 64-bit finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
