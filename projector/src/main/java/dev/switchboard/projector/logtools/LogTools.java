package dev.switchboard.projector.logtools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Set;

/** The log tools as commands of a jar ({@code rebuild}, {@code export}), and the in-place rebuild of {@code PROJECTOR_REBUILD}. */
public final class LogTools {
    private static final Set<String> COMMANDS = Set.of("rebuild", "export", "help", "-h", "--help");

    private LogTools() {
    }

    @Command(name = "java -jar projector/target/switchboard-projector.jar", mixinStandardHelpOptions = true,
            subcommands = {RebuildCommand.class, ExportCommand.class, CommandLine.HelpCommand.class},
            description = "Without a command: runs the projector. Commands: the log's own tools.")
    static final class ProjectorCommands implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }
    }

    /** Whether the projector jar's arguments name a command (otherwise they are the projector's own). */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the projector jar's command; returns the exit status. */
    public static int runProjectorCommand(String[] args) {
        return new CommandLine(new ProjectorCommands()).execute(args);
    }

    /**
     * {@code PROJECTOR_REBUILD=true}: rebuilds the (empty) {@code database} from the log up to its end before the projector
     * starts, publishing nothing, so the projector then goes on from there. Returns false (having said why on stderr)
     * when the database is not empty.
     */
    public static boolean rebuildBeforeStarting(String bootstrapServers, String mongoUri, String database) {
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            Rebuild.Result result = Rebuild.intoEmpty(bootstrapServers, mongoUri, database, (what, total) -> Progress.on(err, what, total));
            err.printf("PROJECTOR_REBUILD: rebuilt %s from %,d actions in %d s; the projector goes on from there%n", database,
                    result.actions(), result.took().toSeconds());
            return true;
        } catch (Rebuild.Refused refused) {
            err.println("PROJECTOR_REBUILD refused: " + refused.getMessage());
            return false;
        }
    }
}
