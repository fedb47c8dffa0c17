package dev.switchboard.events.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;

/** The producer and consumer settings every Switchboard process uses. */
public final class KafkaClients {
    /** How long a send may wait for its topic's partitions or for room in the buffer, but for {@link #producerThatNeverWaits}. */
    private static final Duration MAY_WAIT = Duration.ofSeconds(5);
    private static final Duration KEEP_PARTITIONS = Duration.ofDays(365);

    private KafkaClients() {
    }

    /** Durable, idempotent, low-latency producer: a send completes once the record is in the log (acks=all). */
    public static KafkaProducer<String, Envelope<?>> producer(KafkaCluster cluster, String clientId) {
        return producer(cluster, clientId, new EnvelopeSerializer());
    }

    /** The same, writing envelopes with {@code serializer} (one that refuses some records before they are sent). */
    public static KafkaProducer<String, Envelope<?>> producer(KafkaCluster cluster, String clientId, EnvelopeSerializer serializer) {
        return new KafkaProducer<>(producerConfig(cluster, clientId, MAY_WAIT), new StringSerializer(), serializer);
    }

    /**
     * A producer for threads that others share (the gateway's socket event loops): a send it cannot place at once throws
     * at once instead of holding the thread for up to {@code max.block.ms}. That is a send to a topic whose partitions it
     * does not know yet (with the broker away, it would wait for them for the whole block time, and every connection on the
     * thread with it), or a send while its buffer is full of records the broker has not taken. Call {@link #awaitPartitions}
     * once before its first send.
     */
    public static KafkaProducer<String, Envelope<?>> producerThatNeverWaits(KafkaCluster cluster, String clientId, EnvelopeSerializer serializer) {
        return new KafkaProducer<>(producerConfig(cluster, clientId, Duration.ZERO), new StringSerializer(), serializer);
    }

    private static Map<String, Object> producerConfig(KafkaCluster cluster, String clientId, Duration maxBlock) {
        Map<String, Object> config = cluster.clientConfig(clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        // By default a producer forgets a topic's partitions after 5 minutes without a send to it, and its next send to it
        // waits for the broker again: our processes write to a dozen topics, so they keep them for as long as they run.
        config.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, KEEP_PARTITIONS.toMillis());
        return config;
    }

    /**
     * Waits until {@code producer} knows the partitions of every Switchboard topic, asking again every 100 ms for up to
     * {@code within}; an {@link IllegalStateException} naming the first topic it still does not know after that.
     */
    public static void awaitPartitions(Producer<?, ?> producer, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (Topic topic : Topic.values()) {
            while (!knowsPartitions(producer, topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not tell the partitions of " + topic.topicName() + " within " + within);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the partitions of " + topic.topicName(), e);
                }
            }
        }
    }

    private static boolean knowsPartitions(Producer<?, ?> producer, Topic topic) {
        try {
            return !producer.partitionsFor(topic.topicName()).isEmpty();
        } catch (TimeoutException e) {
            return false;
        }
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
