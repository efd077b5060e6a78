package ptecheck.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ptecheck} command line. Nothing else in the checker calls {@code System.exit}. */
@Command(name = "ptecheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, usageHelpWidth = 100,
        subcommands = {CheckCommand.class, TestCommand.class, SimulateCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class},
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
        System.exit(run(args, out, err));
    }

    /** Runs the command line and returns its exit code; never throws, never prints a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            CommandLine cl = new CommandLine(new Main());
            cl.setOut(out);
            cl.setErr(err);
            cl.setExecutionExceptionHandler((ex, cmd, parsed) -> internalError(ex, err));
            cl.setParameterExceptionHandler((ex, argv) -> {
                err.println("ptecheck: " + ex.getMessage());
                CommandLine c = ex.getCommandLine();
                err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
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

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ptecheck " + (v == null ? "(development build)" : v)};
        }
    }
}
