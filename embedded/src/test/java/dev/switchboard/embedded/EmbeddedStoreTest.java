package dev.switchboard.embedded;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
