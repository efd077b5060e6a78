package ptecheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line, as the command tests see it: exit code, stdout, stderr. */
record Ran(int exit, String out, String err) {
    /** Runs {@code ptecheck ARGS...} through {@link Main#run}, capturing both streams. */
    static Ran ptecheck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Ran(exit, out.toString(), err.toString());
    }

    /** Standard output read as JSON (a {@code --json} run). */
    JsonNode json() throws IOException {
        return new ObjectMapper().readTree(out);
    }
}
