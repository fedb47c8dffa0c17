package dev.switchboard.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.projector.logtools.ReadModelComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack of its own: the operator's switch (docs/ARCHITECTURE.md, "Rebuilding the read models"). Actions that arrive
 * after a rebuild noted the log's end are applied by the projector pointed at the rebuilt database, from the positions
 * the rebuild stored, so it ends equal to the live one.
 */
class SwitchToRebuiltDatabaseTest {

    @Test
    void aStackSwitchedToTheRebuiltDatabaseAppliesTheActionsThatArrivedMeanwhileAndEndsEqualToTheLiveOne(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        String client = Ids.newId();
        String provider = Ids.newId();
        String rebuilt = "rebuilt" + Ids.newId();

        TestStack live = TestStack.start(settings);
        try (SocketClient clientSocket = SocketClient.connected(live, client, "client");
             SocketClient providerSocket = SocketClient.connected(live, provider, "provider")) {
            String chatId = Rest.openChat(live, client, "client", provider);
            for (int i = 0; i < 5; i++) {
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "before " + i));
            }
            RebuildTest.awaitLiveAtTheEndOfTheLog(live);
            Commands.Run rebuild = Commands.run(Commands.against(live, "rebuild", "--into", rebuilt, "--verify"));
            assertEquals(0, rebuild.status(), rebuild.toString());

            for (int i = 0; i < 5; i++) { // arrive after the rebuild noted the log's end
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "meanwhile " + i));
            }
            RebuildTest.awaitLiveAtTheEndOfTheLog(live);
        } finally {
            live.stop();
        }

        Map<String, Object> switched = new HashMap<>(settings);
        switched.put("MONGODB_DATABASE", rebuilt);
        TestStack again = TestStack.start(switched);
        try (MongoClient mongo = MongoClients.create(again.mongoUri())) {
            RebuildTest.awaitPositionsAtTheEndOfTheLog(again, rebuilt);
            assertEquals(10, mongo.getDatabase(rebuilt).getCollection("messages").countDocuments(Filters.eq("sender._id", client)));
            Optional<ReadModelComparison.Difference> difference =
                    ReadModelComparison.firstDifference(mongo.getDatabase("switchboard"), mongo.getDatabase(rebuilt));
            assertEquals(Optional.empty(), difference);
        } finally {
            again.stop();
        }
    }

    @Test
    void projectorRebuildFillsAnEmptyDatabaseFromTheLogWithoutPublishingAndRefusesOneThatIsNotEmpty(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        String client = Ids.newId();
        TestStack live = TestStack.start(settings);
        int updates;
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(live, client, "client");
             SocketClient providerSocket = SocketClient.connected(live, provider, "provider")) {
            String chatId = Rest.openChat(live, client, "client", provider);
            for (int i = 0; i < 5; i++) {
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "m" + i));
            }
            RebuildTest.awaitLiveAtTheEndOfTheLog(live);
            updates = TestLog.records(live, Topic.CHAT_UPDATES).size();
        } finally {
            live.stop();
        }

        Map<String, Object> rebuilding = new HashMap<>(settings);
        rebuilding.put("MONGODB_DATABASE", "fresh");
        rebuilding.put("PROJECTOR_REBUILD", "true");
        TestStack rebuilt = TestStack.start(rebuilding);
        try (MongoClient mongo = MongoClients.create(rebuilt.mongoUri())) {
            // filled before the projector started, so at once
            assertEquals(5, mongo.getDatabase("fresh").getCollection("messages").countDocuments(Filters.eq("sender._id", client)));
            assertEquals(Optional.empty(), ReadModelComparison.firstDifference(mongo.getDatabase("switchboard"), mongo.getDatabase("fresh")));
            assertEquals(updates, TestLog.records(rebuilt, Topic.CHAT_UPDATES).size(), "nothing published again");
        } finally {
            rebuilt.stop();
        }

        Map<String, Object> notEmpty = new HashMap<>(settings);
        notEmpty.put("PROJECTOR_REBUILD", "true");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TestStack.start(notEmpty));
        assertTrue(refused.getMessage().contains("PROJECTOR_REBUILD=true needs an empty MONGODB_DATABASE"), refused.getMessage());
    }
}
