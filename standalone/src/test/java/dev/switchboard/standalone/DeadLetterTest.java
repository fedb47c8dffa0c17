package dev.switchboard.standalone;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.ChatIds;
import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.notification.NotificationPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void anActionTheProjectorCannotApplyIsSetAsideAndEverythingAfterItIsStillApplied() throws Exception {
        String user = Ids.newId();
        try (SocketClient client = SocketClient.connected(stack, user, "client");
             KafkaProducer<String, Envelope<?>> rawProducer = KafkaClients.producer(stack.kafkaCluster(), "careless-service");
             NotificationPublisher publisher = new NotificationPublisher(stack.kafkaBootstrapServers(), "careful-service")) {
            assertTrue(client.emitWithAck("join-notifications", user).getBoolean("ok"));
            // a service in another language writes a chat action onto the notification topic, keyed by the user
            Envelope<MessagesRead> misplaced = Envelope.newAction(new MessagesRead("507f1f77bcf86cd799439011", user),
                    Actor.service("careless-service"), user, Instant.now());
            RecordMetadata poison = rawProducer.send(new ProducerRecord<>(Topic.NOTIFICATION_ACTIONS.topicName(), user, misplaced))
                    .get(10, TimeUnit.SECONDS);

            String after = publisher.publish(user, "chat", "After the bad one", "still delivered", Map.of(), null).join();
            assertEquals(after, client.nextObject("new-notification").getString("_id"), "the projector went on past the bad record");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ActionSetAside> setAside = TestLog.records(stack, Topic.DEAD_LETTERS).stream()
                        .map(Envelope::payload).filter(ActionSetAside.class::isInstance).map(ActionSetAside.class::cast)
                        .filter(letter -> letter.topic().equals(Topic.NOTIFICATION_ACTIONS.topicName())
                                && letter.partition() == poison.partition() && letter.offset() == poison.offset())
                        .toList();
                assertEquals(1, setAside.size());
                assertTrue(setAside.get(0).error().contains("ClassCastException"), setAside.get(0).error());
                assertTrue(setAside.get(0).record().contains(misplaced.id()));
            });
        }
    }

    // Records the projector cannot even read (shared-events/EVENTS.md, "Unreadable records"): each is set aside at once
    // as an ActionSetAside naming where it is, answering its sender by the correlation id of its envelope header, and
    // the actions after it on the same partition are applied as usual.

    @Test
    void aRecordOfAnUnknownTypeIsSetAsideAndTheChatOpenedAfterItIsCreated() throws Exception {
        assertSetAsideAndTheLoopGoesOn(record -> EventJson.MAPPER.writeValueAsBytes(record.put("type", "ChatArchived")), "ChatArchived");
    }

    @Test
    void aRecordOfAVersionNewerThanTheProjectorKnowsIsSetAsideAndTheChatOpenedAfterItIsCreated() throws Exception {
        int newer = EventTypes.versionOf(ChatJoined.class) + 1;
        assertSetAsideAndTheLoopGoesOn(record -> EventJson.MAPPER.writeValueAsBytes(record.put("version", newer)), "newer");
    }

    @Test
    void aRecordOfMalformedJsonIsSetAsideAndTheChatOpenedAfterItIsCreated() throws Exception {
        assertSetAsideAndTheLoopGoesOn(record -> {
            byte[] json = EventJson.MAPPER.writeValueAsBytes(record);
            return Arrays.copyOf(json, json.length - 12); // cut off inside the payload, as a crashed writer might leave it
        }, null);
    }

    private interface Poison {
        byte[] of(ObjectNode validRecord) throws Exception;
    }

    /**
     * Produces a valid ChatJoined record spoiled by {@code poison} onto the partition of a new chat, then opens that
     * chat: the chat is created (the loop went on past the record), and the record is set aside exactly once, under
     * its topic/partition/offset, with its correlation id and an error mentioning {@code errorMentions} (when given).
     */
    private void assertSetAsideAndTheLoopGoesOn(Poison poison, String errorMentions) throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        String chatId = ChatIds.forPair(client, provider);
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider");
             KafkaProducer<String, byte[]> rawProducer = rawProducer("careless-service")) {
            Envelope<ChatJoined> joined = Envelope.newAction(new ChatJoined(chatId, client), Actor.user(client, "client"), chatId, Instant.now());
            ObjectNode record = (ObjectNode) EventJson.MAPPER.readTree(EventJson.write(joined));
            byte[] value = poison.of(record);
            assertFalse(Arrays.equals(value, EventJson.write(joined)));
            RecordMetadata bad = rawProducer.send(new ProducerRecord<>(Topic.CHAT_ACTIONS.topicName(), chatId, value)).get(10, TimeUnit.SECONDS);

            String[] opened = new String[1];
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Rest.Response response = Rest.send(stack, "POST", "/api/chats", stack.token(client, "client"), Rest.json("participantId", provider));
                opened[0] = response.status() < 300 ? response.body().getString("_id") : null;
                return opened[0] != null;
            });
            assertEquals(chatId, opened[0], "the chat action after the bad record on its partition was applied");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<Envelope<ActionSetAside>> setAside = deadLettersAt(Topic.CHAT_ACTIONS, bad);
                assertEquals(1, setAside.size(), "set aside once");
                Envelope<ActionSetAside> letter = setAside.get(0);
                assertEquals(joined.id(), letter.correlationId(), "answers the record's sender");
                assertEquals(chatId, letter.key());
                assertTrue(letter.payload().record().contains(joined.id()), letter.payload().record());
                assertFalse(letter.payload().error().isBlank());
                if (errorMentions != null) {
                    assertTrue(letter.payload().error().contains(errorMentions), letter.payload().error());
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private List<Envelope<ActionSetAside>> deadLettersAt(Topic topic, RecordMetadata at) {
        return TestLog.records(stack, Topic.DEAD_LETTERS).stream()
                .filter(envelope -> envelope.payload() instanceof ActionSetAside letter && letter.topic().equals(topic.topicName())
                        && letter.partition() == at.partition() && letter.offset() == at.offset())
                .map(envelope -> (Envelope<ActionSetAside>) (Envelope<?>) envelope)
                .toList();
    }

    /** A producer of raw record values, as a service in another language (or a broken one) would write them. */
    private KafkaProducer<String, byte[]> rawProducer(String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
    }
}
