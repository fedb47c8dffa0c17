package dev.switchboard.standalone;

import dev.switchboard.projector.logtools.ExportCommand;
import dev.switchboard.projector.logtools.RebuildCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code java -jar switchboard-standalone.jar} starts the stack; its commands ({@code token}, {@code notify},
 * {@code rebuild}, {@code export}; see {@code --help}) are one picocli command line.
 */
public final class StandaloneMain {
    private StandaloneMain() {
    }

    @Command(name = "java -jar standalone/target/switchboard-standalone.jar", mixinStandardHelpOptions = true,
            subcommands = {TokenCommand.class, NotifyCommand.class, RebuildCommand.class, ExportCommand.class, CommandLine.HelpCommand.class},
            description = "Without a command: starts the whole stack (embedded Kafka broker and store, projector, gateway).")
    static final class StandaloneCommands implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Standalone standalone = Standalone.start(Standalone.Settings.fromEnvironment());
            Runtime.getRuntime().addShutdownHook(new Thread(standalone::close, "standalone-shutdown"));
            return 0;
        }
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new StandaloneCommands());
        int status = commandLine.execute(args);
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        boolean stackRunning = status == 0 && parsed != null && !parsed.hasSubcommand() && !parsed.isUsageHelpRequested()
                && !parsed.isVersionHelpRequested();
        if (!stackRunning) {
            System.exit(status);
        }
    }
}
