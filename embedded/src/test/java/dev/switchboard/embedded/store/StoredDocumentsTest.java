package dev.switchboard.embedded.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * What the store answers from its documents without an index is what mongo-java-server's own H2 backend answers, before
 * and after its file is opened again; a document that BSON would not give back exactly is kept whole through a restart.
 */
class StoredDocumentsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();

    @Test
    void aDocumentWithATimeFinerThanBsonsMillisecondsIsKeptWholeThroughARestart() {
        FileStoreBackend backend = new FileStoreBackend(dir);
        MongoCollection<Document> collection = served.serve(backend, "t").getCollection("c");
        collection.insertOne(new Document("_id", "stamped"));
        Instant stamp = null;
        for (int attempt = 0; attempt < 100 && (stamp == null || stamp.getNano() % 1_000_000 == 0); attempt++) {
            collection.updateOne(Filters.eq("_id", "stamped"), Updates.currentDate("at")); // the server's clock: finer than ms
            stamp = (Instant) ((de.bwaldvogel.mongo.bson.Document) documents(backend, "t.c").get("stamped")).get("at");
        }
        assertNotEquals(0, stamp.getNano() % 1_000_000, "the clock gave no time finer than a millisecond");
        served.close();

        FileStoreBackend reopened = new FileStoreBackend(dir);
        served.serve(reopened, "t");
        Object stored = documents(reopened, "t.c").get("stamped");
        assertEquals(stamp, ((de.bwaldvogel.mongo.bson.Document) stored).get("at"));
    }

    @Test
    void scansSortsSkipsAndProjectionsAnswerAsTheServersOwnBackendThroughWritesAndARestart() {
        MongoCollection<Document> stock = served.serve(new H2Backend(MVStore.open(null)), "scan").getCollection("c");
        MongoCollection<Document> ours = served.serve(new FileStoreBackend(dir), "scan").getCollection("c");
        for (MongoCollection<Document> collection : List.of(stock, ours)) {
            for (int i = 0; i < 60; i++) {
                collection.insertOne(new Document("_id", "d" + i).append("n", i % 7).append("tags", List.of("t" + i % 3))
                        .append("nested", new Document("v", i * 1.5)));
            }
            collection.updateMany(Filters.gt("n", 4), Updates.push("tags", "late"));
            collection.deleteMany(Filters.eq("n", 2));
            collection.replaceOne(Filters.eq("_id", "d10"), new Document("n", 100));
        }
        assertSameAnswers(stock, ours);

        served.closeLast();
        ours = served.serve(new FileStoreBackend(dir), "scan").getCollection("c");
        assertSameAnswers(stock, ours);
    }

    private static void assertSameAnswers(MongoCollection<Document> stock, MongoCollection<Document> ours) {
        List<Function<MongoCollection<Document>, List<Document>>> queries = List.of(
                c -> c.find().into(new ArrayList<>()),
                c -> c.find().sort(Sorts.descending("$natural")).into(new ArrayList<>()),
                c -> c.find(Filters.eq("tags", "late")).sort(Sorts.descending("nested.v")).into(new ArrayList<>()),
                c -> c.find(Filters.lt("n", 4)).skip(5).limit(7).into(new ArrayList<>()),
                c -> c.find(Filters.exists("nested")).projection(Projections.include("n")).batchSize(4).into(new ArrayList<>()),
                c -> c.find(Filters.eq("_id", "d10")).into(new ArrayList<>()));
        for (Function<MongoCollection<Document>, List<Document>> query : queries) {
            List<Document> expected = query.apply(stock);
            assertFalse(expected.isEmpty(), "a query that finds nothing compares nothing");
            assertEquals(expected, query.apply(ours));
        }
    }

    private static MVMap<Object, Object> documents(FileStoreBackend backend, String namespace) {
        return backend.getMvStore().openMap("databases." + namespace);
    }
}
