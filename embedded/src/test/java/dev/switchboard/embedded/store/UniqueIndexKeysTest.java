package dev.switchboard.embedded.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import dev.switchboard.embedded.FreePorts;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Unique indexes refuse duplicates and follow updates the same way whether a document's key is one plain top-level
 * value ({@link ComparableKeyUniqueIndex}'s direct path) or needs the server's general path (dotted fields, arrays,
 * compound keys, absent fields), through the driver as the projector writes.
 */
class UniqueIndexKeysTest {
    @TempDir
    static Path dir;
    private static FileStoreBackend backend;
    private static MongoServer server;
    private static MongoClient client;
    private static int collections;

    @BeforeAll
    static void start() {
        int port = FreePorts.find();
        backend = new FileStoreBackend(dir);
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        client = MongoClients.create("mongodb://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdown();
        backend.close();
    }

    private static MongoCollection<Document> newCollection() {
        return client.getDatabase("unique_keys").getCollection("c" + (++collections));
    }

    private static void assertDuplicate(Executable write) {
        MongoWriteException refused = assertThrows(MongoWriteException.class, write);
        assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(refused.getCode()));
    }

    @Test
    void aSecondDocumentWithAnIdAlreadyStoredIsRefusedAndTheFirstIsKept() {
        MongoCollection<Document> docs = newCollection();
        ObjectId id = new ObjectId();
        docs.insertOne(new Document("_id", id).append("n", 1));
        docs.insertOne(new Document("_id", "chat:a:b").append("n", 2));
        assertDuplicate(() -> docs.insertOne(new Document("_id", id).append("n", 3)));
        assertDuplicate(() -> docs.insertOne(new Document("_id", "chat:a:b").append("n", 4)));
        assertEquals(2, docs.countDocuments());
        assertEquals(1, docs.find(Filters.eq("_id", id)).first().getInteger("n"));
    }

    @Test
    void numbersOfDifferentTypesButEqualValueAreTheSameKey() {
        MongoCollection<Document> docs = newCollection();
        docs.insertOne(new Document("_id", 7));
        assertDuplicate(() -> docs.insertOne(new Document("_id", 7L)));
        assertDuplicate(() -> docs.insertOne(new Document("_id", 7.0)));
    }

    @Test
    void aUniqueSecondaryFieldRefusesADuplicateOnInsertAndOnUpdateAndFollowsAChangedValue() {
        MongoCollection<Document> docs = newCollection();
        docs.createIndex(Indexes.ascending("clientKey"), new IndexOptions().unique(true).sparse(true));
        docs.insertOne(new Document("_id", "m1").append("clientKey", "k1"));
        docs.insertOne(new Document("_id", "m2").append("clientKey", "k2"));
        docs.insertOne(new Document("_id", "m3")); // sparse: no key, no entry
        docs.insertOne(new Document("_id", "m4"));

        assertDuplicate(() -> docs.insertOne(new Document("_id", "m5").append("clientKey", "k1")));
        assertDuplicate(() -> docs.updateOne(Filters.eq("_id", "m2"), Updates.set("clientKey", "k1")));
        assertEquals("k2", docs.find(Filters.eq("_id", "m2")).first().getString("clientKey"));

        docs.updateOne(Filters.eq("_id", "m2"), Updates.set("text", "same key, other field"));
        docs.updateOne(Filters.eq("_id", "m2"), Updates.set("clientKey", "k3"));
        docs.insertOne(new Document("_id", "m6").append("clientKey", "k2")); // k2 was freed by the change
        assertDuplicate(() -> docs.insertOne(new Document("_id", "m7").append("clientKey", "k3")));
        assertEquals(List.of("m2"), docs.find(Filters.eq("clientKey", "k3")).map(d -> d.getString("_id")).into(new java.util.ArrayList<>()));

        docs.updateOne(Filters.eq("_id", "m3"), Updates.set("text", "still no key"));
        docs.updateOne(Filters.eq("_id", "m3"), Updates.set("clientKey", "k9")); // absent → present: indexed from now on
        assertDuplicate(() -> docs.updateOne(Filters.eq("_id", "m4"), Updates.set("clientKey", "k9")));
        assertDuplicate(() -> docs.insertOne(new Document("_id", "m8").append("clientKey", "k9")));
        docs.updateOne(Filters.eq("_id", "m3"), Updates.unset("clientKey")); // present → absent: its entry goes
        docs.insertOne(new Document("_id", "m8").append("clientKey", "k9"));
    }

    @Test
    void anUpsertOfAnExistingIdUpdatesItAndANewIdInsertsIt() {
        MongoCollection<Document> docs = newCollection();
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        docs.updateOne(Filters.eq("_id", "p:1"), Updates.max("next", 5L), upsert);
        docs.updateOne(Filters.eq("_id", "p:1"), Updates.max("next", 9L), upsert);
        docs.updateOne(Filters.eq("_id", "p:2"), Updates.max("next", 1L), upsert);
        assertEquals(2, docs.countDocuments());
        assertEquals(9L, docs.find(Filters.eq("_id", "p:1")).first().getLong("next"));
    }

    @Test
    void keysOnTheGeneralPathStillRefuseDuplicates() {
        MongoCollection<Document> docs = newCollection();
        docs.createIndex(Indexes.ascending("owner.id"), new IndexOptions().unique(true).sparse(true));
        docs.createIndex(Indexes.ascending("a", "b"), new IndexOptions().unique(true).sparse(true));
        docs.createIndex(Indexes.ascending("tags"), new IndexOptions().unique(true).sparse(true));
        docs.insertOne(new Document("_id", 1).append("owner", new Document("id", "u1")).append("a", 1).append("b", 1).append("tags", List.of("x", "y")));

        assertDuplicate(() -> docs.insertOne(new Document("_id", 2).append("owner", new Document("id", "u1"))));
        assertDuplicate(() -> docs.insertOne(new Document("_id", 3).append("a", 1).append("b", 1)));
        assertDuplicate(() -> docs.insertOne(new Document("_id", 4).append("tags", List.of("z", "y"))));
        docs.insertOne(new Document("_id", new Document("k", 1)));
        assertDuplicate(() -> docs.insertOne(new Document("_id", new Document("k", 1))));
        docs.insertOne(new Document("_id", 5).append("a", 1).append("b", 2).append("tags", List.of("z")));
        assertEquals(3, docs.countDocuments());
    }
}
