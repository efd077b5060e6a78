package ptecheck.cli;

import static ptecheck.cli.Ran.ptecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptecheck.testutil.MiniJson;

/**
 * {@code check --checkpoint}, {@code --checkpoint-dir} and {@code --recover} on the command line:
 * a bounded run says where its checkpoint is, the continued run prints what a run that went
 * through prints, and every checkpoint that cannot be used is refused in one line, exit 2.
 */
class CheckpointCommandTest {
    private static final Path ROOT = Path.of(System.getProperty("ptecheck.root", ".."));
    private static final String WALK = ROOT.resolve("specs/ppc_lockless_walk/hash_page_walk.ptm").toString();

    @TempDir
    Path dir;

    /** The verdict and counts line, without the time and rate, which differ from run to run. */
    private static String verdict(Ran r) {
        String line = r.out().lines().filter(l -> l.startsWith("No violation") || l.startsWith("Violation found")
                || l.startsWith("Explored")).findFirst().orElseThrow(() -> new AssertionError(r.out() + r.err()));
        return line.replaceAll(", [0-9.]+ s, [0-9,]+ states/s", "");
    }

    /** The trace: everything between the verdict and the counts. */
    private static String trace(Ran r) {
        String out = r.out();
        int from = out.indexOf("Initial state:");
        int to = out.indexOf("\nExplored");
        return from < 0 ? "" : out.substring(from, to);
    }

    @Test
    void aBoundedRunSaysWhereItsCheckpointIsAndTheContinuedRunEndsAsARunThrough() {
        Path cp = dir.resolve("walk");
        for (String variant : new String[] {"seed_rules", "collapse_no_kick"}) {
            Ran through = ptecheck("check", WALK, "-D", "VARIANT=" + variant, "--quiet", "--workers", "2");
            Ran bounded = ptecheck("check", WALK, "-D", "VARIANT=" + variant, "--quiet", "--workers", "2",
                    "--checkpoint", "0", "--checkpoint-dir", cp.toString(), "--max-states", "200");
            assertEquals(ExitCode.INCOMPLETE, bounded.exit(), bounded.out() + bounded.err());
            assertTrue(bounded.out().contains("Incomplete: stopped at the --max-states bound of 200"), bounded.out());
            assertTrue(bounded.out().contains("Checkpoint: " + cp.resolve("checkpoint.ptc") + " (depth "), bounded.out());
            assertTrue(bounded.out().contains("continue with --recover " + cp), bounded.out());
            Ran recovered = ptecheck("check", WALK, "-D", "VARIANT=" + variant, "--quiet", "--workers", "1",
                    "--recover", cp.toString());
            assertEquals(through.exit(), recovered.exit(), recovered.out() + recovered.err());
            assertEquals(verdict(through), verdict(recovered));
            assertEquals(trace(through), trace(recovered));
            assertFalse(recovered.out().contains("Checkpoint:"), "a run with a verdict has nothing to go on from");
            assertFalse(Files.exists(cp), "nor leaves its checkpoint behind");
        }
    }

    @Test
    void aContinuedRunThatIsBoundedAgainGoesOnCheckpointing() {
        Path cp = dir.resolve("walk");
        ptecheck("check", WALK, "--quiet", "--checkpoint", "0", "--checkpoint-dir", cp.toString(), "--max-states", "100");
        Ran again = ptecheck("check", WALK, "--quiet", "--checkpoint", "0", "--recover", cp.toString(), "--max-states",
                "300", "--json");
        assertEquals(ExitCode.INCOMPLETE, again.exit(), again.out() + again.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) MiniJson.parse(again.out());
        assertEquals("incomplete", j.get("outcome"));
        assertTrue(j.get("checkpoint").toString().startsWith("Checkpoint: " + cp.resolve("checkpoint.ptc")), j.toString());
        assertEquals(ExitCode.OK, ptecheck("check", WALK, "--quiet", "--recover", cp.toString()).exit());
    }

    private Path bounded() {
        Path cp = dir.resolve("walk");
        Ran r = ptecheck("check", WALK, "--quiet", "--checkpoint", "0", "--checkpoint-dir", cp.toString(), "--max-states",
                "200");
        assertEquals(ExitCode.INCOMPLETE, r.exit(), r.out() + r.err());
        return cp;
    }

    /** Refused: exit 2, one line on standard error naming the file, and no verdict. */
    private static String refused(String... args) {
        Ran r = ptecheck(args);
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        return r.err().strip();
    }

