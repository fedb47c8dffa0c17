package dev.switchboard.events.notification;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * For backend services that speak Kafka: the seed's {@code sendNotification(userId, data)}. Publishes a
 * {@link NotificationAction.NotificationRequested} (documented in EVENTS.md) and completes with the new
 * notification's id once the log has it. With the same {@code idempotencyKey} twice, one notification exists.
 *
 * <pre>{@code
 * try (NotificationPublisher notifications = new NotificationPublisher("kafka:9092", "billing-service")) {
 *     notifications.publish(userId, "payment", "Payment received", "We received 20 EUR", Map.of("amount", 20), "payment-8812").join();
 * }
 * }</pre>
 */
public class NotificationPublisher implements AutoCloseable {
    private final KafkaProducer<String, Envelope<?>> producer;
    private final Actor service;

    /** A publisher to a plain cluster (no security settings). */
    public NotificationPublisher(String bootstrapServers, String serviceName) {
        this(KafkaCluster.at(bootstrapServers), serviceName);
    }

    /** A publisher to a cluster that needs client properties (SASL, TLS). */
    public NotificationPublisher(KafkaCluster cluster, String serviceName) {
        this.producer = KafkaClients.producer(cluster, "notification-publisher-" + serviceName);
        this.service = Actor.service(serviceName);
    }

    public CompletableFuture<String> publish(String userId, String type, String title, String message,
                                             Map<String, Object> data, String idempotencyKey) {
        Ids.Stamp stamp = Ids.newStamp(); // lists ordered by id then agree with the creation times they show
        NotificationAction.NotificationRequested request = new NotificationAction.NotificationRequested(
                stamp.id(), userId, type, title, message, data, idempotencyKey);
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(String.join("; ", problems)));
        }
        Envelope<NotificationAction.NotificationRequested> envelope = Envelope.newAction(request, service, userId, stamp.at());
        CompletableFuture<String> recorded = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topic.NOTIFICATION_ACTIONS.topicName(), userId, envelope), (metadata, failure) -> {
            if (failure == null) {
                recorded.complete(request.notificationId());
            } else {
                recorded.completeExceptionally(failure);
            }
        });
        return recorded;
    }

    @Override
    public void close() {
        producer.close();
    }
}
