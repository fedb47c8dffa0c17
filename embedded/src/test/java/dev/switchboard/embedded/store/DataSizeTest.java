package dev.switchboard.embedded.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.switchboard.embedded.FreePorts;
import org.bson.BsonDocument;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store keeps each collection's data size ({@code collStats} {@code size}) itself, with a reused buffer; it must
 * report exactly what mongo-java-server's own H2 backend reports after the same writes, and again after a restart.
 */
class DataSizeTest {
    @TempDir
    Path dir;

    @Test
    void collStatsReportsTheSameDataSizeAsTheServersOwnBackendAfterInsertsUpdatesReplacesAndRemovals() {
        List<Long> stock = sizesAfterWrites(new H2Backend(MVStore.open(null)));
        List<Long> ours = sizesAfterWrites(new FileStoreBackend(dir));
        assertTrue(stock.stream().allMatch(size -> size > 0), "the stock backend counted: " + stock);
        assertEquals(stock, ours);
    }

    @Test
    void theDataSizeSurvivesARestart() {
        List<Long> before = sizesAfterWrites(new FileStoreBackend(dir));
        long reopened = withServer(new FileStoreBackend(dir), List.of(collection -> {
        })).get(0);
        assertEquals(before.get(before.size() - 1), reopened);
    }

    /** The collection's size after each step of a fixed sequence of writes. */
    private static List<Long> sizesAfterWrites(MongoBackend backend) {
        List<Consumer<MongoCollection<Document>>> steps = List.of(
                c -> c.insertOne(new Document("_id", "a").append("text", "hello").append("n", 1)),
                c -> c.insertMany(List.of(new Document("_id", "b").append("tags", List.of("x", "y")),
                        new Document("_id", "c").append("nested", new Document("deep", new Document("v", 2.5))))),
                c -> c.withDocumentClass(BsonDocument.class).insertOne(EveryBsonType.document("every")),
                c -> c.insertOne(new Document("_id", "large").append("text", "z".repeat(2 * 1024 * 1024))),
                c -> c.updateOne(Filters.eq("_id", "a"), Updates.set("text", "a longer text than before")),
                c -> c.updateOne(Filters.eq("_id", "a"), Updates.set("text", "a longer text than before")), // no change
                c -> c.updateMany(Filters.in("_id", List.of("b", "c")), Updates.set("read", true)),
                c -> c.updateOne(Filters.eq("_id", "b"), Updates.currentDate("at")), // a time finer than BSON's millisecond
                c -> c.updateOne(Filters.eq("_id", "d"), Updates.inc("n", 1), new UpdateOptions().upsert(true)),
                c -> c.replaceOne(Filters.eq("_id", "c"), new Document("short", 1)),
                c -> c.replaceOne(Filters.eq("_id", "e"), new Document("new", "doc"), new ReplaceOptions().upsert(true)),
                c -> c.deleteOne(Filters.eq("_id", "large")),
                c -> c.deleteMany(Filters.in("_id", List.of("a", "b"))));
        return withServer(backend, steps);
    }

    private static List<Long> withServer(MongoBackend backend, List<Consumer<MongoCollection<Document>>> steps) {
        MongoServer server = new MongoServer(backend);
        int port = FreePorts.find();
        server.bind("127.0.0.1", port);
        List<Long> sizes = new ArrayList<>();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> collection = client.getDatabase("sizes").getCollection("docs");
            for (Consumer<MongoCollection<Document>> step : steps) {
                step.accept(collection);
                sizes.add(client.getDatabase("sizes").runCommand(new Document("collStats", "docs"))
                        .get("size", Number.class).longValue());
            }
        } finally {
            server.shutdown();
            backend.close();
        }
        return sizes;
    }
}