    @Test
    void aCheckpointOfOtherValuesOrFlagsIsRefused() throws Exception {
        Path cp = bounded();
        String file = cp.resolve("checkpoint.ptc").toString();
        String e = refused("check", WALK, "-D", "VARIANT=collapse_no_kick", "--recover", cp.toString());
        assertTrue(e.startsWith("ptecheck: " + file + ": a checkpoint of another run: " + WALK + " -D VARIANT=seed_rules"), e);
        assertTrue(e.contains("hint: this run is " + WALK + " -D VARIANT=collapse_no_kick"), e);
        for (String[] flags : new String[][] {{"--store", "tree"}, {"--no-por"}, {"--no-dead-vars"}, {"--no-deadlock"}}) {
            String[] args = new String[4 + flags.length];
            System.arraycopy(new String[] {"check", WALK, "--recover", cp.toString()}, 0, args, 0, 4);
            System.arraycopy(flags, 0, args, 4, flags.length);
            assertTrue(refused(args).contains("a checkpoint of another run"), String.join(" ", flags));
        }
        // Flags that do not change the state space are free: workers, the memory bound, the bound.
        assertEquals(ExitCode.OK, ptecheck("check", WALK, "--quiet", "--recover", cp.toString(), "--workers", "1",
                "--memory", "1g").exit());
    }

    @Test
    void aCheckpointOfAnotherFormatOrDamagedIsRefused() throws Exception {
        Path cp = bounded();
        Path file = cp.resolve("checkpoint.ptc");
        byte[] good = Files.readAllBytes(file);
        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
        Files.write(file, newer);
        String e = refused("check", WALK, "--recover", cp.toString());
        assertTrue(e.matches("ptecheck: .*checkpoint.ptc: checkpoint format 7 \\(written by ptecheck .*\\); this build "
                + "\\(ptecheck .*\\) reads format 4 only; hint: finish the run with the build that wrote it, or start "
                + "afresh without --recover"), e);
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        assertTrue(refused("check", WALK, "--recover", cp.toString()).contains("truncated or damaged"));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        Files.write(file, flipped);
        assertTrue(refused("check", WALK, "--recover", cp.toString()).contains("checksum mismatch"));
        Files.write(file, good);
        assertEquals(ExitCode.OK, ptecheck("check", WALK, "--quiet", "--recover", cp.toString()).exit());
    }

    @Test
    void checkpointsAreNeverWrittenOverAnInputNorOverAnotherCheckpoint() throws Exception {
        Path cp = bounded();
        assertTrue(refused("check", WALK, "--checkpoint", "0", "--checkpoint-dir", cp.toString())
                .contains("a checkpoint is there already; continue it with --recover " + cp));
        assertTrue(refused("check", WALK, "--checkpoint", "1", "--checkpoint-dir", WALK).contains("is a file"));
        // A directory whose checkpoint file would be the spec itself.
        Path specDir = dir.resolve("specdir");
        Files.createDirectories(specDir);
        Path spec = specDir.resolve("checkpoint.ptc");
        Files.copy(Path.of(ROOT.resolve("checker/src/test/resources/features/symmetry_cpus.ptm").toString()), spec);
        String e = refused("check", spec.toString(), "--checkpoint", "1", "--checkpoint-dir", specDir.toString());
        assertTrue(e.contains("a checkpoint is there already") || e.contains("a file the spec uses"), e);
        String text = Files.readString(spec);
        assertTrue(text.startsWith("spec symmetry_cpus"), "the spec is untouched");
    }

    @Test
    void optionsThatDoNotFitAreUsageErrors() {
        assertTrue(refused("check", WALK, "--checkpoint", "1", "--search", "dfs").contains("--search dfs does not apply"));
        assertTrue(refused("check", WALK, "--checkpoint", "1", "--swarm", "2").contains("--swarm does not apply"));
        assertTrue(refused("check", WALK, "--checkpoint", "1", "--continue").contains("--continue"));
        assertTrue(refused("check", WALK, "--checkpoint", "-1").contains("expected minutes"));
        assertTrue(refused("check", WALK, "--checkpoint-dir", dir.toString()).contains("give --checkpoint MINUTES too"));
        assertTrue(refused("check", WALK, "--recover", dir.resolve("nowhere").toString()).contains("no such directory"));
        assertTrue(refused("check", WALK, "--recover", dir.toString()).contains("no checkpoint there"));
        assertTrue(refused("check", WALK, WALK, "--checkpoint", "1").contains("takes one spec file"));
    }
}
