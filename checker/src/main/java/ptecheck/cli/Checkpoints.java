package ptecheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;
import ptecheck.compile.CompiledSpec;
import ptecheck.explore.Checkpointing;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchStrategy;
import ptecheck.explore.StoreKind;
import ptecheck.explore.store.CheckpointException;
import ptecheck.lang.LoadedSpec;
import ptecheck.lang.ast.SourceUnit;
import ptecheck.ts.Slot;
import ptecheck.ts.TransitionSystem;

/**
 * {@code check --checkpoint MINUTES}, {@code --checkpoint-dir DIR} and {@code --recover DIR}:
 * checkpoints of a long breadth-first search, and going on from one. A checkpoint carries the
 * run's identity, a hash of the build, the spec's and models' sources, the compiled system's
 * layout and groups, the configuration's values and the flags that change the state space, so
 * that a run with anything else refuses it.
 */
final class Checkpoints {
    static final String DEFAULT_DIR_SUFFIX = ".checkpoint";

    @Option(names = "--checkpoint", paramLabel = "MINUTES",
            description = {"Write a checkpoint of the breadth-first search at the first level boundary every MINUTES",
                "(0: at every level), to --checkpoint-dir; an incomplete or interrupted run can be continued from",
                "it with --recover. One spec file."})
    Double minutes;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where --checkpoint writes (default: SPEC.checkpoint in the current directory, SPEC the spec's "
                    + "file name without .ptm).")
    Path dir;

    @Option(names = "--recover", paramLabel = "DIR",
            description = {"Go on from the checkpoint in DIR, written by a run of the same spec, -D values and flags;",
                "the result is the one that run would have had. With --checkpoint, checkpoints go on in DIR."})
    Path recover;

    private volatile Checkpointing.Written last;

    boolean active() {
        return minutes != null || recover != null || dir != null;
    }

    /** What is wrong with the options for a run of {@code files}; null when nothing. */
    String problem(List<Path> files, SearchOptions o, boolean continueAll) {
        if (!active()) {
            return null;
        }
        String flag = recover != null ? "--recover" : minutes != null ? "--checkpoint" : "--checkpoint-dir";
        if (dir != null && minutes == null) {
            return "--checkpoint-dir is where --checkpoint writes; give --checkpoint MINUTES too";
        }
        if (dir != null && recover != null) {
            return "--recover DIR goes on checkpointing in DIR; --checkpoint-dir does not apply";
        }
        if (minutes != null && !(minutes >= 0 && minutes < 1e9)) {
            return "--checkpoint " + minutes + ": expected minutes, 0 or more";
        }
        if (files.size() != 1) {
            return flag + " takes one spec file, found " + files.size();
        }
        if (o.strategy() != SearchStrategy.BFS) {
            return flag + " is for the breadth-first search; " + (o.strategy() == SearchStrategy.SWARM ? "--swarm"
                    : "--search " + o.strategy().label()) + " does not apply";
        }
        if (continueAll) {
            return flag + " does not apply to --continue, which runs several searches";
        }
        if (recover != null && !Files.isDirectory(recover)) {
            return "--recover " + recover + ": no such directory (it takes the directory a run with --checkpoint wrote)";
        }
        Path d = directory(files.get(0));
        if (Files.exists(d) && !Files.isDirectory(d)) {
            return "--checkpoint-dir " + d + ": is a file, not a directory; checkpoints are written in a directory";
        }
        if (recover == null && Files.exists(d.resolve(FILE))) {
            return d.resolve(FILE) + ": a checkpoint is there already; continue it with --recover " + d
                    + ", or delete it, or give another --checkpoint-dir";
        }
        return null;
    }

    private static final String FILE = "checkpoint.ptc";

    private Path directory(Path spec) {
        if (recover != null) {
            return recover;
        }
        if (dir != null) {
            return dir;
        }
        String name = spec.getFileName().toString();
        return Path.of((name.endsWith(".ptm") ? name.substring(0, name.length() - 4) : name) + DEFAULT_DIR_SUFFIX);
    }

    /**
     * How the search of {@code spec} checkpoints; null without these options.
     *
     * @throws CheckpointException when the checkpoint would be written over one of the spec's files
     */
    Checkpointing plan(Path file, LoadedSpec loaded, CompiledSpec spec, SearchOptions o, boolean deadVariables,
                       Map<String, String> overrides) {
        if (!active()) {
            return null;
        }
        Path d = directory(file);
        for (String name : List.of(FILE, FILE + ".tmp")) {
            Path input = TraceFile.input(d.resolve(name), file, loaded.all());
            if (input != null) {
                throw new CheckpointException(d.resolve(name).toString(), "is " + input + ", a file the spec uses: "
                        + "a checkpoint there would overwrite it", "give another --checkpoint-dir");
            }
        }
        List<String> flags = flags(o, deadVariables);
        String description = file + SearchFlags.defines(spec.constants(), overrides)
                + (flags.isEmpty() ? "" : " " + String.join(" ", flags));
        long interval = minutes == null ? -1 : Math.round(minutes * 60_000);
        if (recover != null) {
            Interruption.checkpointed("Checkpoint: " + d.resolve(FILE) + " (the one this run went on from); continue "
                    + "with --recover " + d);
        }
        return new Checkpointing(d, interval, identity(loaded, spec, o, deadVariables), description, version(),
                recover != null, -1, w -> {
                    last = w;
                    Interruption.checkpointed(line(w));
                });
    }

