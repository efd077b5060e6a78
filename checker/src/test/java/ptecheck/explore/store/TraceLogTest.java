package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceLogTest {

    @Test
    void entriesSurviveWidthsGrowingInsideABlock() {
        // Groups and successor indexes grow now and then, which re-encodes the current block.
        TraceLog log = new TraceLog(MemoryBudget.unlimited());
        Random random = new Random(7);
        int n = 3 * TraceLog.BLOCK + 17;
        int[] parents = new int[n];
        int[] groups = new int[n];
        int[] successors = new int[n];
        for (int id = 0; id < n; id++) {
            parents[id] = id == 0 ? -1 : random.nextInt(id + 1) - 1;
            groups[id] = random.nextInt(1 << random.nextInt(20)) - 1;
            successors[id] = random.nextInt(10) == 0 ? random.nextInt(1 << random.nextInt(16)) : 0;
            assertTrue(log.append(parents[id], groups[id], successors[id]));
            assertEquals(groups[id], log.group(id));
        }
        for (int id = 0; id < n; id++) {
            assertEquals(parents[id], log.parent(id), "parent of " + id);
            assertEquals(groups[id], log.group(id), "group of " + id);
            assertEquals(successors[id], log.successor(id), "successor of " + id);
        }
    }

    @Test
    void aSmallSearchTakesAboutThreeBytesPerState() {
        // 1,000,000 states, 60 groups, one successor each: 20 + 6 + 0 bits.
        TraceLog log = new TraceLog(MemoryBudget.unlimited());
        for (int id = 0; id < 1_000_000; id++) {
            log.append(id / 16 - 1, id % 60, 0);
        }
        double perState = (double) log.bytesUsed() / log.size();
        assertTrue(perState < 3.5, perState + " bytes per state");
    }

    @Test
    void aRefusedBlockLeavesTheLogAsItWas() {
        TraceLog log = new TraceLog(new MemoryBudget(10_000));
        int added = 0;
        while (log.append(added - 1, 3, 0)) {
            added++;
        }
        assertEquals(TraceLog.BLOCK, added, "the first block fits, the second does not");
        assertEquals(added, log.size());
        assertFalse(log.append(added - 1, 3, 0));
        assertEquals(3, log.group(added - 1));
    }
}
