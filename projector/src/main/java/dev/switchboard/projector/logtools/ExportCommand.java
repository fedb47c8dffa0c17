package dev.switchboard.projector.logtools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code export [--topics actions,updates] [--from T] [--to T] [--from-offset N] [--to-offset N] [--out FILE]}: see {@link LogExport}. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes the log's events as JSON Lines (one envelope per line, with topic, partition and offset; "
                + "see shared-events/EVENTS.md), each partition in log order, up to where the log ends when the export starts.",
                "Exit status: 0 done, 1 the output could not be written, 2 refused (a bad option), 3 the log could not be reached."})
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--topics", split = ",", defaultValue = "actions,updates", paramLabel = "TOPICS",
            description = "actions, updates, dead-letters, all, or topic names, comma-separated (default: ${DEFAULT-VALUE})")
    List<String> topics;

    @Option(names = "--from", paramLabel = "INSTANT", description = "only events whose occurredAt is at or after this ISO-8601 instant")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "only events whose occurredAt is before this ISO-8601 instant")
    String to;

    @Option(names = "--from-offset", paramLabel = "N", description = "start each chosen partition at this offset")
    Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "N", description = "end each chosen partition before this offset")
    Long toOffset;

    @Option(names = "--partition", paramLabel = "N", description = "only this partition of each chosen topic")
    Integer partition;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of stdout")
    Path file;

    @Mixin
    LogSources sources;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LogExport.Selection selection;
        try {
            Instant fromTime = LogExport.instant(from, "--from");
            Instant toTime = LogExport.instant(to, "--to");
            selection = new LogExport.Selection(LogExport.topics(topics), fromTime, toTime, fromOffset, toOffset, partition);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (CliLogging ignored = CliLogging.toStderr()) {
            return export(selection);
        } catch (RuntimeException e) {
            return Unreachable.reported(e, sources, spec.commandLine().getErr(), "export", file == null ? "" : "; " + file + " is incomplete");
        }
    }

    private int export(LogExport.Selection selection) throws IOException {
        // UTF-8 whatever the platform's default; stdout as a plain stream, not System.out, whose PrintStream swallows
        // write errors (a full disk or a closed pipe would have ended "successfully" with the lines lost)
        Writer out = file == null
                ? new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16)
                : opened(file);
        long written;
        long started = System.nanoTime();
        try (Writer closedIfAFile = file == null ? null : out) {
            written = LogExport.run(sources.kafkaCluster(), selection, out, (what, total) -> Progress.on(spec.commandLine().getErr(), what, total));
            out.flush(); // stdout is flushed, not closed; a file is closed, also when the export fails
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage() : e.getMessage();
            spec.commandLine().getErr().println("export failed: " + (file == null ? "stdout" : file) + " could not be written ("
                    + why + "); what it holds is incomplete");
            return 1;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        spec.commandLine().getErr().printf(Locale.ROOT, "exported %d events in %.1f s (%.0f events/s)%s%n", written, seconds,
                written / seconds, file == null ? "" : " to " + file);
        spec.commandLine().getErr().flush();
        return 0;
    }

    private Writer opened(Path path) {
        try {
            return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such directory" : e instanceof AccessDeniedException ? "permission denied" : e.toString();
            throw new ParameterException(spec.commandLine(), "--out " + path + " cannot be written: " + why);
        }
    }
}
