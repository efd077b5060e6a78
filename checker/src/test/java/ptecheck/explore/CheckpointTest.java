package ptecheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.explore.store.CheckpointException;
import ptecheck.lang.diag.SpecException;
import ptecheck.testutil.Odometer;
import ptecheck.testutil.Specs;
import ptecheck.ts.TransitionSystem;

/**
 * A search stopped after a level and continued from its checkpoint ends exactly as one that
 * ran through: verdict, counts, depth and counterexample; with every store, with symmetry and
 * partial-order reduction, the progress check and lockdep, on one or two workers. A checkpoint
 * that does not belong to the run, or that is damaged, is refused and nothing of it is used.
 */
class CheckpointTest {
    private static final StoreKind[] STORES = StoreKind.values();

    private static Checkpointing checkpoints(Path dir, String identity) {
        return new Checkpointing(dir, 3_600_000, identity, "the run " + identity, "test", false, -1, null);
    }

    private static SearchOptions options(StoreKind store, int workers) {
        return SearchOptions.defaults().withStore(store).withWorkers(workers).withBitstate(20, 3)
                .withPartialOrder(true).withSymmetry(true);
    }

    private static TransitionSystem spec(String file, Map<String, String> defines) throws SpecException {
        Path path = file.startsWith("specs/") ? Specs.repo(file) : Specs.resource(file);
        return Specs.compile(path, defines).system();
    }

    /** Runs through, then stopped after level {@code k} and continued on {@code recoverWorkers}, and compares. */
    private static void interruptedAndRecoveredAgree(TransitionSystem ts, SearchOptions o, SearchResult through, int k,
                                                     int recoverWorkers, Path dir, String what) {
        Checkpointing c = checkpoints(dir, what);
        SearchResult stopped = new BfsSearch(ts, o, c.withStopAfterLevel(k)).run();
        // Stopped, it is incomplete; or, with a lock-order finding made before, reports that.
        assertTrue(stopped.outcome() == Outcome.INCOMPLETE && stopped.stats().stopReason().equals("interrupted")
                || stopped.outcome() == Outcome.VIOLATION && stopped.witnesses().size() > 1, what);
        assertTrue(Files.exists(c.file()), what);
        SearchResult recovered = new BfsSearch(ts, o.withWorkers(recoverWorkers), c.withRecover(true)).run();
        assertSame(through, recovered, what + ", stopped after level " + k);
    }

    private static void assertSame(SearchResult a, SearchResult b, String what) {
        assertEquals(a.outcome(), b.outcome(), what);
        assertEquals(a.stats().distinct(), b.stats().distinct(), what + ": distinct");
        assertEquals(a.stats().generated(), b.stats().generated(), what + ": generated");
        assertEquals(a.stats().depth(), b.stats().depth(), what + ": depth");
        assertEquals(a.stats().reducedStates(), b.stats().reducedStates(), what + ": reduced");
        assertEquals(a.stats().stopReason(), b.stats().stopReason(), what + ": stop reason");
        assertEquals(a.stats().missProbability(), b.stats().missProbability(), 1e-12, what + ": miss probability");
        assertEquals(a.counterexample() == null, b.counterexample() == null, what + ": counterexample");
        if (a.counterexample() != null) {
            assertEquals(a.counterexample().property(), b.counterexample().property(), what);
            assertEquals(a.counterexample().groups(), b.counterexample().groups(), what + ": trace");
            assertEquals(a.counterexample().states().size(), b.counterexample().states().size(), what);
            for (int i = 0; i < a.counterexample().states().size(); i++) {
                assertArrayEquals(a.counterexample().states().get(i), b.counterexample().states().get(i), what);
            }
            assertEquals(a.witnesses().size(), b.witnesses().size(), what + ": witnesses");
            for (int i = 0; i < a.witnesses().size(); i++) {
                assertEquals(a.witnesses().get(i).groups(), b.witnesses().get(i).groups(), what + ": witness " + i);
            }
        }
    }

