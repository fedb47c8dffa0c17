package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.errors.ErrorCode;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/**
 * Puts envelopes on their family's topic. The returned future completes once the log has the record
 * (acks=all), or fails with {@code UNAVAILABLE} when it could not take it.
 */
@Component
public class ActionRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActionRecorder.class);

    private final Producer<String, Envelope<?>> producer;

    @Autowired
    public ActionRecorder(GatewaySettings settings) {
        this(createProducer(settings));
    }

    ActionRecorder(Producer<String, Envelope<?>> producer) {
        this.producer = producer;
    }

    private static Producer<String, Envelope<?>> createProducer(GatewaySettings settings) {
        TopicProvisioner.ensureTopics(settings.kafkaCluster());
        return KafkaClients.producer(settings.kafkaCluster(), "switchboard-gateway-" + settings.gatewayId());
    }

    public <E extends Event> CompletableFuture<Envelope<E>> record(Envelope<E> envelope) {
        CompletableFuture<Envelope<E>> recorded = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(Topic.of(envelope.payload()).topicName(), envelope.key(), envelope),
                    (metadata, failure) -> {
                        if (failure == null) {
                            recorded.complete(envelope);
                        } else if (failure instanceof RecordTooLargeException) {
                            recorded.completeExceptionally(ClientError.badRequest("too large to record"));
                        } else {
                            log.warn("could not record {}: {}", envelope.type(), failure.toString());
                            recorded.completeExceptionally(unavailable());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("could not record {}: {}", envelope.type(), e.toString());
            recorded.completeExceptionally(unavailable());
        }
        return recorded;
    }

    private static ClientError unavailable() {
        return new ClientError(ErrorCode.UNAVAILABLE, "the event log could not take it; nothing was recorded");
    }

    @Override
    public void close() {
        producer.close();
    }
}
