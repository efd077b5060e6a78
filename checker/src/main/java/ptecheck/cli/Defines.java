package ptecheck.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code -D NAME=VALUE} map option of {@code check}, {@code test}, {@code simulate} and
 * {@code replay}: picocli splits and collects the pairs, and this preprocessor, which sees each
 * pair before picocli stores it, refuses a name given twice (picocli's map would keep the last
 * value without a word).
 */
final class Defines implements CommandLine.IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
        if (args.isEmpty()) {
            return false;
        }
        String pair = args.peek();
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new CommandLine.ParameterException(command.commandLine(), "-D " + pair + ": expected NAME=VALUE");
        }
        Map<String, String> given = option.getValue();
        if (given != null) {
            String name = pair.substring(0, eq);
            String before = given.get(name);
            if (before != null) {
                throw new CommandLine.ParameterException(command.commandLine(), "-D " + name + " is given twice ("
                        + before + ", then " + pair.substring(eq + 1) + "); give each constant once");
            }
        }
        return false; // picocli goes on and stores the pair
    }
}
