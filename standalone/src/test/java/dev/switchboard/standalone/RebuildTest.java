package dev.switchboard.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.Topic;
import dev.switchboard.projector.ProjectorApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The read models are a function of the log: a projector in rebuild mode, into an empty database, builds the same. */
class RebuildTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void aProjectorRebuildingFromTheLogBuildsTheSameReadModels() throws Exception {
        String client = TestIds.user();
        String provider = TestIds.user();
        String chatId;
        String ticketId;
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
            chatId = Rest.openChat(stack, client, "client", provider);
            providerSocket.emitWithAck("join-chat", chatId);
            for (int i = 0; i < 5; i++) {
                clientSocket.emitWithAck("send-message", new JSONObject(Map.of("chatId", chatId, "content", "m" + i, "clientMessageId", "c" + i)));
            }
            clientSocket.emitWithAck("send-message", new JSONObject(Map.of("chatId", chatId, "content", "again", "clientMessageId", "c0")));
            providerSocket.emitWithAck("mark-messages-read", new JSONObject(Map.of("chatId", chatId)));
            clientSocket.emitWithAck("send-message", new JSONObject(Map.of("chatId", chatId, "content", "x".repeat(5001))));
            ticketId = post("/api/support/tickets", stack.token(client, "client"), new JSONObject(Map.of("subject", "s", "message", "help"))).getString("_id");
            clientSocket.emitWithAck("join-support-ticket", new JSONObject(Map.of("ticketId", ticketId)));
            clientSocket.emitWithAck("support-message", new JSONObject(Map.of("ticketId", ticketId, "content", "more")));
            post("/api/notifications", stack.token("svc", "service"), new JSONObject(Map.of("userId", client, "type", "t", "title", "hello", "message", "m")));
            clientSocket.emitWithAck("join-notifications", client);
            clientSocket.emitWithAck("mark-all-notifications-read", client);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !Rest.get(stack, "/api/users/" + client + "/presence", stack.token(provider, "provider"))
                .body().getBoolean("isOnline"));

        String rebuilt = "rebuild" + TestIds.user();
        Map<String, Object> settings = new HashMap<>();
        settings.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        settings.put("MONGODB_URI", stack.mongoUri());
        settings.put("MONGODB_DATABASE", rebuilt);
        settings.put("PROJECTOR_REBUILD", "true");
        settings.put("PROJECTOR_HTTP_PORT", dev.switchboard.embedded.FreePorts.find());
        try (ConfigurableApplicationContext projector = ProjectorApplication.builder(settings).run();
             MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            awaitCaughtUp();
            MongoDatabase live = mongo.getDatabase("switchboard");
            MongoDatabase again = mongo.getDatabase(rebuilt);
            assertSame(live, again, "chats", Filters.eq("_id", chatId));
            assertSame(live, again, "messages", Filters.eq("chat", chatId));
            assertSame(live, again, "support_tickets", Filters.eq("_id", new org.bson.types.ObjectId(ticketId)));
            assertSame(live, again, "support_messages", Filters.eq("ticket", ticketId));
            assertSame(live, again, "notifications", Filters.eq("user", client));
            assertSame(live, again, "presence", Filters.in("_id", client, provider));
            assertSame(live, again, "users", Filters.in("_id", client, provider));
        }
    }

    /** Same documents, in the same order, except the projector's own bookkeeping of applied actions. */
    private static void assertSame(MongoDatabase live, MongoDatabase rebuilt, String collection, Bson filter) {
        List<Document> expected = documents(live, collection, filter);
        assertFalse(expected.isEmpty(), collection + " has nothing to compare");
        assertEquals(expected, documents(rebuilt, collection, filter), collection);
    }

    private static List<Document> documents(MongoDatabase database, String collection, Bson filter) {
        List<Document> documents = new ArrayList<>();
        for (Document doc : database.getCollection(collection).find(filter).sort(Sorts.ascending("_id"))) {
            doc.remove("applied");
            documents.add(doc);
        }
        return documents;
    }

    /** Until the rebuild group has committed every action topic up to its end. */
    private void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
                String group = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                        .map(listing -> listing.groupId()).filter(id -> id.startsWith("switchboard-projector-rebuild-"))
                        .reduce((a, b) -> a.compareTo(b) > 0 ? a : b).orElse(null);
                if (group == null) {
                    return false;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
                    for (int p = 0; p < dev.switchboard.events.kafka.KafkaCluster.TopicLayout.SINGLE_BROKER.partitions(); p++) {
                        latest.put(new TopicPartition(topic.topicName(), p), OffsetSpec.latest());
                    }
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                        || (committed.get(end.getKey()) != null && committed.get(end.getKey()).offset() >= end.getValue().offset()));
            }
        });
    }

    private JSONObject post(String path, String token, JSONObject body) {
        return Rest.send(stack, "POST", path, token, body).body();
    }
}
