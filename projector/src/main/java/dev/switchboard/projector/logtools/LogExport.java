package dev.switchboard.projector.logtools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Times;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes records of chosen topics as JSON Lines, each line the record's envelope as the log holds it with its
 * {@code topic}, {@code partition} and {@code offset} first (see {@code shared-events/EVENTS.md}, "Export"). Every
 * partition is read in offset order up to where it ends when the export starts, so each key's events keep their order.
 * A time range keeps the events whose {@code occurredAt} is in {@code [from, to)}; an offset range applies to every
 * chosen partition.
 */
public final class LogExport {
    private static final Duration POLL = Duration.ofMillis(200);

    /** What to export. Null bounds are open; {@code partition} null means every partition. */
    public record Selection(List<String> topics, Instant from, Instant to, Long fromOffset, Long toOffset, Integer partition) {
        boolean inTime(Instant occurredAt) {
            return (from == null || !occurredAt.isBefore(from)) && (to == null || occurredAt.isBefore(to));
        }

        boolean timeBounded() {
            return from != null || to != null;
        }
    }

    private LogExport() {
    }

    /**
     * The topic names meant by {@code names}: {@code actions} (every action topic), {@code updates} (every update topic),
     * {@code dead-letters}, {@code all} (those three), or topic names.
     */
    public static List<String> topics(List<String> names) {
        Set<String> topics = new LinkedHashSet<>();
        for (String name : names) {
            switch (name) {
                case "actions" -> Topic.readBy(Topic.Reader.PROJECTOR).forEach(t -> topics.add(t.topicName()));
                case "updates" -> updateTopics().forEach(t -> topics.add(t.topicName()));
                case "dead-letters" -> topics.add(Topic.DEAD_LETTERS.topicName());
                case "all" -> {
                    Topic.readBy(Topic.Reader.PROJECTOR).forEach(t -> topics.add(t.topicName()));
                    updateTopics().forEach(t -> topics.add(t.topicName()));
                    topics.add(Topic.DEAD_LETTERS.topicName());
                }
                default -> {
                    boolean known = false;
                    for (Topic topic : Topic.values()) {
                        known |= topic.topicName().equals(name);
                    }
                    if (!known) {
                        throw new IllegalArgumentException("unknown topic " + name + " (actions, updates, dead-letters, all, or a topic name)");
                    }
                    topics.add(name);
                }
            }
        }
        return List.copyOf(topics);
    }

    private static List<Topic> updateTopics() {
        return Topic.readBy(Topic.Reader.GATEWAYS).stream()
                .filter(t -> t.retention() == Topic.Retention.FOREVER && t != Topic.DEAD_LETTERS).toList();
    }

    /** Parses an ISO-8601 instant ({@code 2025-11-27T12:00:00Z}) with a clear message. */
    public static Instant instant(String text, String option) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as 2025-11-27T12:00:00Z, not " + text);
        }
    }

    /** Writes the selected records to {@code out}; returns how many lines were written. */
    public static long run(KafkaCluster cluster, Selection selection, Writer out, Rebuild.ProgressFactory progressFactory) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(cluster, null, "switchboard-export", "earliest")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : selection.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                    if (selection.partition() == null || selection.partition() == info.partition()) {
                        partitions.add(new TopicPartition(info.topic(), info.partition()));
                    }
                }
            }
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> starts = new HashMap<>();
            Set<TopicPartition> remaining = new HashSet<>();
            long total = 0;
            for (TopicPartition partition : partitions) {
                long start = Math.max(beginnings.get(partition), selection.fromOffset() == null ? 0 : selection.fromOffset());
                long end = Math.min(ends.get(partition), selection.toOffset() == null ? Long.MAX_VALUE : selection.toOffset());
                ends.put(partition, end);
                if (end > start) {
                    starts.put(partition, start);
                    remaining.add(partition);
                    total += end - start;
                }
            }
            consumer.assign(remaining);
            starts.forEach(consumer::seek);
            long written = 0;
            try (Progress progress = progressFactory.start("export", total)) {
                while (!remaining.isEmpty()) {
                    int read = 0;
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() >= ends.get(new TopicPartition(record.topic(), record.partition()))) {
                            continue;
                        }
                        read++;
                        String line = line(record, selection);
                        if (line != null) {
                            out.write(line);
                            out.write('\n');
                            written++;
                        }
                    }
                    progress.advance(read);
                    List<TopicPartition> done = remaining.stream().filter(p -> consumer.position(p) >= ends.get(p)).toList();
                    if (!done.isEmpty()) {
                        done.forEach(remaining::remove);
                        consumer.pause(done);
                    }
                }
                out.flush();
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The record's line, or null when a time range leaves it out. A record that is not a JSON object is exported as
     * {@code { topic, partition, offset, unreadable: "<its text>" }} (and left out by a time range, having no time).
     */
    /**
     * Lines are ASCII, everything else escaped: a payload may hold text that is not valid Unicode (a lone surrogate a
     * client sent), which JSON can carry as an escape but no UTF-8 writer can encode.
     */
    private static final ObjectWriter LINE_WRITER = EventJson.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final List<String> POSITION_FIELDS = List.of("topic", "partition", "offset");
    /** Numbers as written, every digit kept (a double would round {@code 19.990000000000000001}), trailing zeros too. */
    private static final ObjectReader EXACT_READER = EventJson.MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).with(JsonNodeFactory.withExactBigDecimals(true));

    static String line(ConsumerRecord<String, byte[]> record, Selection selection) throws JsonProcessingException {
        ObjectNode line = EventJson.MAPPER.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        JsonNode envelope = null;
        try {
            envelope = record.value() == null ? null : EXACT_READER.readTree(record.value());
        } catch (IOException e) {
            // not JSON: exported as unreadable below
        }
        if (envelope instanceof ObjectNode fields) {
            if (selection.timeBounded()) {
                Instant occurredAt = occurredAt(fields);
                if (occurredAt == null || !selection.inTime(occurredAt)) {
                    return null;
                }
            }
            // the position is the record's own: no event has such fields, a foreign producer's are left out
            fields.remove(POSITION_FIELDS);
            line.setAll(fields);
        } else {
            if (selection.timeBounded()) {
                return null;
            }
            line.put("unreadable", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        return LINE_WRITER.writeValueAsString(line);
    }

    private static Instant occurredAt(ObjectNode envelope) {
        JsonNode at = envelope.get("occurredAt");
        try {
            return at != null && at.isTextual() ? Times.parse(at.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
