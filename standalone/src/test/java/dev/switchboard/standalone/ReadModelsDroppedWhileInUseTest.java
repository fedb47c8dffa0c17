package dev.switchboard.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.switchboard.events.Ids;
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
 * A stack of its own: an operator drops the live read models' database while the stack runs (the wrong one of two, or
 * thinking the projector rebuilds it). The projector must not go on filling it with what comes next over nothing before,
 * which left the history without every earlier message for good, restarts included, with nothing to say so.
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
            assertTrue(readModels.getJSONObject("details").getString("lost").contains("dropped or its positions deleted"), readModels.toString());
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

    private static long messages(MongoDatabase database) {
        return database.getCollection("messages").countDocuments(); // the stack's only chat
    }

    private static JSONObject projectorReadiness(TestStack stack) {
        return Rest.send(HttpRequest.newBuilder(URI.create(stack.projectorHttpUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(20)).GET().build()).body();
    }
}
