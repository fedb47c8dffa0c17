package dev.switchboard.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.switchboard.events.Ids;
import dev.switchboard.projector.store.LogPositions;
import org.bson.Document;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack of its own per test: an operator drops the live read models' database while the stack runs (the wrong one of
 * two, or thinking the projector rebuilds it), or restores it from an earlier copy. The projector must not go on filling
 * it with what comes next over nothing before, or over a gap, which left the history without those messages for good,
 * restarts included, with nothing to say so.
 */
class ReadModelsDroppedWhileInUseTest {

    @Test
    void aDatabaseDroppedWhileInUseStopsTheProjectorLoudlyUntilItIsRebuiltAndTheRebuildHoldsEveryAction(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        String client = Ids.newId();
        String provider = Ids.newId();
        String chatId;
        List<String> sent = new ArrayList<>();

        TestStack live = TestStack.start(settings);
        try (SocketClient clientSocket = SocketClient.connected(live, client, "client");
             SocketClient providerSocket = SocketClient.connected(live, provider, "provider");
             MongoClient mongo = MongoClients.create(live.mongoUri())) {
            chatId = Rest.openChat(live, client, "client", provider);
            for (int i = 0; i < 5; i++) {
                sent.add("before " + i);
                assertTrue(clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "before " + i)).getBoolean("ok"));
            }
            RebuildTest.awaitLiveAtTheEndOfTheLog(live);

            mongo.getDatabase("switchboard").drop();
            for (int i = 0; i < 5; i++) { // the first of them shows the projector the loss; none waits for its ack
                sent.add("after " + i);
                clientSocket.emitForAck("send-message", Rest.json("chatId", chatId, "content", "after " + i));
                Thread.sleep(100);
            }

