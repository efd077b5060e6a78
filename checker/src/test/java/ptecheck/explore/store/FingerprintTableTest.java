package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FingerprintTableTest {
    private static final int[] CAPACITIES = {2, 3, 64, 1000, 1 << 10, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 1_310_720,
        (1 << 30) + 12_345, Integer.MAX_VALUE - FingerprintTable.SPILL - 64};
    private static final long[] EDGE_FINGERPRINTS = {0, 1, -1, -2, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1,
        0x8000_0000L, 0xFFFF_FFFFL, 0x0123_4567_89AB_CDEFL};

    @Test
    void everyFingerprintIsRebuiltWholeFromItsHomeAndRemainder() {
        Random random = new Random(3);
        for (int capacity : CAPACITIES) {
            FingerprintTable.Quotienting t = new FingerprintTable.Quotienting(capacity);
            List<Long> fps = new ArrayList<>();
            for (long fp : EDGE_FINGERPRINTS) {
                fps.add(fp);
            }
            for (int i = 0; i < 20_000; i++) {
                fps.add(random.nextLong());
            }
            for (long fp : fps) {
                int home = t.home(fp);
                long rem = t.remainderOf(fp);
                assertTrue(home >= 0 && home < capacity, "home " + home + " of " + fp + " at capacity " + capacity);
                assertEquals(0, rem >>> t.remainderBits(), "remainder in 64 - s bits");
                assertEquals(fp, t.fingerprint(home, rem), "fingerprint " + Long.toHexString(fp) + " at capacity " + capacity);
            }
        }
    }

    @Test
    void neighbouringFingerprintsShareAHomeAndAreOrderedByRemainder() {
        for (int capacity : CAPACITIES) {
            FingerprintTable.Quotienting t = new FingerprintTable.Quotienting(capacity);
            for (long base : EDGE_FINGERPRINTS) {
                for (long d = 0; d < 64; d++) {
                    long a = base + d;
                    long b = a + 1;
                    if (b == 0 || t.home(a) != t.home(b)) {
                        continue;
                    }
                    assertTrue(t.remainderOf(a) < t.remainderOf(b), "remainders of " + a + " and " + b);
                }
            }
        }
    }

    /** Inserts into {@code t} what {@code model} lacks, comparing lookups with the model all along. */
    private static void insertAll(FingerprintTable t, List<Long> fps, TreeSet<Long> model, Map<Long, Integer> ids) {
        for (long fp : fps) {
            boolean known = model.contains(fp);
            assertEquals(known, t.find(fp) >= 0, "find " + Long.toHexString(fp));
            int r = t.locate(fp);
            if (known) {
                assertEquals(FingerprintTable.PRESENT, r);
                continue;
            }
            assertEquals(0, r, "room for " + Long.toHexString(fp));
            int id = model.size();
            t.place(id);
            model.add(fp);
            ids.put(fp, id);
            assertTrue(t.find(fp) >= 0);
        }
    }

    private static void assertHolds(FingerprintTable t, TreeSet<Long> model, Map<Long, Integer> ids, List<Long> absent) {
        List<Long> visited = new ArrayList<>();
        t.visit((fp, slot) -> {
            visited.add(fp);
            assertEquals(ids.get(fp), t.idAt(slot), "id of " + Long.toHexString(fp));
            return true;
        });
        assertEquals(new ArrayList<>(model), visited, "every fingerprint, in unsigned order");
        for (long fp : model) {
            int slot = t.find(fp);
            assertTrue(slot >= 0);
            assertEquals(ids.get(fp), t.idAt(slot));
        }
        for (long fp : absent) {
            if (!model.contains(fp)) {
                assertFalse(t.find(fp) >= 0, "absent " + Long.toHexString(fp));
            }
        }
    }

    private static TreeSet<Long> unsignedSet() {
        return new TreeSet<>(Long::compareUnsigned);
    }

    @Test
    void aTableNinetyPercentFullFindsEveryFingerprintAndNoOther() {
        Random random = new Random(5);
        FingerprintTable t = new FingerprintTable(50_000, true);
        List<Long> fps = new ArrayList<>();
        for (int i = 0; i < 45_000; i++) {
            long fp = random.nextLong();
            fps.add(fp);
            if (i % 7 == 0) {
                fps.add(fp); // a duplicate
                fps.add(fp ^ 1); // the same home, a neighbouring remainder
            }
        }
        TreeSet<Long> model = unsignedSet();
        Map<Long, Integer> ids = new HashMap<>();
        insertAll(t, fps.subList(0, 45_000), model, ids);
        List<Long> absent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            absent.add(random.nextLong());
        }
        assertHolds(t, model, ids, absent);
    }

    @Test
    void longClustersAcrossBlockBoundariesAndManyFingerprintsOfOneHome() {
        // Fingerprints crowded into a few homes: runs of dozens of entries, clusters spanning
        // several 64-slot blocks, and insertions at the start, inside and at the end of runs.
        Random random = new Random(9);
        int capacity = 4096;
        FingerprintTable t = new FingerprintTable(capacity, true);
        long homeWidth = Long.divideUnsigned(-1L, capacity);
        List<Long> fps = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int home = switch (i % 4) {
                case 0 -> 63;                     // one home at the end of a block
                case 1 -> 64 + random.nextInt(3); // the homes right after it
                case 2 -> 1000 + random.nextInt(200);
                default -> random.nextInt(capacity);
            };
            fps.add(home * homeWidth + (random.nextLong() >>> 20) % homeWidth);
        }
        fps.add(0L);
        fps.add(-1L); // the last home: its run goes past the capacity, into the spill slots
        TreeSet<Long> model = unsignedSet();
        Map<Long, Integer> ids = new HashMap<>();
        insertAll(t, fps, model, ids);
        List<Long> absent = new ArrayList<>();
        for (long fp : model) {
            absent.add(fp + 1);
            absent.add(fp - 1);
        }
        assertHolds(t, model, ids, absent);

        // Growth keeps them all, with their ids, and can be followed by more insertions.
        FingerprintTable bigger = new FingerprintTable(capacity * 5 / 4 + 1, true);
        assertTrue(t.copyInto(bigger));
        assertHolds(bigger, model, ids, absent);
        insertAll(bigger, absent.subList(0, 500), model, ids);
        assertHolds(bigger, model, ids, List.of());
    }

    @Test
    void growingAcrossPowersOfTwoChangesTheRemainderWidthAndKeepsEveryFingerprint() {
        Random random = new Random(13);
        TreeSet<Long> model = unsignedSet();
        Map<Long, Integer> ids = new HashMap<>();
        FingerprintTable t = new FingerprintTable(1000, true);
        for (int capacity : new int[] {1000, 1250, 2048, 2560, 5000, 16_384}) {
            if (capacity != t.capacity()) {
                FingerprintTable next = new FingerprintTable(capacity, true);
                assertTrue(t.copyInto(next));
                t = next;
                assertHolds(t, model, ids, List.of());
            }
            List<Long> fps = new ArrayList<>();
            while (model.size() + fps.size() < capacity * 85 / 100) {
                fps.add(random.nextLong());
            }
            insertAll(t, fps, model, ids);
        }
        assertHolds(t, model, ids, List.of(1L, 2L, 3L));
    }

    @Test
    void aTableWithoutRoomBeforeItsEndSaysSo() {
        // Every fingerprint with the last home: its run fills the spill slots, and the last
        // slot of the table stays unused.
        int capacity = 64;
        FingerprintTable t = new FingerprintTable(capacity, false);
        long lastHome = -1L - Long.divideUnsigned(-1L, capacity) + 1;
        int placed = 0;
        for (long fp = lastHome; ; fp += 1 << 20) {
            int r = t.locate(fp);
            if (r == FingerprintTable.NO_ROOM) {
                break;
            }
            assertEquals(0, r);
            t.place(placed++);
        }
        assertEquals(FingerprintTable.SPILL + 64 - (capacity - 1) - 1, placed, "every slot from the home to the last but one");
    }

    @Test
    void copyingIntoATableTooSmallSaysSo() {
        Random random = new Random(17);
        FingerprintTable t = new FingerprintTable(8192, false);
        for (int i = 0; i < 7000; i++) {
            long fp = random.nextLong();
            if (t.locate(fp) == 0) {
                t.place(i);
            }
        }
        assertFalse(t.copyInto(new FingerprintTable(2, false)), "7,000 fingerprints in 4,160 slots");
    }

    @Test
    void aMillionSlotsTakeFortySevenBitsEach() {
        int capacity = 1_100_000;
        long bytes = FingerprintTable.bytesFor(capacity, false);
        double bitsPerSlot = 8.0 * bytes / ((capacity + FingerprintTable.SPILL + 63) & ~63);
        assertEquals(47, bitsPerSlot, 0.001);
        assertEquals(bytes, new FingerprintTable(capacity, false).bytesUsed());
        assertEquals(bytes + 4L * ((capacity + FingerprintTable.SPILL + 63) & ~63),
                FingerprintTable.bytesFor(capacity, true));
    }
}
