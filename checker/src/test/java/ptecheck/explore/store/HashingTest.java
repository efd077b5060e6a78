package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {
    @Test
    void aSuccessorsHashIsItsParentsUpdatedForTheWordsItChanged() {
        Random rnd = new Random(2);
        for (int trial = 0; trial < 1000; trial++) {
            int n = 1 + rnd.nextInt(6);
            long[] parent = new long[n];
            for (int i = 0; i < n; i++) {
                parent[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong();
            }
            long[] child = parent.clone();
            long h = Hashing.hash(parent, 0, n);
            for (int i = 0; i < n; i++) {
                if (rnd.nextBoolean()) {
                    child[i] = rnd.nextLong();
                    h += Hashing.term(i, child[i]) - Hashing.term(i, parent[i]);
                }
            }
            assertEquals(Hashing.hash(child, 0, n), h);
        }
    }

    @Test
    void swappedWordsAndStatesOneWordApartHashApart() {
        long[] a = {1, 2};
        long[] b = {2, 1};
        assertNotEquals(Hashing.hash(a, 0, 2), Hashing.hash(b, 0, 2));
        long[] zero = {0, 0, 0};
        long[] one = {0, 0, 0};
        // A bijection per word: every single-bit change of a word gives a new hash.
        Set<Long> seen = new HashSet<>();
        seen.add(Hashing.hash(zero, 0, 3));
        for (int w = 0; w < 3; w++) {
            for (int bit = 0; bit < 64; bit++) {
                one[w] = 1L << bit;
                seen.add(Hashing.hash(one, 0, 3));
                one[w] = 0;
            }
        }
        assertEquals(1 + 3 * 64, seen.size());
    }

    @Test
    void theLowBitsSpreadDenseSmallStates() {
        // States that differ only in a few low bits, as packed states of small slots do, fill
        // a table's low-bit buckets evenly.
        int buckets = 1 << 10;
        int[] count = new int[buckets];
        for (long x = 0; x < 64 * buckets; x++) {
            long[] s = {x & 0xFF, x >>> 8};
            count[(int) Hashing.hash(s, 0, 2) & (buckets - 1)]++;
        }
        for (int c : count) {
            assertEquals(64, c, 40); // binomial, standard deviation 8: five of them either way
        }
    }
}