    /** The flags that change what the search explores or reports, as written. */
    private static List<String> flags(SearchOptions o, boolean deadVariables) {
        List<String> f = new ArrayList<>();
        f.add("--store " + o.store().label());
        if (o.store() == StoreKind.BITSTATE) {
            f.add("--bitstate-bits " + o.bitstateLog2Bits());
            f.add("--hash-functions " + o.hashFunctions());
        }
        if (!o.partialOrder()) {
            f.add("--no-por");
        }
        if (!o.symmetry()) {
            f.add("--no-symmetry");
        }
        if (!deadVariables) {
            f.add("--no-dead-vars");
        }
        if (!o.checkDeadlock()) {
            f.add("--no-deadlock");
        }
        return f;
    }

    /** A hash of everything that decides the state space and how it is numbered. */
    private static String identity(LoadedSpec loaded, CompiledSpec spec, SearchOptions o, boolean deadVariables) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            StringBuilder sb = new StringBuilder();
            sb.append(version()).append('\n');
            for (SourceUnit u : loaded.all()) {
                sb.append("source ").append(u.name()).append('\n');
                md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
                md.update(Files.readAllBytes(Path.of(u.pos().file())));
            }
            for (CompiledSpec.Constant c : spec.constants()) {
                sb.append("const ").append(c.name()).append('=').append(c.value()).append('\n');
            }
            sb.append(String.join(" ", flags(o, deadVariables))).append('\n');
            TransitionSystem ts = spec.system();
            for (Slot s : ts.layout().slots()) {
                sb.append("slot ").append(s).append('\n');
            }
            for (int g = 0; g < ts.groupCount(); g++) {
                sb.append("group ").append(ts.group(g).actor()).append(' ').append(ts.group(g).where()).append(' ')
                        .append(ts.group(g).text()).append('\n');
            }
            ts.properties().forEach(p -> sb.append("property ").append(p.name()).append('\n'));
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the spec for its checkpoint identity: " + e.getMessage(), e);
        }
    }

    private static String version() {
        return new Main.Version().getVersion()[0];
    }

    /**
     * True when {@code run} stopped short of the end of its search (a bound, the memory, an
     * interruption), so that its checkpoint can take it further; false after a verdict, and
     * after a search that ran to its end but proves nothing (bitstate, the buffer bound).
     */
    static boolean resumable(Checkpoints c, SpecRunner.Run run) {
        return c.active() && run.result().outcome() == ptecheck.explore.Outcome.INCOMPLETE
                && java.util.Set.of("max-states", "memory", "interrupted").contains(run.result().stats().stopReason());
    }

    /** Where a run's checkpoint is and how to go on, for the summary of an incomplete run. */
    String summary(Path file) {
        Checkpointing.Written w = last;
        if (w != null) {
            return line(w) + "\n";
        }
        Path d = directory(file);
        if (recover != null) {
            return "Checkpoint: " + d.resolve(FILE) + " (the one this run went on from); continue with --recover " + d
                    + "\n";
        }
        return String.format(Locale.ROOT, "Checkpoint: none written (the first was due after %s min)%n",
                new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
                        .format(minutes));
    }

    private static String line(Checkpointing.Written w) {
        Path dir = w.file().getParent();
        return String.format(Locale.ROOT, "Checkpoint: %s (depth %d, %,d states, %s, written in %.2f s); continue "
                + "with --recover %s", w.file(), w.depth(), w.distinct(), SearchFlags.size(w.bytes()), w.millis() / 1000.0,
                dir);
    }

    /**
     * After a run that ended with a verdict: its checkpoint is of no more use, and a later run
     * with --checkpoint would refuse to start over it.
     */
    void finished(Path file) {
        Path d = directory(file);
        try {
            Files.deleteIfExists(d.resolve(FILE));
            Files.deleteIfExists(d.resolve(FILE + ".tmp")); // what an interrupted checkpoint left
            try (var left = Files.list(d)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(d);
                }
            }
        } catch (IOException e) {
            // left in place: a later run says it is there
        }
    }
}
