package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.ts.Slot;
import ptecheck.ts.StateLayout;

class StateQueueTest {
    /** Two slots of 40 bits in all: one word per state. */
    private static final StateLayout LAYOUT = new StateLayout(
            List.of(new Slot("a", 0, (1 << 20) - 1), new Slot("b", 0, (1 << 20) - 1)), List.of());
    private static final StatePacker PACKER = new StatePacker(LAYOUT);

    private static long[] packed(int id) {
        long[] p = new long[1];
        PACKER.pack(new int[] {id & 0xFFFFF, (id * 7) & 0xFFFFF}, p, 0);
        return p;
    }

    /** Chunks of 16 states, 2 chunks in memory at most. */
    private static StateQueue spilling(MemoryBudget budget, Path dir) {
        return new StateQueue(PACKER, budget, dir, 2 * 8 * 16, 4);
    }

    @Test
    void statesPastTheResidentShareGoToDiskAndComeBackUnchanged(@TempDir Path dir) throws IOException {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        StateQueue q = spilling(budget, dir);
        int n = 1_000;
        for (int id = 0; id < n; id++) {
            assertTrue(q.append(packed(id), 0));
        }
        assertTrue(q.spilledChunks() > 50, "spilled " + q.spilledChunks());
        assertTrue(q.bytesUsed() <= 2 * 8 * 16, "in memory: " + q.bytesUsed());
        assertNotNull(q.spillDirectory());
        long[] got = new long[1];
        int[] state = new int[2];
        for (int id = 0; id < n; id++) {
            q.loadPacked(id, got, 0);
            assertArrayEquals(packed(id), got, "state " + id);
            q.load(id, state);
            assertEquals(id & 0xFFFFF, state[0]);
        }
        Path spill = q.spillDirectory();
        long segments;
        try (var files = Files.list(spill)) {
            segments = files.count();
        }
        q.releaseBelow(500);
        try (var files = Files.list(spill)) {
            assertTrue(files.count() < segments, "released chunks' segment files are deleted");
        }
        assertThrows(IndexOutOfBoundsException.class, () -> q.loadPacked(10, got, 0));
        q.close();
        assertFalse(Files.exists(spill), "closing deletes the segment files and their directory");
        assertEquals(0, budget.used(), "everything is given back to the budget");
    }

    @Test
    void severalThreadsLoadSpilledStatesAtOnce(@TempDir Path dir) throws Exception {
        StateQueue q = spilling(new MemoryBudget(1 << 20), dir);
        int n = 5_000;
        for (int id = 0; id < n; id++) {
            q.append(packed(id), 0);
        }
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int start = t * 13;
            threads[t] = new Thread(() -> {
                long[] got = new long[1];
                for (int round = 0; round < 3; round++) {
                    for (int id = start; id < n; id++) {
                        q.loadPacked(id, got, 0);
                        if (got[0] != packed(id)[0]) {
                            wrong.compareAndSet(null, "state " + id);
                        }
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(null, wrong.get());
        q.close();
    }

    @Test
    void aSavedQueueIsRestoredUnderTheSameIds(@TempDir Path dir) throws IOException {
        StateQueue q = spilling(new MemoryBudget(1 << 20), dir);
        for (int id = 0; id < 300; id++) {
            q.append(packed(id), 0);
        }
        q.releaseBelow(100);
        Path file = dir.resolve("queue");
        try (CheckpointOut out = new CheckpointOut(file)) {
            q.save(out, 120);
            out.finish();
        }
        q.close();
        StateQueue r = spilling(new MemoryBudget(1 << 20), dir);
        try (CheckpointIn in = new CheckpointIn(file)) {
            in.verify();
            assertTrue(r.restore(in));
            in.end();
        }
        assertEquals(300, r.end());
        long[] got = new long[1];
        for (int id = 120; id < 300; id++) {
            r.loadPacked(id, got, 0);
            assertArrayEquals(packed(id), got, "state " + id);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> r.loadPacked(119, got, 0));
        r.close();
    }

    @Test
    void withoutABoundTheQueueNeverSpills() {
        StateQueue q = new StateQueue(PACKER, MemoryBudget.unlimited());
        for (int id = 0; id < 100_000; id++) {
            q.append(packed(id), 0);
        }
        assertEquals(0, q.spilledChunks());
        q.close();
    }
}
