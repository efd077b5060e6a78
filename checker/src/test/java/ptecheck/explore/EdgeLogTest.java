package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ptecheck.explore.store.MemoryBudget;

class EdgeLogTest {

    @Test
    void valuesAreReadBackAcrossChunkBoundaries() {
        EdgeLog log = new EdgeLog(MemoryBudget.unlimited());
        int n = 3 * EdgeLog.CHUNK + 5;
        for (int i = 0; i < n; i++) {
            assertTrue(log.add(i * 7 - 1000));
        }
        assertEquals(n, log.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i * 7 - 1000, log.get(i));
        }
        log.set(EdgeLog.CHUNK, 42);
        assertEquals(42, log.get(EdgeLog.CHUNK));
        assertEquals(4L * EdgeLog.CHUNK * 4, log.bytesUsed());
    }

    @Test
    void truncatingBackIntoAnEarlierChunkReusesTheLaterOnes() {
        MemoryBudget budget = MemoryBudget.unlimited();
        EdgeLog log = new EdgeLog(budget);
        for (int i = 0; i < 2 * EdgeLog.CHUNK + 3; i++) {
            log.add(i);
        }
        long held = budget.used();
        long end = 2L * EdgeLog.CHUNK + 3;
        for (long at : new long[] {EdgeLog.CHUNK + 1, EdgeLog.CHUNK, 0}) {
            log.truncate(at);
            assertEquals(at, log.size());
            for (long i = at; i < end; i++) {
                assertTrue(log.add((int) -i));
            }
            assertEquals(end, log.size());
            assertEquals((int) -(at + 5), log.get(at + 5));
            assertEquals((int) -(end - 1), log.get(end - 1));
        }
        assertEquals(held, budget.used(), "no chunk allocated twice");
        log.release();
        assertEquals(0, budget.used());
    }

    @Test
    void aRefusedChunkMakesTheLogFullForGood() {
        MemoryBudget budget = new MemoryBudget(4L * EdgeLog.CHUNK + 100);
        EdgeLog log = new EdgeLog(budget);
        for (int i = 0; i < EdgeLog.CHUNK; i++) {
            assertTrue(log.add(i));
        }
        assertFalse(log.add(1));
        assertTrue(log.full());
        budget.release(budget.used());
        assertFalse(log.add(2), "stays full");
        assertEquals(EdgeLog.CHUNK, log.size());
    }
}
