package dev.switchboard.standalone;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.notification.NotificationPublisher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void anActionTheProjectorCannotApplyIsSetAsideAndEverythingAfterItIsStillApplied() throws Exception {
        String user = TestIds.user();
        try (SocketClient client = SocketClient.connected(stack, user, "client");
             KafkaProducer<String, Envelope<?>> rawProducer = KafkaClients.producer(stack.kafkaBootstrapServers(), "careless-service");
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
}
