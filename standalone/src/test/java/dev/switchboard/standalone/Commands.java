package dev.switchboard.standalone;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a command of the standalone jar, in this JVM or in one of its own, as {@code java -jar switchboard-standalone.jar ARGS} would. */
final class Commands {
    record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Commands() {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new StandaloneMain.StandaloneCommands())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** A command of the standalone jar in a JVM of its own, for what only a process shows (its exit, its streams, its environment). */
    static ProcessBuilder process(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandaloneMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** The connection options of the log tools for {@code stack}. */
    static String[] against(TestStack stack, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--kafka";
        all[args.length + 1] = stack.kafkaBootstrapServers();
        all[args.length + 2] = "--mongodb-uri";
        all[args.length + 3] = stack.mongoUri();
        return all;
    }
}
