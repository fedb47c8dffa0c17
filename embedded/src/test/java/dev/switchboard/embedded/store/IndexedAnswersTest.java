package dev.switchboard.embedded.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Queries and {@code distinct} that the embedded store answers from a {@link LeadingFieldIndex} give exactly what
 * mongo-java-server's own H2 backend gives by scanning, through the driver, as the presence and chat read models ask.
 */
class IndexedAnswersTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();
    private MongoCollection<Document> ours;
    private MongoCollection<Document> stock;

    @BeforeEach
    void start() {
        ours = collectionOn(new FileStoreBackend(dir));
        stock = collectionOn(new H2Backend(MVStore.open(null)));
    }

    private MongoCollection<Document> collectionOn(MongoBackend backend) {
        MongoCollection<Document> presence = served.serve(backend, "answers").getCollection("presence");
        presence.createIndex(Indexes.ascending("connections.gatewayRunId"));
        presence.createIndex(Indexes.ascending("participants"));
        return presence;
    }

    private void onBoth(Consumer<MongoCollection<Document>> write) {
        write.accept(ours);
        write.accept(stock);
    }

    private void assertSameDistinctRuns() {
        assertEquals(stock.distinct("connections.gatewayRunId", BsonValue.class).into(new ArrayList<>()),
                ours.distinct("connections.gatewayRunId", BsonValue.class).into(new ArrayList<>()));
    }

    private void assertSameFound(Bson filter) {
        assertEquals(stock.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>()),
                ours.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>()), filter.toString());
    }

    private static Document connection(String id, Object run) {
        return new Document("connectionId", id).append("gatewayRunId", run);
    }

    @Test
    void distinctRunsAndUsersOnARunAreTheServersOwnAnswersAsConnectionsComeAndGo() {
        onBoth(c -> c.insertMany(List.of(
                new Document("_id", "u1").append("connections", List.of(connection("c1", "r2"), connection("c2", "r1"))),
                new Document("_id", "u2").append("connections", List.of(connection("c3", "r2"))),
                new Document("_id", "u3").append("connections", List.of()),
                new Document("_id", "u4"))));
        assertSameDistinctRuns();
        assertSameFound(Filters.eq("connections.gatewayRunId", "r2"));

        onBoth(c -> c.updateOne(Filters.eq("_id", "u1"), Updates.set("connections", List.of(connection("c2", "r1")))));
        onBoth(c -> c.deleteOne(Filters.eq("_id", "u2")));
        onBoth(c -> c.insertOne(new Document("_id", "u5").append("connections", List.of(connection("c5", "r3")))));
        assertSameDistinctRuns();
        assertSameFound(Filters.eq("connections.gatewayRunId", "r2"));
        assertSameFound(Filters.eq("connections.gatewayRunId", "r3"));
    }

    @Test
    void distinctIsStillRightOnceADocumentHoldsAValueTheIndexDoesNotKeep() {
        onBoth(c -> c.insertMany(List.of(
                new Document("_id", "u1").append("connections", List.of(connection("c1", "r1"))),
                new Document("_id", "u2").append("connections", List.of(connection("c2", 7))),
                new Document("_id", "u3").append("connections", connection("c3", "r3")))));
        assertSameDistinctRuns();
        onBoth(c -> c.deleteOne(Filters.eq("_id", "u2")));
        assertSameDistinctRuns();
    }

    @Test
    void inOverAnArrayFieldFindsWhatTheServersScanFinds() {
        onBoth(c -> c.insertMany(List.of(
                new Document("_id", "ab").append("participants", List.of("a", "b")),
                new Document("_id", "bc").append("participants", List.of("b", "c")),
                new Document("_id", "cd").append("participants", List.of("c", "d")),
                new Document("_id", "x").append("participants", "a"))));
        assertSameFound(Filters.in("participants", List.of("a", "d")));
        assertSameFound(Filters.in("participants", List.of("b")));
        assertSameFound(Filters.and(Filters.in("participants", List.of("b", "c")), Filters.ne("_id", "bc")));
        assertSameFound(Filters.in("participants", List.of("nobody")));
    }
}
