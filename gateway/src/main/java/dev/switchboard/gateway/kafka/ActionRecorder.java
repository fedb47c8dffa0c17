package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.LogContext;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.errors.ClientError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Puts envelopes on their family's topic. The returned future completes once the log has the record
 * (acks=all), or fails with {@code UNAVAILABLE} when it could not take it.
 */
@Component
public class ActionRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ActionRecorder.class);

    private static final Duration PARTITIONS_KNOWN_WITHIN = Duration.ofSeconds(30);

    private final Producer<String, Envelope<?>> producer;
    private final LogDiskReserve diskReserve;
    private volatile boolean closed;
    private KafkaClientMetrics clientMetrics;

    /** With the producer's own meters ({@code kafka.producer.*}) in {@code registry}. */
    @Autowired
    public ActionRecorder(GatewaySettings settings, MeterRegistry registry, LogDiskReserve diskReserve) {
        this(createProducer(settings), diskReserve);
        clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    /** On a producer of its own (tests: a {@code MockProducer}). */
    public ActionRecorder(Producer<String, Envelope<?>> producer) {
        this(producer, LogDiskReserve.unwatched());
    }

    /** On a producer of its own, watching the log's disk through {@code diskReserve} (tests). */
    public ActionRecorder(Producer<String, Envelope<?>> producer, LogDiskReserve diskReserve) {
        this.producer = producer;
        this.diskReserve = diskReserve;
    }

    private static Producer<String, Envelope<?>> createProducer(GatewaySettings settings) {
        TopicProvisioner.ensureTopics(settings.kafkaCluster());
        Producer<String, Envelope<?>> producer = producer(settings.kafkaCluster(), "switchboard-gateway-" + settings.gatewayId());
        try {
            KafkaClients.awaitPartitions(producer, PARTITIONS_KNOWN_WITHIN);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /**
     * The gateway's producer: it records from the socket event loops, which every connection on them shares, so a send
     * it cannot place at once (the broker away and its buffer full) is refused at once instead of waiting there.
     */
    static Producer<String, Envelope<?>> producer(KafkaCluster cluster, String clientId) {
        return KafkaClients.producerThatNeverWaits(cluster, clientId, new ActionSerializer());
    }

    /** Records what a client asked for; refused {@code UNAVAILABLE} while the log's disk is under its reserve ({@link LogDiskReserve}). */
    public <E extends Event> CompletableFuture<Envelope<E>> record(Envelope<E> envelope) {
        return diskReserve.refusesActions() ? CompletableFuture.failedFuture(diskNearlyFull()) : send(envelope);
    }

    /**
     * Records what the gateway notes by itself (its heartbeats, connections opened and closed, deliveries, a user seen,
     * the stop of a typing it recorded) under the disk's reserve too, down to its last quarter: they are small, and
     * without them presence, receipts and typing would be left wrong.
     */
    public <E extends Event> CompletableFuture<Envelope<E>> recordBookkeeping(Envelope<E> envelope) {
        return diskReserve.refusesBookkeeping() ? CompletableFuture.failedFuture(diskNearlyFull()) : send(envelope);
    }

    private <E extends Event> CompletableFuture<Envelope<E>> send(Envelope<E> envelope) {
        CompletableFuture<Envelope<E>> recorded = new CompletableFuture<>();
        try (LogContext.Scope ignored = LogContext.of(envelope)) {
            producer.send(new ProducerRecord<>(Topic.of(envelope.payload()).topicName(), envelope.key(), envelope),
                    (metadata, failure) -> {
                        try (LogContext.Scope inCallback = LogContext.of(envelope)) {
                            answer(envelope, recorded, metadata, failure);
                        }
                    });
        } catch (ActionSerializer.NotValidUnicode e) {
            recorded.completeExceptionally(ClientError.badRequest("every text must be valid Unicode (a surrogate without its pair was sent)"));
        } catch (RuntimeException e) {
            try (LogContext.Scope ignored = LogContext.of(envelope)) {
                log.warn("could not record {}: {}", envelope.type(), e.toString());
            }
            recorded.completeExceptionally(unavailable());
        }
        return recorded;
    }

    private static <E extends Event> void answer(Envelope<E> envelope, CompletableFuture<Envelope<E>> recorded,
                                                 RecordMetadata metadata, Exception failure) {
        if (failure == null) {
            log.debug("recorded {} {} at {}-{}@{}", envelope.type(), envelope.id(), metadata.topic(),
                    metadata.partition(), metadata.offset());
            recorded.complete(envelope);
        } else if (failure instanceof RecordTooLargeException) {
            recorded.completeExceptionally(ClientError.badRequest("too large to record"));
        } else {
            log.warn("could not record {}: {}", envelope.type(), failure.toString());
            recorded.completeExceptionally(unavailable());
        }
    }

    /** Whether actions can still be handed to the producer (it is not closed). */
    public boolean isOpen() {
        return !closed;
    }

    /** The partitions of a topic as the producer knows them (asks the cluster when it knows none yet). */
    public int partitionsOf(String topic) {
        return producer.partitionsFor(topic).size();
    }

    private static ClientError diskNearlyFull() {
        return new ClientError(ErrorCode.UNAVAILABLE, "the event log's disk is nearly full; nothing was recorded");
    }

    private static ClientError unavailable() {
        return new ClientError(ErrorCode.UNAVAILABLE, "the event log could not take it; nothing was recorded");
    }

    @Override
    public void close() {
        closed = true;
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        producer.close();
    }
}
