package dev.switchboard.standalone;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.projector.store.LogPositions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read models are a function of the log: {@code rebuild --verify} into a new database builds the same, document by document. */
class RebuildTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void aRebuildAfterTrafficOfEveryKindEqualsTheLiveReadModelsAndACorruptedLiveDocumentFailsTheVerification() throws Exception {
        Traffic traffic = Traffic.ofEveryKind(stack);
        awaitLiveAtTheEndOfTheLog(stack);

        Commands.Run equal = Commands.run(Commands.against(stack, "rebuild", "--into", "rebuilt" + Ids.newId(), "--verify"));
        assertEquals(0, equal.status(), equal.toString());
        assertTrue(equal.out().contains("equal: every compared collection"), equal.toString());
        assertTrue(equal.err().contains("rebuild: "), "progress on stderr: " + equal);
        for (String collection : List.of("chats", "messages", "users", "presence", "notifications", "support_tickets", "support_messages",
                "support_ticket_events")) {
            assertTrue(equal.out().lines().anyMatch(line -> line.startsWith(collection + " ") && line.endsWith("equal")
                    && !line.contains(" 0 ")), collection + " compared and equal:\n" + equal);
        }

        // on several lanes and in small batches (a duplicate notification then meets its original in an earlier batch)
        Commands.Run inLanes = Commands.run(Commands.against(stack, "rebuild", "--into", "rebuilt" + Ids.newId(), "--verify",
                "--lanes", "3", "--batch-size", "7"));
        assertEquals(0, inLanes.status(), inLanes.toString());
        assertTrue(inLanes.out().contains("equal: every compared collection"), inLanes.toString());

        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            MongoCollection<Document> messages = mongo.getDatabase("switchboard").getCollection("messages");
            ObjectId corrupted = new ObjectId(traffic.chatMessageId());
            messages.updateOne(Filters.eq("_id", corrupted), Updates.set("content", "tampered"));
            try {
                Commands.Run different = Commands.run(Commands.against(stack, "rebuild", "--into", "rebuilt" + Ids.newId(), "--verify"));
                assertEquals(1, different.status(), different.toString());
                assertTrue(different.out().contains("first difference: messages _id=" + corrupted.toHexString() + " field content"),
                        different.toString());
            } finally {
                messages.updateOne(Filters.eq("_id", corrupted), Updates.set("content", traffic.chatMessageText()));
            }
        }
    }

    @Test
    void aRebuildIntoADatabaseThatIsNotEmptyOrIntoTheLiveOneIsRefused() {
        String used = "used" + Ids.newId();
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            mongo.getDatabase(used).getCollection("chats").insertOne(new Document("_id", "left over"));
        }
        Commands.Run notEmpty = Commands.run(Commands.against(stack, "rebuild", "--into", used));
        assertEquals(2, notEmpty.status(), notEmpty.toString());
        assertTrue(notEmpty.err().contains("database " + used + " is not empty (chats holds 1 documents)"), notEmpty.toString());

        Commands.Run live = Commands.run(Commands.against(stack, "rebuild", "--into", "switchboard"));
        assertEquals(2, live.status(), live.toString());
        assertTrue(live.err().contains("switchboard is the live database"), live.toString());
    }

    @Test
    void aRebuildAgainstAStoreThatDoesNotAnswerSaysWhichAndWhereInOneLineWithoutItsPassword() {
        int nobody = FreePorts.find();
        Commands.Run run = Commands.run("rebuild", "--into", "rebuilt" + Ids.newId(), "--kafka", stack.kafkaBootstrapServers(),
                "--mongodb-uri", "mongodb://someone:s3cret@127.0.0.1:" + nobody + "/?serverSelectionTimeoutMS=1000");

        assertEquals(3, run.status(), run.toString());
        assertTrue(run.err().contains("rebuild failed: the document store at 127.0.0.1:" + nobody + " did not answer"), run.toString());
        assertFalse(run.err().contains("s3cret"), run.toString());
        assertFalse(run.err().contains("Exception"), run.toString());
    }

    @Test
    void aRebuildGivenAStoreLocationThatIsNoConnectionStringIsRefused() {
        Commands.Run run = Commands.run("rebuild", "--into", "rebuilt" + Ids.newId(), "--kafka", stack.kafkaBootstrapServers(),
                "--mongodb-uri", "127.0.0.1:27017");

        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("--mongodb-uri is not a MongoDB connection string"), run.toString());
    }

    @Test
    void aRebuildWritesIntoTheNamedDatabaseEvenWhenTheEnvironmentNamesTheLiveOne() {
        String into = "rebuilt" + Ids.newId();
        String before = System.getProperty("MONGODB_DATABASE");
        System.setProperty("MONGODB_DATABASE", "switchboard"); // above the environment, as an operator's setting would be
        try {
            String client = Ids.newId();
            String provider = Ids.newId();
            try (SocketClient known = SocketClient.connected(stack, provider, "provider")) { // roles are facts: both seen
                Rest.openChat(stack, client, "client", provider); // something to rebuild
            }
            awaitLiveAtTheEndOfTheLog(stack);
            Commands.Run run = Commands.run(Commands.against(stack, "rebuild", "--into", into, "--verify", "--live", "switchboard"));
            assertEquals(0, run.status(), run.toString());
        } finally {
            if (before == null) {
                System.clearProperty("MONGODB_DATABASE");
            } else {
                System.setProperty("MONGODB_DATABASE", before);
            }
        }
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            assertTrue(mongo.getDatabase(into).getCollection(LogPositions.COLLECTION).countDocuments() > 0, "the rebuild wrote " + into);
        }
    }

    /** What {@link #ofEveryKind} did that the tests look at afterwards. */
    record Traffic(String chatMessageId, String chatMessageText, String ticketId) {

        /**
         * Chats (sends, a resend, a refused send, deliveries on join, reads, a block), presence (connections, appear
         * offline), notifications (created, a duplicate, released on join, read, all read), support (a ticket, a join, an
         * outsider refused, messages, a resend, a read, an admin's change, a client's refused change) and one support
         * action set aside (a chat action on the support topic).
         */
        static Traffic ofEveryKind(TestStack stack) throws Exception {
            String client = Ids.newId();
            String provider = Ids.newId();
            String outsider = Ids.newId();
            String admin = Ids.newId();
            String chatId;
            String messageId;
            String ticketId;
            try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
                 SocketClient providerSocket = SocketClient.connected(stack, provider, "provider");
                 SocketClient outsiderSocket = SocketClient.connected(stack, outsider, "provider");
                 SocketClient adminSocket = SocketClient.connected(stack, admin, "admin")) {
                chatId = Rest.openChat(stack, client, "client", provider);
                providerSocket.emitWithAck("set-online-status", Rest.json("userId", provider, "isOnline", false));
                JSONObject first = clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "m0", "clientMessageId", "c0"));
                messageId = first.getJSONObject("message").getString("_id");
                for (int i = 1; i < 5; i++) {
                    clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "m" + i, "clientMessageId", "c" + i));
                }
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "again", "clientMessageId", "c0"));
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "x".repeat(5001)));
                outsiderSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "not mine"));
                providerSocket.emitWithAck("join-chat", chatId);
                providerSocket.emitWithAck("mark-messages-read", Rest.json("chatId", chatId));
                providerSocket.emitWithAck("set-online-status", Rest.json("userId", provider, "isOnline", true));
                Rest.send(stack, "PATCH", "/api/chats/" + chatId, stack.token(provider, "provider"), Rest.json("status", "blocked"));
                Rest.send(stack, "PATCH", "/api/chats/" + chatId, stack.token(client, "client"), Rest.json("status", "blocked"));
                Rest.send(stack, "PATCH", "/api/chats/" + chatId, stack.token(client, "client"), Rest.json("status", "active"));
                clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "blocked?"));

                String service = stack.token("billing", "service");
                JSONObject notification = Rest.send(stack, "POST", "/api/notifications", service,
                        Rest.json("userId", client, "type", "payment", "title", "Paid", "message", "20 EUR", "idempotencyKey", "k-" + client)).body();
                Rest.send(stack, "POST", "/api/notifications", service,
                        Rest.json("userId", client, "type", "payment", "title", "Paid", "message", "20 EUR", "idempotencyKey", "k-" + client));
                Rest.send(stack, "POST", "/api/notifications", service, Rest.json("userId", client, "type", "t", "title", "second", "message", "m"));
                clientSocket.emitWithAck("join-notifications", client);
                clientSocket.emitWithAck("mark-notification-read", Rest.json("notificationId", notification.getString("_id")));
                clientSocket.emitWithAck("mark-all-notifications-read", client);
                outsiderSocket.emitWithAck("mark-notification-read", Rest.json("notificationId", notification.getString("_id")));

                ticketId = Rest.send(stack, "POST", "/api/support/tickets", stack.token(client, "client"),
                        Rest.json("subject", "refund", "message", "help")).body().getString("_id");
                clientSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
                outsiderSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
                adminSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
                JSONObject posted = clientSocket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "more", "clientMessageId", "s1"));
                clientSocket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "more", "clientMessageId", "s1"));
                adminSocket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "on it"));
                adminSocket.emitWithAck("mark-message-read", Rest.json("messageId", posted.getJSONObject("message").getString("_id")));
                Rest.send(stack, "PATCH", "/api/support/tickets/" + ticketId, stack.token(client, "client"), Rest.json("status", "closed"));
                Rest.send(stack, "PATCH", "/api/support/tickets/" + ticketId, stack.token(admin, "admin"), Rest.json("status", "pending", "assignee", admin));
                setAsideOnTheSupportTopic(stack, ticketId, client);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> !Rest.get(stack, "/api/users/" + client + "/presence", stack.token(provider, "provider"))
                    .body().getBoolean("isOnline"));
            return new Traffic(messageId, "m0", ticketId);
        }

        /** A support-shaped record the projector cannot read (a type it does not know), keyed by the ticket: set aside. */
        private static void setAsideOnTheSupportTopic(TestStack stack, String ticketId, String client) throws Exception {
            Envelope<SupportMessageRead> valid = Envelope.newAction(new SupportMessageRead(ticketId, new ObjectId().toHexString(), client, "client"),
                    Actor.user(client, "client"), ticketId, Instant.now());
            String json = new String(EventJson.write(valid), StandardCharsets.UTF_8).replace("\"SupportMessageRead\"", "\"TicketArchived\"");
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", stack.kafkaBootstrapServers(), "acks", "all"),
                         new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(Topic.SUPPORT_ACTIONS.topicName(), ticketId, json.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Until the live projector's stored positions reach the end of every action partition (it applied everything). */
    static void awaitLiveAtTheEndOfTheLog(TestStack stack) {
        awaitPositionsAtTheEndOfTheLog(stack, "switchboard");
    }

    /** Until the positions stored in {@code database} reach the end of every action partition. */
    static void awaitPositionsAtTheEndOfTheLog(TestStack stack, String database) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(stack.kafkaCluster(), null, "test-end-reader", "earliest");
             MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
                consumer.partitionsFor(topic.topicName()).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                for (TopicPartition partition : partitions) {
                    if (end.get(partition) == 0) {
                        continue;
                    }
                    Document stored = mongo.getDatabase(database).getCollection(LogPositions.COLLECTION)
                            .find(new Document("_id", partition.topic() + ":" + partition.partition())).first();
                    assertEquals(end.get(partition), stored == null ? null : ((Number) stored.get("next")).longValue(), partition.toString());
                }
            });
        }
    }
}
