package ptecheck.docs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import ptecheck.cli.Main;

/**
 * Runs the commands of one page in a JVM whose working directory is the page's scratch folder
 * (file names in ptecheck's output are relative to it). Input: one command a line, the stdout
 * redirect (or {@code -}) and the arguments separated by tabs. Output: {@code N.out},
 * {@code N.err} and {@code N.rc} in the results folder.
 */
public final class DocCommands {
    private DocCommands() {}

    public static void main(String[] argv) throws Exception {
        List<String> commands = Files.readAllLines(Path.of(argv[0]), StandardCharsets.UTF_8);
        Path results = Path.of(argv[1]);
        for (int n = 0; n < commands.size(); n++) {
            String[] fields = commands.get(n).split("\t", -1);
            String redirect = fields[0];
            String[] args = Arrays.copyOfRange(fields, 1, fields.length);
            if (args.length == 1 && args[0].isEmpty()) {
                args = new String[0];
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            if (!redirect.equals("-")) {
                Files.writeString(Path.of(redirect), out.toString(), StandardCharsets.UTF_8);
                out = new StringWriter();
            }
            Files.writeString(results.resolve(n + ".out"), out.toString(), StandardCharsets.UTF_8);
            Files.writeString(results.resolve(n + ".err"), err.toString(), StandardCharsets.UTF_8);
            Files.writeString(results.resolve(n + ".rc"), Integer.toString(rc), StandardCharsets.UTF_8);
        }
    }
}
