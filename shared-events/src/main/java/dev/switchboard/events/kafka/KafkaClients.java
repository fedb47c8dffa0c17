package dev.switchboard.events.kafka;

import dev.switchboard.events.Envelope;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** The producer and consumer settings every Switchboard process uses. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** Durable, idempotent, low-latency producer: a send completes once the record is in the log (acks=all). */
    public static KafkaProducer<String, Envelope<?>> producer(KafkaCluster cluster, String clientId) {
        return producer(cluster, clientId, new EnvelopeSerializer());
    }

    /** The same, writing envelopes with {@code serializer} (one that refuses some records before they are sent). */
    public static KafkaProducer<String, Envelope<?>> producer(KafkaCluster cluster, String clientId, EnvelopeSerializer serializer) {
        Map<String, Object> config = cluster.clientConfig(clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    /**
     * A consumer of raw envelope bytes (decoded by the caller, so a malformed record is skipped and logged
     * instead of blocking the partition). Offsets are committed by the caller.
     */
    public static KafkaConsumer<String, byte[]> consumer(KafkaCluster cluster, String groupId, String clientId,
                                                         String autoOffsetReset) {
        return new KafkaConsumer<>(consumerConfig(cluster, groupId, clientId, autoOffsetReset),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** An admin client of the cluster (topic creation, offsets, metadata). */
    public static Admin admin(KafkaCluster cluster) {
        return Admin.create(cluster.clientConfig(null));
    }

    /** The settings of {@link #consumer}, for a consumer that a listener container creates. */
    public static Map<String, Object> consumerConfig(KafkaCluster cluster, String groupId, String clientId, String autoOffsetReset) {
        Map<String, Object> config = cluster.clientConfig(clientId);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // How long the broker holds a fetch that finds nothing new, not how long a record waits: with fetch.min.bytes 1 a
        // held fetch is answered as soon as a record arrives. So it only sets how often an idle consumer asks again, over
        // every partition it follows (at 50 ms, 20 fetches a second per consumer kept the embedded stack at ~13 % of a core idle).
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return config;
    }
}
