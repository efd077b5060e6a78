package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StateCacheTest {
    private static final int WORDS = 2;

    @Test
    void aCachedStateIsFoundWithItsValue() {
        StateCache cache = new StateCache(WORDS, 1 << 12);
        long[] key = {7, 9};
        cache.put(42, key, 0, 5);
        assertEquals(5, cache.find(42, new long[] {7, 9}, 0));
        assertEquals(-1, cache.find(43, key, 0));
    }

    @Test
    void aStateWithTheSameHashButOtherWordsIsNotTakenForTheCachedOne() {
        StateCache cache = new StateCache(WORDS, 1 << 12);
        cache.put(42, new long[] {7, 9}, 0, 5);
        assertEquals(-1, cache.find(42, new long[] {7, 8}, 0));
        assertEquals(-1, cache.find(42, new long[] {6, 9}, 0));
    }

    @Test
    void keysAreReadAtTheirOffset() {
        StateCache cache = new StateCache(WORDS, 1 << 12);
        long[] buffer = {1, 2, 3, 7, 9};
        cache.put(42, buffer, 3, 0);
        assertEquals(0, cache.find(42, new long[] {0, 7, 9}, 1));
    }

    @Test
    void aLaterStateInTheSameEntryReplacesTheEarlierOne() {
        StateCache cache = new StateCache(WORDS, 1 << 12);
        cache.put(42, new long[] {7, 9}, 0, 5);
        cache.put(42, new long[] {1, 1}, 0, 6);
        assertEquals(-1, cache.find(42, new long[] {7, 9}, 0));
        assertEquals(6, cache.find(42, new long[] {1, 1}, 0));
    }

    @Test
    void forgetDropsOnlyAnEntryHoldingThatValue() {
        StateCache cache = new StateCache(WORDS, 1 << 12);
        cache.put(42, new long[] {7, 9}, 0, 5);
        cache.forget(42, 4);
        assertEquals(5, cache.find(42, new long[] {7, 9}, 0));
        cache.forget(42, 5);
        assertEquals(-1, cache.find(42, new long[] {7, 9}, 0));
    }

    @Test
    void clearEmptiesEveryEntry() {
        StateCache cache = new StateCache(WORDS, 1 << 12);
        for (long h = 0; h < 1000; h++) {
            cache.put(h << 40, new long[] {h, h}, 0, (int) h);
        }
        cache.clear();
        for (long h = 0; h < 1000; h++) {
            assertEquals(-1, cache.find(h << 40, new long[] {h, h}, 0));
        }
    }

    @Test
    void aStateWithoutWordsIsCachedToo() {
        StateCache cache = new StateCache(0, 1 << 12);
        cache.put(3, new long[0], 0, 1);
        assertEquals(1, cache.find(3, new long[0], 0));
    }
}
