package dev.switchboard.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedStoreTest {

    @Test
    void storeKeepsDocumentsAcrossARestart(@TempDir Path dir) throws Exception {
        int port = FreePorts.find();
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("t").getCollection("c").insertOne(new Document("_id", "a").append("n", 1));
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            Document found = client.getDatabase("t").getCollection("c").find(new Document("_id", "a")).first();
            assertEquals(1, found.getInteger("n"));
        }
    }

    @Test
    void storeEnforcesAUniqueIndexWithDuplicateKeyError(@TempDir Path dir) throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir, FreePorts.find());
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> collection = client.getDatabase("t").getCollection("u");
            collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
            collection.insertOne(new Document("key", "k"));

            MongoWriteException duplicate = assertThrows(MongoWriteException.class, () -> collection.insertOne(new Document("key", "k")));
            assertEquals(11000, duplicate.getCode());
        }
    }

    @Test
    void idAndUniqueIndexLookupsStillFindEveryDocumentAfterARestart(@TempDir Path dir) throws Exception {
        int port = FreePorts.find();
        List<ObjectId> ids = new ArrayList<>();
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> collection = client.getDatabase("t").getCollection("many");
            collection.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true).sparse(true));
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                ObjectId id = new ObjectId();
                ids.add(id);
                docs.add(i % 2 == 0 ? new Document("_id", id).append("key", "k" + i) : new Document("_id", id));
            }
            collection.insertMany(docs);
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> collection = client.getDatabase("t").getCollection("many");
            for (ObjectId id : ids) {
                assertNotNull(collection.find(Filters.eq("_id", id)).first(), "document " + id);
            }
            assertEquals(ids.get(10), collection.find(Filters.eq("key", "k10")).first().getObjectId("_id"));
            MongoWriteException sameId = assertThrows(MongoWriteException.class, () -> collection.insertOne(new Document("_id", ids.get(7))));
            assertEquals(11000, sameId.getCode());
            MongoWriteException sameKey = assertThrows(MongoWriteException.class, () -> collection.insertOne(new Document("key", "k1998")));
            assertEquals(11000, sameKey.getCode());
            collection.insertOne(new Document("key", "k1999")); // odd ones were stored without a key
        }
    }

    @Test
    void uniqueIndexesTreatEqualNumbersOfDifferentTypesAsTheSameKeyAsMongoDbDoes(@TempDir Path dir) throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dir, FreePorts.find());
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> collection = client.getDatabase("t").getCollection("numbers");
            collection.createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            collection.insertOne(new Document("n", 1));
            MongoWriteException duplicate = assertThrows(MongoWriteException.class, () -> collection.insertOne(new Document("n", 1.0)));
            assertEquals(11000, duplicate.getCode());
            collection.insertOne(new Document("n", 2L));
            assertEquals(2, collection.countDocuments());
        }
    }

    @Test
    void refusesToStartEmptyBesideAStoreFileOfAnEarlierBuild(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("switchboard.mv"), "an earlier build's store");
        IOException refused = assertThrows(IOException.class, () -> EmbeddedStore.start(dir, FreePorts.find()));
        assertTrue(refused.getMessage().contains("PROJECTOR_REBUILD"), refused.getMessage());
    }

    @Test
    void aLongSortedScanComesBackInBatchesOfTheAskedSizeSoNoReplyOutgrowsTheWireLimit(@TempDir Path dir) throws Exception {
        List<String> getMoreSizes = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getCommandName().equals("getMore")) {
                    getMoreSizes.add(String.valueOf(event.getResponse().getDocument("cursor").getArray("nextBatch").size()));
                }
            }
        };
        try (EmbeddedStore store = EmbeddedStore.start(dir, FreePorts.find());
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(store.connectionString())).addCommandListener(listener).build())) {
            MongoCollection<Document> collection = client.getDatabase("t").getCollection("scan");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                docs.add(new Document("_id", new ObjectId()).append("n", i));
            }
            collection.insertMany(docs);

            int seen = 0;
            for (Document ignored : collection.find().sort(Sorts.ascending("_id")).batchSize(300)) {
                seen++;
            }

            assertEquals(1_000, seen);
            assertEquals(List.of("300", "300", "100"), getMoreSizes);
        }
    }
}
