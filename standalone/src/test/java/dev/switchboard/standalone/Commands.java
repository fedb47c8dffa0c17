package dev.switchboard.standalone;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a command of the standalone jar in this JVM, as {@code java -jar switchboard-standalone.jar ARGS} would. */
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
