package dev.switchboard.standalone;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a whole topic of the test stack's Kafka log, as an auditor or analytics job would. */
final class TestLog {
    private TestLog() {
    }

    static List<Envelope<Event>> records(TestStack stack, Topic topic) {
        List<Envelope<Event>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(stack.kafkaCluster(), null, "test-log-reader", "earliest")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(EventJson.read(record.value()));
                }
            }
        }
        return records;
    }

    /** The update of {@code type} in {@code topic} answering {@code action} (by correlation id), once the projector wrote it. */
    static <T extends Event> T awaitAnswer(TestStack stack, Topic topic, Envelope<?> action, Class<T> type) {
        List<T> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Envelope<Event> update : records(stack, topic)) {
                if (action.id().equals(update.correlationId()) && type.isInstance(update.payload())) {
                    found.add(type.cast(update.payload()));
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }
}
