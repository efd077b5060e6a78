package ptecheck.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ptecheck} command line. Nothing else in the checker calls {@code System.exit}. */
@Command(name = "ptecheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpWidth = 100,
        usageHelpAutoWidth = true,
        subcommands = {CheckCommand.class, TestCommand.class, SimulateCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no violation; every expectation met; a replayed trace shows no bug",
            "1:a violation was found; an expectation was not met; a replayed trace is confirmed",
            "2:usage error, a spec that does not load or compile, or a rejected trace",
            "3:incomplete: a bound (--max-states, --memory) or a partial search stopped it"},
        description = {"Model checker for Linux page-table-entry update protocols.",
            "Writes the shortest interleaving that breaks a property, or proves there is none."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Interruption.install(err);
        int code = run(args, out, err);
        Interruption.exiting();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code; never throws, never prints a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            CommandLine cl = new CommandLine(new Main());
            // `ptecheck check --version` prints the same as `ptecheck --version`.
            cl.getSubcommands().values().forEach(sub -> {
                sub.getCommandSpec().versionProvider(new Version());
                sub.getCommandSpec().usageMessage().autoWidth(true);
            });
            // One-line summaries for the command list of `ptecheck --help`, which otherwise shows
            // the first line of each description, cut mid-sentence.
            Map.of("check", "Explore every interleaving of each spec; print the shortest counterexample.",
                    "test", "Run every spec in each configuration its 'expect' clauses name, and compare.",
                    "simulate", "Random walks through a spec, for configurations too big to exhaust.",
                    "replay", "Re-execute a saved JSON trace against its spec, to confirm it.")
                    .forEach((name, header) -> cl.getSubcommands().get(name).getCommandSpec().usageMessage()
                            .header(header));
            // generate-completion prints a bash script (zsh: autoload bashcompinit first); picocli hides it by default.
            cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
            cl.setOut(out);
            cl.setErr(err);
            cl.setExecutionExceptionHandler((ex, cmd, parsed) -> internalError(ex, err));
            cl.setParameterExceptionHandler((ex, argv) -> {
                err.println("ptecheck: " + ex.getMessage());
                if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                    CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
                }
                CommandLine c = ex.getCommandLine();
                String help = "Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.";
                err.println(help);
                // With --json, standard output still carries a summary a script can read.
                if (java.util.Arrays.asList(argv).contains("--json") && c.getCommandSpec().optionsMap().containsKey("--json")) {
                    List<String> suggestions = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions()
                            : List.of();
                    out.println(Json.write(Json.usageError(ex.getMessage(), suggestions.isEmpty() ? help
                            : "did you mean " + String.join(" or ", suggestions) + "? " + help)));
                    out.flush();
                }
                return ExitCode.ERROR;
            });
            int code = cl.execute(args);
            out.flush();
            err.flush();
            return code;
        } catch (Throwable t) {
            return internalError(t, err);
        }
    }

    private static int internalError(Throwable t, PrintWriter err) {
        if (t instanceof OutOfMemoryError) {
            err.println("ptecheck: out of memory; run with a larger heap (JAVA_OPTS=-Xmx16g) or bound the "
                    + "search with --max-states");
            err.flush();
            return ExitCode.INCOMPLETE;
        }
        if (t instanceof StackOverflowError) {
            err.println("ptecheck: the spec nests too deeply to compile (stack overflow)");
            err.flush();
            return ExitCode.ERROR;
        }
        err.println("ptecheck: internal error: " + t + " (this is a bug in ptecheck; please report it with the spec)");
        if (System.getenv("PTECHECK_DEBUG") != null) {
            t.printStackTrace(err);
        }
        err.flush();
        return ExitCode.ERROR;
    }

    /** The version, commit and commit date that the build recorded in {@code ptecheck/build.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Properties p = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("/ptecheck/build.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // reported as unknown below
            }
            String version = known(p.getProperty("version"));
            if (version == null) {
                version = known(Main.class.getPackage().getImplementationVersion());
            }
            String commit = known(p.getProperty("commit"));
            String date = known(p.getProperty("date"));
            return new String[] {"ptecheck " + (version == null ? "(development build)" : version)
                    + " (commit " + (commit == null ? "unknown" : commit) + ", " + (date == null ? "date unknown" : date)
                    + ")"};
        }

        private static String known(String v) {
            return v == null || v.isBlank() || v.startsWith("${") ? null : v.trim();
        }
    }
}
