package dev.switchboard.embedded.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.switchboard.embedded.EmbeddedStore;
import dev.switchboard.embedded.FreePorts;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A measurement, not a test (its name keeps it out of the build): chat-message-shaped inserts into the embedded store
 * the way the projector writes them (a batch of messages with insertMany, the chat heads with one bulkWrite, then a
 * journaled write of the position, which commits the store's file), then a restart and a read of every message.
 * Run with {@code mvn -q -o -pl embedded -am test -Dtest=StoreWriteThroughput -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Dstore.bench.messages=N -Dstore.bench.batch=N}, and {@code -DargLine=-XX:StartFlightRecording=...}
 * for a profile); results are appended to {@code embedded/target/store-bench.txt}.
 */
public class StoreWriteThroughput {
    private static final int MESSAGES = Integer.getInteger("store.bench.messages", 30_000);
    private static final int BATCH = Integer.getInteger("store.bench.batch", 100);
    private static final int CHATS = 200;
    private static final String TEXT = "Hello, I would like to know where my order is; it was due on Monday and has not arrived.";

    /** The same outside Maven: {@code java -cp <test class path> dev.switchboard.embedded.store.StoreWriteThroughput}. */
    public static void main(String[] args) throws Exception {
        new StoreWriteThroughput().measure();
    }

    @Test
    public void measure() throws Exception {
        Files.writeString(Path.of("target/store-bench-classpath.txt"), System.getProperty("java.class.path"));
        Path dir = Files.createTempDirectory("store-bench");
        int port = FreePorts.find();
        long started = System.nanoTime();
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> messages = client.getDatabase("bench").getCollection("messages");
            MongoCollection<Document> heads = client.getDatabase("bench").getCollection("chats");
            MongoCollection<Document> positions = client.getDatabase("bench").getCollection("positions")
                    .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
            messages.createIndex(Indexes.ascending("chatId"));
            messages.createIndex(Indexes.ascending("clientMessageId"), new IndexOptions().unique(true).sparse(true));
            for (int sent = 0; sent < MESSAGES; sent += BATCH) {
                List<Document> batch = new ArrayList<>();
                List<WriteModel<Document>> headUpdates = new ArrayList<>();
                for (int i = sent; i < Math.min(sent + BATCH, MESSAGES); i++) {
                    Document message = message(i);
                    batch.add(message);
                    headUpdates.add(new UpdateOneModel<>(Filters.eq("_id", message.getString("chatId")),
                            Updates.combine(Updates.set("lastMessage", message), Updates.inc("count", 1)),
                            new UpdateOptions().upsert(true)));
                }
                messages.insertMany(batch);
                heads.bulkWrite(headUpdates);
                positions.updateOne(Filters.eq("_id", "chat-0"), Updates.set("offset", (long) sent), new UpdateOptions().upsert(true));
            }
        }
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        long fileBytes = Files.size(dir.resolve(FileStoreBackend.FILE_NAME));

        long reopened = System.nanoTime();
        long read;
        try (EmbeddedStore store = EmbeddedStore.start(dir, port);
             MongoClient client = MongoClients.create(store.connectionString())) {
            read = client.getDatabase("bench").getCollection("messages").find().into(new ArrayList<>()).size();
        }
        double readSeconds = (System.nanoTime() - reopened) / 1e9;
        assertEquals(MESSAGES, read);

        String result = String.format("%d messages in batches of %d: %.0f inserts/s (%.1f s), file %.1f MB; restart + read all %.2f s%n",
                MESSAGES, BATCH, MESSAGES / writeSeconds, writeSeconds, fileBytes / 1e6, readSeconds);
        System.out.print("STORE-BENCH " + result);
        Files.writeString(Path.of("target/store-bench.txt"), result, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        deleteQuietly(dir);
    }

    private static Document message(int i) {
        String chatId = "chat-" + (i % CHATS);
        return new Document("_id", "msg-" + i + "-" + Integer.toHexString(i * 31))
                .append("chatId", chatId)
                .append("clientMessageId", "client-" + i)
                .append("senderId", "user-" + (i % 50))
                .append("senderRole", i % 2 == 0 ? "client" : "provider")
                .append("type", "text")
                .append("content", TEXT)
                .append("createdAt", new Date(1_700_000_000_000L + i * 1000L))
                .append("deliveredTo", List.of("user-" + ((i + 1) % 50)))
                .append("readBy", List.of())
                .append("appliedBy", "action-" + i);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }
}
