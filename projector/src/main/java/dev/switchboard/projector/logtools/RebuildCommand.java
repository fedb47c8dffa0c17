package dev.switchboard.projector.logtools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.switchboard.projector.store.OwnerEpoch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rebuild --into DATABASE [--verify]}: builds the read models again from the log into an empty database (see
 * {@link Rebuild}), then prints each collection's document count and content hash beside the live database's.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Applies every action in the log, up to where it ends when the rebuild starts, into an empty database "
                + "(publishing nothing), then compares it with the live read models.",
                "Exit status: 0 done (with --verify: equal), 1 with --verify: they differ, 2 refused (e.g. the database is not empty), "
                + "3 the log or the store could not be reached."})
public final class RebuildCommand implements Callable<Integer> {
    @Option(names = "--into", required = true, paramLabel = "DATABASE", description = "the new, empty database to build")
    String into;

    @Option(names = "--verify", description = "exit with status 1 when the rebuilt read models differ from the live ones, naming the first differing document")
    boolean verify;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + Rebuild.DEFAULT_BATCH,
            description = "actions applied per batch (default: ${DEFAULT-VALUE}; the result does not depend on it)")
    int batchSize;

    @Option(names = "--lanes", paramLabel = "N", defaultValue = "" + Rebuild.DEFAULT_LANES,
            description = "partitions applied side by side: each partition of every action topic on one of N lanes, each lane with "
                    + "its own reader and thread and about the same number of actions (default: ${DEFAULT-VALUE}; the result does not depend on it)")
    int lanes;

    @Mixin
    LogSources sources;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        sources.check(spec.commandLine());
        try (CliLogging ignored = CliLogging.toStderr()) {
            return rebuild();
        } catch (RuntimeException e) {
            return Unreachable.reported(e, sources, spec.commandLine().getErr(), "rebuild", "; " + into + " may hold part of a rebuild:"
                    + " drop it before running the rebuild again (it builds into an empty database only)");
        }
    }

    private int rebuild() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String live = sources.liveDatabase();
        if (live.equals(into)) {
            err.println("rebuild refused: " + into + " is the live database (MONGODB_DATABASE / --live), which its projector "
                    + "writes: rebuild into a new database, then switch the projector and the gateways to it");
            err.flush();
            return 2;
        }
        Rebuild.Result result;
        try {
            if (batchSize < 1 || lanes < 1) {
                err.println("rebuild refused: " + (batchSize < 1 ? "--batch-size" : "--lanes") + " must be at least 1");
                err.flush();
                return 2;
            }
            result = Rebuild.intoEmpty(sources.kafka(), sources.mongoUri(), into, batchSize, lanes, (what, total) -> Progress.on(err, what, total));
        } catch (Rebuild.Refused refused) {
            err.println("rebuild refused: " + refused.getMessage());
            err.flush();
            return 2;
        }
        try (MongoClient mongo = MongoClients.create(sources.mongoUri())) {
            MongoDatabase target = mongo.getDatabase(into);
            double seconds = Math.max(1e-3, result.took().toMillis() / 1000.0);
            out.printf(Locale.ROOT, "rebuilt %s from %,d actions in %.1f s (%,.0f actions/s), up to the log's end when it started%n",
                    into, result.actions(), seconds, result.actions() / seconds);
            MongoDatabase liveDatabase = mongo.getDatabase(live);
            err.println("comparing " + into + " with the live database " + live + " …");
            err.flush();
            Map<String, ReadModelComparison.Digest> liveDigests = ReadModelComparison.digests(liveDatabase);
            Map<String, ReadModelComparison.Digest> rebuiltDigests = ReadModelComparison.digests(target);
            ReadModelComparison.printTable(liveDigests, rebuiltDigests, out);
            long apart = ReadModelComparison.positionsApart(liveDatabase, target);
            if (apart > 0) {
                out.printf(Locale.ROOT, "note: the live database's positions are %,d actions away from the rebuilt one's "
                        + "(actions arrived, or the live projector is behind): compare on a quiet log%n", apart);
            }
            Optional<ReadModelComparison.Difference> difference =
                    ReadModelComparison.firstDifference(liveDatabase, target, liveDigests, rebuiltDigests);
            if (difference.isPresent()) {
                out.println("first difference: " + difference.get());
            } else {
                out.println("equal: every compared collection, document by document (" + ReadModelComparison.NOT_COMPARED
                        + ", batch bookkeeping " + ReadModelComparison.BATCH_BOOKKEEPING + " and every " + OwnerEpoch.FIELD + " left out)");
            }
            out.flush();
            return verify && difference.isPresent() ? 1 : 0;
        }
    }
}
