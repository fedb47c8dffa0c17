package dev.switchboard.embedded.store;

import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import dev.switchboard.embedded.FreePorts;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the store writes to its file, and that a file of the previous build (Java-serialized values) still reads. */
class StoreFileFormatTest {
    /** Written by the build before BSON values (main at 5fd1d32) through the driver: see {@link #expectedLegacyDocuments()}. */
    private static final String LEGACY_FILE = "legacy-store.mv";

    @Test
    void everyBsonTypeComesBackUnchangedAfterARestart(@TempDir Path dir) throws Exception {
        BsonDocument original = EveryBsonType.document("every-type");
        int port = FreePorts.find();
        try (Running store = Running.open(dir, port)) {
            store.collection("t", "c").insertOne(original);
        }
        try (Running store = Running.open(dir, port)) {
            BsonDocument found = store.collection("t", "c").find(Filters.eq("_id", "every-type")).first();
            assertEquals(original, found);
            assertEquals(new ArrayList<>(original.keySet()), new ArrayList<>(found.keySet()), "field order");
            assertEquals(BsonObjectType.class, store.mapValueType("databases.t.c"), "documents written as BSON");
            assertEquals(BsonObjectType.class, store.mapValueType("t.c._index__id_"), "index positions written as BSON");
            assertTrue(store.indexKeyType("t.c._index__id_").writesBson(), "index keys written as BSON");
        }
    }

    @Test
    void aStoreFileOfThePreviousBuildOpensReadsAndKeepsItsFormat(@TempDir Path dir) throws Exception {
        try (InputStream legacy = getClass().getResourceAsStream(LEGACY_FILE)) {
            assertNotNull(legacy, LEGACY_FILE);
            Files.copy(legacy, dir.resolve(FileStoreBackend.FILE_NAME));
        }
        int port = FreePorts.find();
        try (Running store = Running.open(dir, port)) {
            MongoCollection<BsonDocument> docs = store.collection("legacy", "docs");
            assertEquals(expectedLegacyDocuments(), docs.find().sort(new BsonDocument("key", new BsonInt32(1))).into(new ArrayList<>()));
            assertEquals(ObjectDataType.class, store.mapValueType("databases.legacy.docs"), "old documents stay Java-serialized");
            assertEquals(ObjectDataType.class, store.mapValueType("legacy.docs._index_key_1"), "old index stays as it was");
            assertFalse(store.indexKeyType("legacy.docs._index_key_1").writesBson(), "old index keys stay as they were");

            assertEquals("k-7", docs.find(Filters.eq("_id", legacyId(7))).first().getString("key").getValue(), "by _id");
            assertEquals(10, docs.countDocuments(Filters.eq("chatId", "chat-2")), "by the non-unique index");
            MongoWriteException duplicate = assertThrows(MongoWriteException.class,
                    () -> docs.insertOne(new BsonDocument("key", new BsonString("k-7"))));
            assertEquals(11000, duplicate.getCode(), "the old unique index still finds its keys");

            docs.insertOne(new BsonDocument("_id", new BsonString("added")).append("key", new BsonString("k-added")));
            store.collection("legacy", "fresh").insertOne(EveryBsonType.document("fresh"));
            assertEquals(BsonObjectType.class, store.mapValueType("databases.legacy.fresh"), "a new collection is written as BSON");
            store.collection("legacy", "docs").createIndex(Indexes.ascending("n"), new IndexOptions().unique(true).sparse(true));
            assertTrue(store.indexKeyType("legacy.docs._index_n_1").writesBson(), "a new index of an old collection is written as BSON");
        }
        try (Running store = Running.open(dir, port)) {
            MongoCollection<BsonDocument> docs = store.collection("legacy", "docs");
            assertEquals(expectedLegacyDocuments().size() + 1, docs.countDocuments());
            assertEquals("k-added", docs.find(Filters.eq("_id", "added")).first().getString("key").getValue());
            assertEquals(EveryBsonType.document("every-type").append("key", new BsonString("k-every")),
                    docs.find(Filters.eq("_id", "every-type")).first());
            assertEquals(EveryBsonType.document("fresh"), store.collection("legacy", "fresh").find().first());
            assertEquals(ObjectDataType.class, store.mapValueType("databases.legacy.docs"));
            assertEquals(BsonObjectType.class, store.mapValueType("databases.legacy.fresh"));
            assertFalse(store.indexKeyType("legacy.docs._index_key_1").writesBson());
            assertTrue(store.indexKeyType("legacy.docs._index_n_1").writesBson());
            assertEquals("k-3", docs.find(Filters.eq("n", 3)).first().getString("key").getValue(), "by the new index");
        }
    }

    @Test
    void aCollectionMarkedWithAFormatThisBuildDoesNotKnowIsRefused(@TempDir Path dir) {
        try (MVStore store = new MVStore.Builder().fileName(dir.resolve("x.mv").toString()).open()) {
            store.openMap("databases.t.c").put("a", 1);
            store.<String, Object>openMap("meta.t.c").put(CollectionMaps.DOCUMENTS_FORMAT_KEY, "bson2");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> CollectionMaps.openDocuments(store, "t.c", CollectionMaps.openMeta(store, "t.c")));
            assertEquals("The store's map databases.t.c is written as 'bson2', which this build cannot read (written by a newer "
                    + "build?). Move the store file away and rebuild the read models from the log.", refused.getMessage());
        }
    }

    /** What the fixture writer stored, sorted by key. */
    private static List<BsonDocument> expectedLegacyDocuments() {
        List<BsonDocument> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(new BsonDocument("_id", new BsonObjectId(legacyId(i))).append("key", new BsonString("k-" + i))
                    .append("chatId", new BsonString("chat-" + (i % 5))).append("n", new BsonInt32(i)));
        }
        expected.add(EveryBsonType.document("every-type").append("key", new BsonString("k-every")));
        expected.sort((a, b) -> a.getString("key").getValue().compareTo(b.getString("key").getValue()));
        return expected;
    }

    private static ObjectId legacyId(int i) {
        return new ObjectId(String.format("64b7f0c2a1b2c3d4e5f6%04x", i));
    }

    /** The backend and a driver on it, with the backend's H2 store at hand. */
    private record Running(FileStoreBackend backend, MongoServer server, MongoClient client) implements AutoCloseable {
        static Running open(Path dir, int port) {
            FileStoreBackend backend = new FileStoreBackend(dir);
            MongoServer server = new MongoServer(backend);
            server.bind("127.0.0.1", port);
            return new Running(backend, server, MongoClients.create("mongodb://127.0.0.1:" + port));
        }

        MongoCollection<BsonDocument> collection(String database, String name) {
            return client.getDatabase(database).getCollection(name, BsonDocument.class).withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        }

        Class<?> mapValueType(String mapName) {
            return openMap(mapName).getValueType().getClass();
        }

        IndexKeyType indexKeyType(String mapName) {
            return (IndexKeyType) openMap(mapName).getKeyType();
        }

        private MVMap<Object, Object> openMap(String mapName) {
            MVStore store = backend.getMvStore();
            if (!store.hasMap(mapName)) {
                throw new AssertionError("no map " + mapName + " in " + store.getMapNames());
            }
            return store.openMap(mapName); // the backend's open map, with its types
        }

        @Override
        public void close() {
            client.close();
            server.shutdown();
            backend.close();
        }
    }
}