            JSONObject readiness = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> projectorReadiness(live), r -> "DOWN".equals(r.optString("status")));
            JSONObject readModels = readiness.getJSONObject("components").getJSONObject("readModels");
            assertEquals("DOWN", readModels.getString("status"));
            assertTrue(readModels.getJSONObject("details").getString("lost").contains("dropped or restored from an earlier copy"), readModels.toString());
            assertEquals(200, Rest.get(live, "/health", null).status(), "the gateways still serve what there is");

            MongoDatabase dropped = mongo.getDatabase("switchboard");
            long appliedAfterTheDrop = messages(dropped);
            clientSocket.emitForAck("send-message", Rest.json("chatId", chatId, "content", "while stopped"));
            sent.add("while stopped");
            Thread.sleep(2_000);
            assertEquals(appliedAfterTheDrop, messages(dropped), "nothing more is applied to the dropped database");
        } finally {
            live.stop();
        }

        String rebuilt = "rebuilt" + Ids.newId();
        TestStack restarted = TestStack.start(settings);
        try {
            JSONObject readiness = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> projectorReadiness(restarted), r -> r.optJSONObject("components") != null
                            && r.optJSONObject("components").optJSONObject("readModels") != null
                            && "DOWN".equals(r.optJSONObject("components").optJSONObject("readModels").optString("status")));
            assertEquals("DOWN", readiness.getString("status"), "a restart does not cure a dropped database");
            // the operator's way back (README): rebuild from the log into another database, then switch to it
            Commands.Run rebuild = Commands.run(Commands.against(restarted, "rebuild", "--into", rebuilt));
            assertEquals(0, rebuild.status(), rebuild.toString());
        } finally {
            restarted.stop();
        }

        Map<String, Object> switched = new HashMap<>(settings);
        switched.put("MONGODB_DATABASE", rebuilt);
        TestStack again = TestStack.start(switched);
        try {
            assertEquals("UP", projectorReadiness(again).getString("status"));
            JSONArray history = Rest.get(again, "/api/chats/" + chatId + "/messages", again.token(client, "client"))
                    .body().getJSONArray("messages");
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < history.length(); i++) {
                contents.add(history.getJSONObject(i).getString("content"));
            }
            assertEquals(new TreeSet<>(sent), new TreeSet<>(contents), "every message sent, before the drop and after it");
        } finally {
            again.stop();
        }
    }

    @Test
    void aDatabaseRestoredFromAnEarlierCopyWhileInUseStopsTheProjectorLoudlyInsteadOfLeavingAGap(@TempDir Path dataDir) throws Exception {
        try (OneChat live = OneChat.open(dataDir)) {
            sendAcked(live.client(), live.chatId(), "backed up ", 3);
            RebuildTest.awaitLiveAtTheEndOfTheLog(live.stack());
            MongoDatabase database = live.mongo().getDatabase("switchboard");
            Map<String, List<Document>> backup = copyOf(database);
            sendAcked(live.client(), live.chatId(), "after the backup ", 3);
            RebuildTest.awaitLiveAtTheEndOfTheLog(live.stack());

            restore(database, backup);
            for (int i = 0; i < 3; i++) { // the first of them shows the projector the gap; none waits for its ack
                live.client().emitForAck("send-message", Rest.json("chatId", live.chatId(), "content", "after the restore " + i));
                Thread.sleep(100);
            }

            String lost = awaitReadModelsLost(live.stack());
            assertTrue(lost.contains("restored from an earlier copy") && lost.contains("went back from"), lost);
            long appliedAfterTheRestore = messages(database);
            live.client().emitForAck("send-message", Rest.json("chatId", live.chatId(), "content", "while stopped"));
            Thread.sleep(2_000);
            assertEquals(appliedAfterTheRestore, messages(database), "nothing more is applied over the gap");
        }
    }

    @Test
    void aDatabaseDroppedWhileNoActionArrivesIsNoticedWithinSecondsBeforeAnythingIsWrittenIntoIt(@TempDir Path dataDir) throws Exception {
        try (OneChat live = OneChat.open(dataDir)) {
            sendAcked(live.client(), live.chatId(), "before ", 3);
            RebuildTest.awaitLiveAtTheEndOfTheLog(live.stack());

            MongoDatabase database = live.mongo().getDatabase("switchboard");
            database.drop(); // and nobody sends anything

            String lost = awaitReadModelsLost(live.stack());
            assertTrue(lost.contains("is gone"), lost);
            live.client().emitForAck("send-message", Rest.json("chatId", live.chatId(), "content", "after the drop"));
            Thread.sleep(2_000);
            assertEquals(0, messages(database), "nothing was written into the dropped database, before the loss was noticed or after");
        }
    }

    /** A stack of its own with one chat between a connected client and provider, and a client of its store. */
    private record OneChat(TestStack stack, SocketClient client, SocketClient provider, MongoClient mongo, String chatId) implements AutoCloseable {
        static OneChat open(Path dataDir) throws Exception {
            TestStack stack = TestStack.start(TestStack.settings(dataDir));
            SocketClient client = null;
            SocketClient provider = null;
            try {
                String clientId = Ids.newId();
                String providerId = Ids.newId();
                client = SocketClient.connected(stack, clientId, "client");
                provider = SocketClient.connected(stack, providerId, "provider");
                String chatId = Rest.openChat(stack, clientId, "client", providerId);
                return new OneChat(stack, client, provider, MongoClients.create(stack.mongoUri()), chatId);
            } catch (Exception | Error e) {
                new OneChat(stack, client, provider, null, null).close();
                throw e;
            }
        }

        @Override
        public void close() {
            for (AutoCloseable closeable : new AutoCloseable[] {client, provider, mongo}) {
                if (closeable != null) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // closing what the test used; the stack stops all the same
                    }
                }
            }
            stack.stop();
        }
    }

    private static void sendAcked(SocketClient socket, String chatId, String contentPrefix, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertTrue(socket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", contentPrefix + i)).getBoolean("ok"));
        }
    }

    /** Waits for the projector's readiness to go down for lost read models, and says what it reports lost. */
    private static String awaitReadModelsLost(TestStack stack) throws Exception {
        JSONObject readiness = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> projectorReadiness(stack), r -> "DOWN".equals(r.optString("status")));
        return readiness.getJSONObject("components").getJSONObject("readModels").getJSONObject("details").getString("lost");
    }

    /** Every document of every collection, as a backup holds them. */
    private static Map<String, List<Document>> copyOf(MongoDatabase database) {
        Map<String, List<Document>> copy = new HashMap<>();
        for (String name : database.listCollectionNames()) {
            copy.put(name, database.getCollection(name).find().into(new ArrayList<>()));
        }
        return copy;
    }

    /** Puts the backup's documents back in place of what each collection holds (a position replaced in one write). */
    private static void restore(MongoDatabase database, Map<String, List<Document>> backup) {
        backup.forEach((name, documents) -> {
            MongoCollection<Document> collection = database.getCollection(name);
            if (name.equals(LogPositions.COLLECTION)) {
                documents.forEach(doc -> collection.replaceOne(Filters.eq("_id", doc.get("_id")), doc));
            } else {
                collection.deleteMany(new Document());
                if (!documents.isEmpty()) {
                    collection.insertMany(documents);
                }
            }
        });
    }

    private static long messages(MongoDatabase database) {
        return database.getCollection("messages").countDocuments(); // the stack's only chat
    }

    private static JSONObject projectorReadiness(TestStack stack) {
        return Rest.send(HttpRequest.newBuilder(URI.create(stack.projectorHttpUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(20)).GET().build()).body();
    }
}
