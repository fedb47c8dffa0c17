package dev.switchboard.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Queries and counts answered through the store's non-unique indexes find exactly the documents a scan finds, through
 * inserts, updates of the indexed field, deletes and a restart (the index is rebuilt from the documents).
 */
class SecondaryIndexQueriesTest {
    private final Random random = new Random(42);
    private final Map<Integer, Document> expected = new LinkedHashMap<>();

    @Test
    void indexedQueriesMatchAModelThroughWritesAndARestart(@TempDir Path dir) throws Exception {
        int port = FreePorts.find();
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> messages = client.getDatabase("t").getCollection("messages");
            messages.createIndex(Indexes.compoundIndex(Indexes.ascending("chat"), Indexes.descending("seq")));
            messages.createIndex(Indexes.ascending("receiver", "chat", "isRead"));
            for (int id = 0; id < 600; id++) {
                Document doc = new Document("_id", id).append("chat", "c" + random.nextInt(8)).append("receiver", "u" + random.nextInt(3))
                        .append("seq", id).append("isRead", false);
                messages.insertOne(doc);
                expected.put(id, doc);
            }
            for (int i = 0; i < 200; i++) {
                int id = random.nextInt(600);
                if (!expected.containsKey(id)) {
                    continue;
                }
                switch (random.nextInt(3)) {
                    case 0 -> {
                        String chat = "c" + random.nextInt(8);
                        messages.updateOne(Filters.eq("_id", id), Updates.set("chat", chat));
                        expected.get(id).put("chat", chat);
                    }
                    case 1 -> {
                        messages.deleteOne(Filters.eq("_id", id));
                        expected.remove(id);
                    }
                    default -> {
                        messages.updateMany(Filters.and(Filters.eq("chat", expected.get(id).getString("chat")), Filters.eq("receiver", "u1")),
                                Updates.set("isRead", true));
                        String chat = expected.get(id).getString("chat");
                        expected.values().stream().filter(d -> d.getString("chat").equals(chat) && d.getString("receiver").equals("u1"))
                                .forEach(d -> d.put("isRead", true));
                    }
                }
            }
            assertQueriesMatchTheModel(messages);
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            assertQueriesMatchTheModel(client.getDatabase("t").getCollection("messages"));
        }
    }

    private void assertQueriesMatchTheModel(MongoCollection<Document> messages) {
        assertEquals(expected.size(), messages.countDocuments());
        assertEquals(0, messages.countDocuments(Filters.eq("chat", "no such chat")));
        for (int c = 0; c < 8; c++) {
            String chat = "c" + c;
            List<Integer> newestFirst = new ArrayList<>();
            messages.find(Filters.eq("chat", chat)).sort(Sorts.descending("seq")).limit(20).forEach(d -> newestFirst.add(d.getInteger("_id")));
            assertEquals(expected.values().stream().filter(d -> d.getString("chat").equals(chat)).map(d -> d.getInteger("_id"))
                    .sorted((a, b) -> b - a).limit(20).toList(), newestFirst, "history of " + chat);
            for (int u = 0; u < 3; u++) {
                String receiver = "u" + u;
                List<Integer> unread = new ArrayList<>();
                messages.find(Filters.and(Filters.eq("receiver", receiver), Filters.eq("chat", chat), Filters.eq("isRead", false)))
                        .sort(Sorts.ascending("seq")).forEach(d -> unread.add(d.getInteger("_id")));
                assertEquals(expected.values().stream().filter(d -> d.getString("chat").equals(chat) && d.getString("receiver").equals(receiver)
                        && !d.getBoolean("isRead")).map(d -> d.getInteger("_id")).sorted().toList(), unread, "unread of " + receiver + " in " + chat);
                assertEquals(unread.size(), messages.countDocuments(Filters.and(Filters.eq("receiver", receiver), Filters.eq("chat", chat),
                        Filters.eq("isRead", false))), "unread count of " + receiver + " in " + chat);
            }
        }
    }
}
