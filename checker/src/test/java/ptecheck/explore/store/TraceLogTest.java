package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceLogTest {

    /** Appends every entry, reading each back at once (from the open block) and all at the end (sealed). */
    private static TraceLog roundTrip(int[] parents, int[] groups, int[] successors) {
        TraceLog log = new TraceLog(MemoryBudget.unlimited());
        for (int id = 0; id < parents.length; id++) {
            assertTrue(log.append(parents[id], groups[id], successors[id]));
            assertEquals(parents[id], log.parent(id), "parent of " + id + " just appended");
            assertEquals(groups[id], log.group(id), "group of " + id + " just appended");
        }
        assertEquals(parents.length, log.size());
        for (int id = 0; id < parents.length; id++) {
            assertEquals(parents[id], log.parent(id), "parent of " + id);
            assertEquals(groups[id], log.group(id), "group of " + id);
            assertEquals(successors[id], log.successor(id), "successor of " + id);
        }
        return log;
    }

    @Test
    void randomParentsGroupsAndSuccessorsComeBackAcrossBlocks() {
        // Parents that do not rise (as in a depth-first search) take the fixed-width coding.
        Random random = new Random(7);
        int n = 3 * TraceLog.BLOCK + 17;
        int[] parents = new int[n];
        int[] groups = new int[n];
        int[] successors = new int[n];
        for (int id = 0; id < n; id++) {
            parents[id] = id == 0 ? -1 : random.nextInt(id + 1) - 1;
            groups[id] = random.nextInt(1 << random.nextInt(20)) - 1;
            successors[id] = random.nextInt(10) == 0 ? random.nextInt(1 << random.nextInt(16)) : 0;
        }
        roundTrip(parents, groups, successors);
    }

    @Test
    void breadthFirstParentsComeBackAcrossBlockBoundaries() {
        // Rising parents with gaps of 0 to 5 between entries, some long runs of one parent, and
        // initial states (-1) at the start: the unary coding, with ids on both sides of every
        // block boundary read back.
        Random random = new Random(11);
        int n = 5 * TraceLog.BLOCK + 1;
        int[] parents = new int[n];
        int[] groups = new int[n];
        int[] successors = new int[n];
        int parent = -1;
        for (int id = 0; id < n; id++) {
            if (id >= 3 && random.nextInt(3) == 0) {
                parent = Math.min(id - 1, parent + random.nextInt(6));
            }
            parents[id] = id < 3 ? -1 : Math.max(parent, 0);
            groups[id] = id < 3 ? -1 : random.nextInt(40);
            successors[id] = id < 3 ? id : 0;
        }
        roundTrip(parents, groups, successors);
    }

    @Test
    void theLargestParentJumpsComeBack() {
        // A block whose parents rise by as much as they can: each entry's parent is the entry
        // just before it (0 bits of span saved by unary), and blocks alternating between the
        // smallest (-1, 0) and the largest parents: the fixed coding at full width.
        int n = 4 * TraceLog.BLOCK + 3;
        int[] parents = new int[n];
        int[] groups = new int[n];
        int[] successors = new int[n];
        for (int id = 0; id < n; id++) {
            int block = id / TraceLog.BLOCK;
            parents[id] = switch (block % 3) {
                case 0 -> id - 1;
                case 1 -> id % 2 == 0 ? -1 : id - 1;
                default -> block * TraceLog.BLOCK - 1; // one parent for the whole block
            };
            groups[id] = (1 << 20) - 1 - (id & 1);
            successors[id] = id % 7 == 0 ? Integer.MAX_VALUE : 0;
        }
        roundTrip(parents, groups, successors);
    }

    @Test
    void aBreadthFirstSearchTakesAboutOneBytePerState() {
        // 1,000,000 states, each state with one new successor on average (parents rise by
        // one per entry), 60 groups of one successor: 2 bits of parent, 6 of group.
        TraceLog log = new TraceLog(MemoryBudget.unlimited());
        for (int id = 0; id < 1_000_000; id++) {
            assertTrue(log.append(id / 2 - 1, id % 60, 0));
        }
        double perState = (double) log.bytesUsed() / log.size();
        assertTrue(perState < 1.1, perState + " bytes per state");
        assertEquals(499_998, log.parent(999_999));
        assertEquals(999_999 % 60, log.group(999_999));
    }

    @Test
    void idsOutsideTheLogAreRefused() {
        TraceLog log = new TraceLog(MemoryBudget.unlimited());
        log.append(-1, -1, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> log.parent(1));
        assertThrows(IndexOutOfBoundsException.class, () -> log.group(-1));
        assertThrows(IllegalArgumentException.class, () -> log.append(1, 0, 0));
    }

    @Test
    void aRefusedSealLeavesTheLogAsItWas() {
        // The open block grows to 48 KiB; sealing it needs a little more, which is refused.
        TraceLog log = new TraceLog(new MemoryBudget(12L * TraceLog.BLOCK + 100));
        int added = 0;
        while (log.append(added - 1, 3, 0)) {
            added++;
        }
        assertEquals(TraceLog.BLOCK, added, "the first block fits, its sealing does not");
        assertEquals(added, log.size());
        assertFalse(log.append(added - 1, 3, 0));
        assertEquals(3, log.group(added - 1));
        assertEquals(added - 2, log.parent(added - 1));
    }

    @Test
    void aRefusedOpenBlockGrowthLeavesTheLogAsItWas() {
        TraceLog log = new TraceLog(new MemoryBudget(12L * 300));
        int added = 0;
        while (log.append(added - 1, 5, 1)) {
            added++;
        }
        assertEquals(256, added, "the open block's first arrays fit, their doubling does not");
        assertEquals(1, log.successor(added - 1));
    }
}
