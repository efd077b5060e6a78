package ptecheck.explore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.ts.Slot;

class SpillDirectoriesTest {
    private static final StatePacker PACKER = new StatePacker(
            List.of(new Slot("a", 0, 1023), new Slot("b", 0, 1023)));

    /** A queue that has spilled: it keeps 16 states of 4-state chunks in memory. */
    private static StateQueue spilled(Path parent) {
        StateQueue q = new StateQueue(PACKER, new MemoryBudget(1 << 20), parent, 2 * 8 * 16, 2);
        long[] packed = new long[PACKER.words()];
        for (int id = 0; id < 200; id++) {
            PACKER.pack(new int[] {id % 1024, id / 1024}, packed, 0);
            assertTrue(q.append(packed, 0));
        }
        assertTrue(q.spilledChunks() > 0);
        return q;
    }

    @Test
    void aSpillDirectoryIsNamedForItsProcessAndGoesWithTheQueue(@TempDir Path parent) throws IOException {
        StateQueue q = spilled(parent);
        Path dir = q.spillDirectory();
        assertEquals(ProcessHandle.current().pid(), SpillDirectories.pidOf(dir.getFileName().toString()));
        assertTrue(Files.isDirectory(dir));
        q.close();
        assertFalse(Files.exists(dir));
    }

    @Test
    void aRunEndedByASignalDeletesItsSpillDirectories(@TempDir Path parent) {
        StateQueue q = spilled(parent);
        Path dir = q.spillDirectory();
        SpillDirectories.deleteAll(); // what the CLI's shutdown hook does before it halts
        assertFalse(Files.exists(dir));
    }

    @Test
    void theNextSpillDeletesWhatAKilledProcessLeft(@TempDir Path parent) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        long deadPid = gone.pid();
        Path left = Files.createDirectory(parent.resolve(SpillDirectories.PREFIX + deadPid + "-123"));
        Files.write(left.resolve("q7.seg"), new byte[64]);
        Path alive = Files.createDirectory(parent.resolve(SpillDirectories.PREFIX + ProcessHandle.current().parent()
                .orElseThrow().pid() + "-456"));
        Path unnamed = Files.createDirectory(parent.resolve(SpillDirectories.PREFIX + "789"));
        StateQueue q = spilled(parent);
        assertFalse(Files.exists(left), "a dead process's directory stays");
        assertTrue(Files.exists(alive), "a running process's directory went");
        assertTrue(Files.exists(unnamed), "a directory that names no process went");
        q.close();
    }

    @Test
    void onlyNamesWithAProcessIdHaveOne() {
        assertEquals(42, SpillDirectories.pidOf("ptecheck-queue-42-9876"));
        assertEquals(-1, SpillDirectories.pidOf("ptecheck-queue-9876"));
        assertEquals(-1, SpillDirectories.pidOf("ptecheck-queue--9876"));
        assertEquals(-1, SpillDirectories.pidOf("ptecheck-queue-x1-9876"));
        assertEquals(-1, SpillDirectories.pidOf("other-42-9876"));
    }
}
