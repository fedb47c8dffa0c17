package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The partitions whose records become room packets (every topic the gateways read except the dead letters), in one
 * fixed order: a {@link LogCut} is a position in each of them, by index. Each topic's partitions are counted on the
 * broker when the gateway starts, whatever {@code KAFKA_PARTITIONS} says, so every partition a gateway pushes from is
 * in its cuts (and every gateway of a cluster has the same layout).
 */
public final class RoomTopics {
    public static final List<Topic> TOPICS = Topic.readBy(Topic.Reader.GATEWAYS).stream()
            .filter(topic -> topic != Topic.DEAD_LETTERS).toList();

    static final Duration TOPICS_APPEAR_WITHIN = Duration.ofSeconds(30);

    /** Where each topic's partitions start in a cut (one more entry than topics: the last is the size). */
    private final int[] starts;

    private RoomTopics(int[] partitionsPerTopic) {
        starts = new int[TOPICS.size() + 1];
        for (int t = 0; t < TOPICS.size(); t++) {
            if (partitionsPerTopic[t] < 1) {
                throw new IllegalArgumentException(TOPICS.get(t).topicName() + " has no partitions (is it missing on the broker?)");
            }
            starts[t + 1] = starts[t] + partitionsPerTopic[t];
        }
        if (starts[TOPICS.size()] > LogCut.MAX_POSITIONS) {
            throw new IllegalArgumentException("the room topics have " + starts[TOPICS.size()] + " partitions; a cut holds at most "
                    + LogCut.MAX_POSITIONS);
        }
    }

    /** The same number of partitions in every room topic. */
    public static RoomTopics uniform(int partitions) {
        int[] counts = new int[TOPICS.size()];
        Arrays.fill(counts, partitions);
        return new RoomTopics(counts);
    }

    /** {@code partitionsPerTopic[i]} partitions in {@code TOPICS.get(i)}. */
    public static RoomTopics of(int... partitionsPerTopic) {
        if (partitionsPerTopic.length != TOPICS.size()) {
            throw new IllegalArgumentException(TOPICS.size() + " room topics, not " + partitionsPerTopic.length);
        }
        return new RoomTopics(partitionsPerTopic.clone());
    }

    /**
     * The layout on the broker. The gateway provisions the topics before it follows them; a broker that does not know a
     * topic created a moment ago yet is asked again for up to {@link #TOPICS_APPEAR_WITHIN}.
     */
    public static RoomTopics onBroker(KafkaCluster cluster, String clientId) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(cluster, null, clientId, "latest")) {
            return counted(topic -> consumer.partitionsFor(topic).size(), TOPICS_APPEAR_WITHIN, RoomTopics::sleep);
        }
    }

    /** The layout by {@code partitionsOf} each topic's name, asked again (after {@code pause}) while a topic has none. */
    static RoomTopics counted(ToIntFunction<String> partitionsOf, Duration within, Runnable pause) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            int[] counts = TOPICS.stream().mapToInt(topic -> partitionsOf.applyAsInt(topic.topicName())).toArray();
            if (Arrays.stream(counts).allMatch(count -> count > 0) || System.nanoTime() > deadline) {
                return new RoomTopics(counts);
            }
            pause.run();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the room topics' partitions", e);
        }
    }

    /** The number of positions in a cut. */
    public int size() {
        return starts[TOPICS.size()];
    }

    /** The partition's index in a cut, or -1 when it carries no room packets (or appeared after this layout was read). */
    public int indexOf(TopicPartition partition) {
        for (int t = 0; t < TOPICS.size(); t++) {
            if (TOPICS.get(t).topicName().equals(partition.topic())) {
                return partition.partition() < starts[t + 1] - starts[t] ? starts[t] + partition.partition() : -1;
            }
        }
        return -1;
    }

    public TopicPartition partition(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int t = 0;
        while (starts[t + 1] <= index) {
            t++;
        }
        return new TopicPartition(TOPICS.get(t).topicName(), index - starts[t]);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < TOPICS.size(); t++) {
            text.append(t == 0 ? "" : ", ").append(TOPICS.get(t).topicName()).append(' ').append(starts[t + 1] - starts[t]);
        }
        return text.toString();
    }
}