    @Test
    void aSearchContinuedFromACheckpointEndsAsOneThatRanThrough(@TempDir Path dir) throws SpecException {
        record Case(String file, Map<String, String> defines) {}
        List<Case> cases = List.of(
                new Case("specs/ppc_lockless_walk/hash_page_walk.ptm", Map.of()), // pass, progress check
                new Case("specs/ppc_lockless_walk/hash_page_walk.ptm", Map.of("VARIANT", "collapse_no_kick")),
                new Case("specs/locks/abba_mmap_ptl.ptm", Map.of()), // lockdep across levels
                new Case("specs/mprotect/mprotect_notifier.ptm", Map.of("VARIANT", "no_notifier")),
                new Case("features/symmetry_cpus.ptm", Map.of("CPUS", "5")),
                new Case("progress/stuck_while_tlbs_move.ptm", Map.of())); // stuck: rerun without reduction
        int n = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            TransitionSystem ts = spec(c.file(), c.defines());
            // Two stores a case, one that keeps states and one that does not, in turn.
            for (StoreKind store : new StoreKind[] {STORES[i % STORES.length], STORES[(i + 2) % STORES.length]}) {
                SearchResult through = new BfsSearch(ts, options(store, 2)).run();
                int depth = through.stats().depth();
                for (int k : new int[] {1, depth / 2 + 1}) {
                    if (k >= depth) {
                        continue; // nothing to continue
                    }
                    String what = c.file() + " " + c.defines() + " " + store;
                    interruptedAndRecoveredAgree(ts, options(store, 2), through, k, k % 2 == 0 ? 2 : 1,
                            dir.resolve("c" + n++), what);
                }
            }
        }
    }

    @Test
    void aSpillingQueueFindsWhatAQueueInMemoryFinds(@TempDir Path dir) {
        Odometer odometer = new Odometer(3, 25); // 17,576 states, levels of up to ~500 states
        for (StoreKind store : new StoreKind[] {StoreKind.FINGERPRINT, StoreKind.BITSTATE}) {
            SearchOptions o = SearchOptions.defaults().withStore(store).withWorkers(2).withBitstate(24, 3);
            SearchResult inMemory = new BfsSearch(odometer, o).run();
            // 2 chunks of 16 states in memory: the frontier is on disk, and comes back at every level.
            SearchResult spilling = new BfsSearch(odometer, o).spillingQueue(2 * 16 * 8, 4).run();
            assertSame(inMemory, spilling, store + " spilling");
            assertEquals(17_576, spilling.stats().distinct());
            Checkpointing c = checkpoints(dir.resolve(store.label()), "odometer");
            new BfsSearch(odometer, o, c.withStopAfterLevel(30)).spillingQueue(2 * 16 * 8, 4).run();
            SearchResult recovered = new BfsSearch(odometer, o.withWorkers(1), c.withRecover(true))
                    .spillingQueue(2 * 16 * 8, 4).run();
            assertSame(inMemory, recovered, store + " spilling, recovered");
        }
    }

    @Test
    void aCheckpointIsWrittenAtEveryLevelWithIntervalZeroAndTheLastOneIsKept(@TempDir Path dir) {
        Odometer odometer = new Odometer(2, 9);
        List<Checkpointing.Written> written = new ArrayList<>();
        Checkpointing c = new Checkpointing(dir, 0, "odometer", "odometer", "test", false, -1, written::add);
        SearchResult r = new BfsSearch(odometer, SearchOptions.defaults(), c).run();
        assertEquals(Outcome.PASS, r.outcome());
        assertEquals(18, r.stats().depth());
        assertEquals(19, written.size(), "one at the start of every level");
        for (int d = 0; d < written.size(); d++) {
            assertEquals(d, written.get(d).depth());
            assertTrue(written.get(d).bytes() > 0);
        }
        assertEquals(Files.exists(dir.resolve("checkpoint.ptc")), true);
        assertFalse(Files.exists(dir.resolve("checkpoint.ptc.tmp")), "the temporary file is renamed");
    }

    @Test
    void aCrashWhileCheckpointingLeavesThePreviousCheckpointUsable(@TempDir Path dir) throws IOException {
        Odometer odometer = new Odometer(3, 9);
        SearchOptions o = SearchOptions.defaults();
        SearchResult through = new BfsSearch(odometer, o).run();
        Checkpointing c = checkpoints(dir, "odometer");
        new BfsSearch(odometer, o, c.withStopAfterLevel(4)).run();
        // What a crash half way through writing the next one leaves: a partial temporary file.
        byte[] whole = Files.readAllBytes(c.file());
        Files.write(dir.resolve("checkpoint.ptc.tmp"), java.util.Arrays.copyOf(whole, whole.length / 3));
        assertSame(through, new BfsSearch(odometer, o, c.withRecover(true)).run(), "recovered");
    }

    /** A checkpoint of the odometer at level 3, and the checkpointing that wrote it. */
    private static Checkpointing written(Path dir) {
        Checkpointing c = checkpoints(dir, "odometer");
        new BfsSearch(new Odometer(3, 9), SearchOptions.defaults(), c.withStopAfterLevel(3)).run();
        return c;
    }

    private static CheckpointException refused(Checkpointing c, TransitionSystem ts, SearchOptions o) {
        return assertThrows(CheckpointException.class, () -> new BfsSearch(ts, o, c.withRecover(true)).run());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path dir) {
        Checkpointing c = written(dir);
        Checkpointing other = new Checkpointing(dir, 0, "another", "the other run", "test", false, -1, null);
        CheckpointException e = refused(other, new Odometer(3, 9), SearchOptions.defaults());
        assertEquals(c.file().toString(), e.file());
        assertTrue(e.getMessage().contains("a checkpoint of another run: the run odometer"), e.getMessage());
        assertTrue(e.hint().contains("this run is the other run"), e.hint());
        // Same identity but states of another shape (a bug in how identities are made): refused too.
        e = refused(c, new Odometer(4, 9), SearchOptions.defaults());
        assertTrue(e.getMessage().contains("another run"), e.getMessage());
        e = refused(c, new Odometer(3, 9), SearchOptions.defaults().withStore(StoreKind.FINGERPRINT));
        assertTrue(e.getMessage().contains("another run"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherFormatIsRefusedWithTheFormatAndTheBuildThatWroteIt(@TempDir Path dir) throws IOException {
        Checkpointing c = written(dir);
        byte[] b = Files.readAllBytes(c.file());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Checkpoint.FORMAT + 1);
        Files.write(c.file(), b);
        CheckpointException e = refused(c, new Odometer(3, 9), SearchOptions.defaults());
        assertEquals("checkpoint format " + (Checkpoint.FORMAT + 1) + " (written by test); this build (test) reads format "
                + Checkpoint.FORMAT + " only", e.getMessage());
        assertTrue(e.hint().contains("without --recover"), e.hint());
    }

    @Test
    void aTruncatedOrDamagedCheckpointIsRefused(@TempDir Path dir) throws IOException {
        Checkpointing c = written(dir);
        byte[] whole = Files.readAllBytes(c.file());
        for (int cut : new int[] {0, 5, 13, whole.length / 2, whole.length - 1}) {
            Files.write(c.file(), java.util.Arrays.copyOf(whole, cut));
            CheckpointException e = refused(c, new Odometer(3, 9), SearchOptions.defaults());
            assertTrue(e.getMessage().contains("truncated"), cut + ": " + e.getMessage());
        }
        for (int at : new int[] {whole.length / 3, whole.length - 20, whole.length - 3}) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x10;
            Files.write(c.file(), damaged);
            CheckpointException e = refused(c, new Odometer(3, 9), SearchOptions.defaults());
            assertTrue(e.getMessage().contains("checksum"), at + ": " + e.getMessage());
        }
        Files.writeString(c.file(), "spec notes\nnot a checkpoint at all\n");
        assertEquals("not a ptecheck checkpoint", refused(c, new Odometer(3, 9), SearchOptions.defaults()).getMessage());
        Files.delete(c.file());
        assertEquals("no checkpoint there", refused(c, new Odometer(3, 9), SearchOptions.defaults()).getMessage());
    }

    @Test
    void aRecoveredRunGoesOnCheckpointingAndCanBeRecoveredAgain(@TempDir Path dir) {
        Odometer odometer = new Odometer(3, 9);
        SearchOptions o = SearchOptions.defaults().withStore(StoreKind.FINGERPRINT);
        SearchResult through = new BfsSearch(odometer, o).run();
        Checkpointing c = checkpoints(dir, "odometer");
        new BfsSearch(odometer, o, c.withStopAfterLevel(5)).run();
        SearchResult again = new BfsSearch(odometer, o, c.withRecover(true).withStopAfterLevel(12)).run();
        assertEquals(Outcome.INCOMPLETE, again.outcome());
        assertNotNull(again.stats());
        assertSame(through, new BfsSearch(odometer, o, c.withRecover(true)).run(), "recovered twice");
    }
}
