package ptecheck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import ptecheck.explore.ProgressPrinter;
import ptecheck.explore.SearchOptions;
import ptecheck.explore.SearchStrategy;
import ptecheck.explore.Stats;
import ptecheck.explore.StoreKind;

/**
 * How to search, shared by {@code check} and {@code test} as a Picocli mixin: workers, store,
 * memory bound, reductions and progress reports.
 */
final class SearchFlags {
    @Option(names = "--search", paramLabel = "ORDER",
            description = "bfs (default: breadth-first, shortest counterexamples) or dfs (depth-first on one "
                    + "thread: finds deep violations sooner; its counterexample is not necessarily shortest, and "
                    + "partial-order reduction is off).")
    String search = "bfs";

    @Option(names = "--swarm", paramLabel = "N",
            description = "Run N diversified depth-first bitstate searches (hash seeds, transition orders) on the "
                    + "workers instead of one exhaustive search (SPIN's swarm): a partial search, for state spaces "
                    + "too big to store. Array size per member: --bitstate-bits (default 24).")
    Integer swarm;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads exploring each breadth-first level (default: all cores). The result does not "
                    + "depend on it.")
    Integer workers;

    @Option(names = "--store", paramLabel = "KIND",
            description = "How visited states are kept: exact (default: every state packed as it is), tree (every "
                    + "state, tree-compressed: states share their common parts, about a sixth of exact's memory, "
                    + "1.3 to 1.7 times its CPU time), fingerprint (64-bit "
                    + "fingerprints, about 9 bytes per state, collision probability reported) or bitstate "
                    + "(supertrace: a partial search).")
    String store;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "Stop (incomplete, exit 3) rather than hold more than SIZE in stores, queues and buffers, "
                    + "e.g. 2g or 512m (default: 80%% of the Java heap).")
    String memory;

    @Option(names = "--bitstate-bits", paramLabel = "N",
            description = "With --store bitstate: an array of 2^N bits (default 30: 128 MiB; SPIN's -w). With "
                    + "--swarm: per member (default 24: 2 MiB).")
    Integer bitstateBits;

    @Option(names = "--hash-functions", paramLabel = "K",
            description = "With --store bitstate: bits set per state (default 3; SPIN's -k).")
    int hashFunctions = 3;

    @Option(names = "--no-por", description = "Explore every interleaving: no partial-order reduction (to compare).")
    boolean noPor;

    @Option(names = "--no-symmetry",
            description = "Store every state as it is, not one per class of interchangeable indices (to compare).")
    boolean noSymmetry;

    @Option(names = "--no-dead-vars",
            description = "Keep every kernel local's last value, also where no later step reads it (no dead-variable "
                    + "reduction; to compare).")
    boolean noDeadVars;

    /** Dead-variable reduction is a compile option: the runner compiles with it. */
    boolean deadVariables() {
        return !noDeadVars;
    }

    @Option(names = "--check-dependencies",
            description = "Check while exploring that every transition reads and writes only the state it declares "
                    + "(slow; for testing the compiler, on which partial-order reduction relies).")
    boolean checkDependencies;

    @Option(names = "--interpret",
            description = "Interpret the spec's guards and actions and try every transition in every state, instead of "
                    + "running them compiled to bytecode (slower; to compare).")
    boolean interpret;

    @Option(names = "--quiet", description = "No progress line on standard error.")
    boolean quiet;

    @Option(names = "--progress-interval", paramLabel = "SECONDS",
            description = "Seconds between progress reports on runs longer than 2 s (default: 1 on a terminal, "
                    + "where the line is updated in place; 10 otherwise, one line each).")
    Double progressInterval;

    /** Progress goes to {@code err}; tests and callers that want it silent pass --quiet. */
    private java.io.PrintWriter progressOut;

    void progressTo(java.io.PrintWriter err) {
        this.progressOut = err;
    }

    /** The options these flags ask for, on top of {@code base}. */
    SearchOptions apply(SearchOptions base) throws SpecRunner.UsageError {
        SearchStrategy strategy = switch (search.toLowerCase(Locale.ROOT)) {
            case "bfs" -> SearchStrategy.BFS;
            case "dfs" -> SearchStrategy.DFS;
            default -> throw new SpecRunner.UsageError("--search " + search + ": expected bfs or dfs");
        };
        if (swarm != null && (swarm < 1 || swarm > 10_000)) {
            throw new SpecRunner.UsageError("--swarm " + swarm + ": expected 1 to 10000 members");
        }
        String store = this.store == null ? "exact" : this.store;
        if (swarm != null && !store.equalsIgnoreCase("exact") && !store.equalsIgnoreCase("bitstate")) {
            throw new SpecRunner.UsageError("--swarm runs bitstate searches; --store " + store + " does not apply");
        }
        if (swarm != null && !search.equalsIgnoreCase("bfs")) {
            throw new SpecRunner.UsageError("--swarm members search depth-first; --search " + search
                    + " does not apply");
        }
        int bitstateBits = this.bitstateBits != null ? this.bitstateBits
                : swarm != null ? SWARM_BITSTATE_LOG2_BITS : SearchOptions.DEFAULT_BITSTATE_LOG2_BITS;
        StoreKind kind = switch (store.toLowerCase(Locale.ROOT)) {
            case "exact" -> StoreKind.EXACT;
            case "tree" -> StoreKind.TREE;
            case "fingerprint", "fp" -> StoreKind.FINGERPRINT;
            case "bitstate", "supertrace" -> StoreKind.BITSTATE;
            default -> throw new SpecRunner.UsageError("--store " + store + ": expected tree, exact, fingerprint or bitstate");
        };
        int n = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (n < 1 || n > 1024) {
            throw new SpecRunner.UsageError("--workers " + n + ": expected 1 to 1024");
        }
        if (bitstateBits < 6 || bitstateBits > 36) {
            throw new SpecRunner.UsageError("--bitstate-bits " + bitstateBits + ": expected 6 to 36");
        }
        if (hashFunctions < 1 || hashFunctions > 16) {
            throw new SpecRunner.UsageError("--hash-functions " + hashFunctions + ": expected 1 to 16");
        }
        long bytes = memory == null ? 0 : parseSize(memory);
        if (memory != null && bytes < (1L << 20)) {
            throw new SpecRunner.UsageError("--memory " + memory + ": at least 1m is needed");
        }
        if (swarm != null) {
            int running = Math.min(swarm, n);
            long allowed = bytes > 0 ? bytes : (long) (Runtime.getRuntime().maxMemory() * 0.8);
            if (running * ((1L << bitstateBits) / 8) > allowed / 2) {
                throw new SpecRunner.UsageError("--swarm " + swarm + ": " + running + " arrays of 2^" + bitstateBits
                        + " bits at once take more than half of " + (memory != null ? "--memory " + memory
                        : "the memory allowed (" + size(allowed) + ")") + "; lower --bitstate-bits or --workers");
            }
        }
        if (kind == StoreKind.BITSTATE && bytes > 0 && (1L << bitstateBits) / 8 > bytes / 2) {
            throw new SpecRunner.UsageError("--store bitstate: an array of 2^" + bitstateBits + " bits ("
                    + size((1L << bitstateBits) / 8) + ") takes more than half of --memory " + memory
                    + "; lower --bitstate-bits");
        }
        SearchOptions o = base.withWorkers(n).withStore(kind).withMemoryBytes(bytes).withBitstate(bitstateBits,
                hashFunctions).withPartialOrder(!noPor).withCheckDependencies(checkDependencies)
                .withSymmetry(!noSymmetry).withStrategy(strategy);
        if (swarm != null) {
            o = o.withSwarm(swarm);
        }
        if (progressInterval != null && !(progressInterval > 0)) {
            throw new SpecRunner.UsageError("--progress-interval " + progressInterval + ": expected a positive number");
        }
        if (!quiet && progressOut != null) {
            boolean terminal = Terminal.stderrIsTerminal();
            double seconds = progressInterval != null ? progressInterval : terminal ? 1 : 10;
            long interval = Math.round(seconds * 1000);
            o = o.withProgress(Interruption.recording(new ProgressPrinter(progressOut, terminal, 2000, interval,
                    base.maxStates(), bytes)),
                    Math.min(interval, Interruption.SNAPSHOT_MILLIS));
        } else if (progressOut != null) {
            o = o.withProgress(Interruption.recording(null), Interruption.SNAPSHOT_MILLIS);
        }
        return o;
    }

    /** {@code 2g}, {@code 512m}, {@code 64k} or a number of bytes. */
    static long parseSize(String text) throws SpecRunner.UsageError {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
            if (unit != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new SpecRunner.UsageError("--memory " + text + ": expected a size such as 2g, 512m or 100000000");
        }
    }

    /** Human-readable size. */
    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    /**
     * What the summary adds to the verdict: how states were stored (with the collision
     * probability or coverage), memory, the reductions, and whether the progress check was left
     * out although asked for ({@code progressSkipped}: why, or null). {@code symmetryRefusal}: why
     * the compiler declared no CPU symmetry, or null.
     */
    static String summary(Stats s, SearchOptions o, List<String> symmetries, String symmetryRefusal,
                          String porUnsound, String progressSkipped) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Store: %s, %s (%.1f bytes/state), peak %s of %s",
                s.store().label(), size(s.storeBytes()), s.bytesPerState(), size(s.peakBytes()),
                s.memoryLimit() > 0 ? size(s.memoryLimit()) + " allowed" : "no bound"));
        switch (s.store()) {
            case FINGERPRINT -> sb.append(String.format(Locale.ROOT,
                    "; fingerprint collision probability %.1e (optimistic), %.1e (observed)",
                    s.collisionProbability(), s.observedCollisionProbability()));
            case BITSTATE -> sb.append(bitstate(s, o));
            default -> { }
        }
        sb.append('\n');
        if (o.strategy() == SearchStrategy.DFS) {
            sb.append("Search: depth-first (counterexamples not necessarily shortest)\n");
        }
        sb.append(String.format(Locale.ROOT, "Workers: %d; %,d states/s", s.workers(), Math.round(s.statesPerSecond())));
        if (o.partialOrder() && porUnsound == null) {
            sb.append(String.format(Locale.ROOT, "; partial-order reduction on (%,d states expanded in part)",
                    s.reducedStates()));
        } else if (o.partialOrder()) {
            sb.append("; partial-order reduction off (").append(porUnsound).append(')');
        } else {
            sb.append("; partial-order reduction off");
        }
        if (!o.symmetry()) {
            sb.append("; symmetry reduction off");
        } else if (symmetries.isEmpty()) {
            sb.append("; no symmetry declared").append(symmetryRefusal == null ? "" : " (" + symmetryRefusal + ")");
        } else {
            sb.append("; symmetry reduction over ").append(String.join(", ", symmetries));
        }
        if (o.checkDependencies()) {
            sb.append("; dependencies checked");
        }
        if (progressSkipped != null) {
            sb.append("; progress check NOT run (").append(progressSkipped)
                    .append("): a process that can never finish is not reported");
        }
        if (o.memoryBytes() > 0 && s.memoryLimit() > 0 && s.memoryLimit() < o.memoryBytes()) {
            sb.append(" (--memory lowered to ").append(size(s.memoryLimit()))
                    .append(", 80% of the Java heap; raise it with JAVA_OPTS=-Xmx...)");
        }
        sb.append('\n');
        return sb.toString();
    }

    /** Default array size of each swarm member: 2^24 bits, 2 MiB. */
    static final int SWARM_BITSTATE_LOG2_BITS = 24;

    /**
     * The honest part of a bitstate summary: Holzmann's hash factor (bits per state stored;
     * SPIN advises at least 100) and a lower bound on the chance that a state was missed. No
     * coverage figure: what a missed state would have led to is unknown.
     */
    static String bitstate(Stats s, SearchOptions o) {
        return String.format(Locale.ROOT, "; hash factor %.1f (2^%d bits / %,d states; below 100 states are likely "
                        + "missed), chance a state was missed at least %s; coverage unknown (a partial search: finding "
                        + "nothing proves nothing)", hashFactor(s, o), o.bitstateLog2Bits(), s.distinct(),
                probability(s.missProbability()));
    }

    static double hashFactor(Stats s, SearchOptions o) {
        return Math.pow(2, o.bitstateLog2Bits()) / Math.max(1, s.distinct());
    }

    private static String probability(double p) {
        return p >= 0.995 ? String.format(Locale.ROOT, "%.2f", p) : p >= 0.001
                ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** For a swarm: how many members ran and the states each stored; empty otherwise. */
    static String swarm(ptecheck.explore.SearchResult r, SearchOptions o) {
        if (o.strategy() != SearchStrategy.SWARM) {
            return "";
        }
        List<String> each = new ArrayList<>();
        for (Stats m : r.members()) {
            each.add(String.format(Locale.ROOT, "%,d", m.distinct()));
        }
        String stopped = r.members().size() < o.swarm()
                ? " (" + (o.swarm() - r.members().size()) + " after the one that found the violation stopped)" : "";
        return "Swarm: " + r.members().size() + " of " + o.swarm() + " members ran" + stopped + "; states each stored: "
                + String.join(", ", each) + "\n";
    }

    /** The names of the symmetries a system declares, with their sizes: {@code CPU (3)}. */
    static List<String> symmetries(ptecheck.ts.TransitionSystem ts) {
        List<String> out = new ArrayList<>();
        for (ptecheck.ts.Symmetry sym : ts.symmetries()) {
            out.add(sym.name() + " (" + sym.size() + ")");
        }
        return out;
    }

    /** The same facts as {@link #summary}, for {@code --json}. */
    static java.util.Map<String, Object> json(Stats s, SearchOptions o, boolean symmetryApplied, String progressSkipped,
                                              String reproduce, List<Long> swarmStates) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("workers", s.workers());
        m.put("store", s.store().label());
        m.put("store_bytes", s.storeBytes());
        m.put("bytes_per_state", Math.round(s.bytesPerState() * 10) / 10.0);
        m.put("peak_bytes", s.peakBytes());
        m.put("memory_limit", s.memoryLimit());
        m.put("partial_order_reduction", o.partialOrder());
        m.put("reduced_states", s.reducedStates());
        m.put("symmetry_reduction", symmetryApplied);
        if (progressSkipped != null) {
            m.put("progress_check_not_run", progressSkipped);
        }
        if (s.store() == StoreKind.FINGERPRINT) {
            m.put("collision_probability", s.collisionProbability());
            m.put("observed_collision_probability", s.observedCollisionProbability());
        }
        if (s.store() == StoreKind.BITSTATE) {
            m.put("hash_factor", hashFactor(s, o));
            m.put("miss_probability_at_least", s.missProbability());
            m.put("coverage", "unknown");
        }
        m.put("search", o.strategy().label());
        if (o.strategy() == SearchStrategy.SWARM) {
            m.put("swarm_member_states", swarmStates);
        }
        if (!s.stopReason().isEmpty()) {
            m.put("stopped_by", s.stopReason());
        }
        m.put("reproduce", reproduce);
        return m;
    }

    /**
     * The command line that repeats a run of {@code check} on one file in one configuration: the
     * consts, except those the spec derives from others unless the user set them with -D (they
     * follow the others), each {@code --model-path}, and the search flags the user chose or that
     * change the result; not this machine's default {@code --workers}, nor the default store.
     */
    String reproduce(String file, List<ptecheck.compile.CompiledSpec.Constant> constants,
                     java.util.Map<String, String> overrides, List<java.nio.file.Path> modelPath, SearchOptions o) {
        StringBuilder sb = new StringBuilder("ptecheck check ").append(file);
        sb.append(defines(constants, overrides));
        modelPath.forEach(dir -> sb.append(" --model-path ").append(dir));
        for (String a : flags(o)) {
            sb.append(' ').append(a);
        }
        if (!deadVariables()) {
            sb.append(" --no-dead-vars"); // it changes the counts the run reports
        }
        return sb.toString();
    }

    /** {@code -D NAME=VALUE} for each const that does not follow from others, or that the user set. */
    static String defines(List<ptecheck.compile.CompiledSpec.Constant> constants, java.util.Map<String, String> overrides) {
        StringBuilder sb = new StringBuilder();
        for (ptecheck.compile.CompiledSpec.Constant c : constants) {
            if (!c.derived() || overrides.containsKey(c.name())) {
                sb.append(" -D ").append(c.name()).append('=').append(c.value());
            }
        }
        return sb.toString();
    }

    /** The search flags of a run that the user chose or that change its result, as they would be written. */
    List<String> flags(SearchOptions o) {
        List<String> args = new ArrayList<>();
        if (workers != null) {
            args.add("--workers " + o.workers());
        }
        if (o.strategy() == SearchStrategy.SWARM) {
            args.add("--swarm " + o.swarm());
        } else {
            if (o.strategy() != SearchStrategy.BFS) {
                args.add("--search " + o.strategy().label());
            }
            if (store != null) {
                args.add("--store " + o.store().label());
            }
        }
        if (o.store() == StoreKind.BITSTATE) {
            args.add("--bitstate-bits " + o.bitstateLog2Bits());
            args.add("--hash-functions " + o.hashFunctions());
        }
        if (o.memoryBytes() > 0) {
            args.add("--memory " + o.memoryBytes());
        }
        if (o.bounded()) {
            args.add("--max-states " + o.maxStates());
        }
        if (!o.checkDeadlock()) {
            args.add("--no-deadlock");
        }
        if (!o.partialOrder()) {
            args.add("--no-por");
        }
        if (!o.symmetry()) {
            args.add("--no-symmetry");
        }
        if (o.checkDependencies()) {
            args.add("--check-dependencies");
        }
        return args;
    }
}
