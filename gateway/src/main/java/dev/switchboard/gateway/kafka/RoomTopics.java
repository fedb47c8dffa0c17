package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaCluster;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;

/**
 * The partitions whose records become room packets (every topic the gateways read except the dead letters), in one
 * fixed order: a {@link LogCut} is a position in each of them, by index.
 */
public final class RoomTopics {
    public static final List<Topic> TOPICS = Topic.readBy(Topic.Reader.GATEWAYS).stream()
            .filter(topic -> topic != Topic.DEAD_LETTERS).toList();
    /**
     * Partitions per topic that a cut covers: the default layout's. With more ({@code KAFKA_PARTITIONS}), live pushes are
     * unchanged but a recovered session misses what the partitions beyond these carried (the gateway warns at start).
     */
    public static final int PARTITIONS = KafkaCluster.TopicLayout.SINGLE_BROKER.partitions();
    public static final int SIZE = TOPICS.size() * PARTITIONS;

    private RoomTopics() {
    }

    /** The partition's index in a cut, or -1 when it carries no room packets (or the topic has more partitions than ours). */
    public static int indexOf(TopicPartition partition) {
        for (int t = 0; t < TOPICS.size(); t++) {
            if (TOPICS.get(t).topicName().equals(partition.topic())) {
                return partition.partition() < PARTITIONS ? t * PARTITIONS + partition.partition() : -1;
            }
        }
        return -1;
    }

    public static TopicPartition partition(int index) {
        return new TopicPartition(TOPICS.get(index / PARTITIONS).topicName(), index % PARTITIONS);
    }

    public static List<TopicPartition> all() {
        List<TopicPartition> all = new ArrayList<>(SIZE);
        for (int i = 0; i < SIZE; i++) {
            all.add(partition(i));
        }
        return all;
    }
}
