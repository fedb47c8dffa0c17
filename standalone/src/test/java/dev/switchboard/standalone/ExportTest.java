package dev.switchboard.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export} writes the log as JSON Lines that any JSON reader takes, every record of the chosen topics, in per-key order. */
class ExportTest {
    private static final ObjectMapper STOCK = new ObjectMapper();
    private final TestStack stack = TestStack.shared();

    @Test
    void anExportOfActionsAndUpdatesHoldsEveryRecordOfThoseTopicsInPerKeyOrder(@TempDir Path dir) throws Exception {
        RebuildTest.Traffic.ofEveryKind(stack);
        RebuildTest.awaitLiveAtTheEndOfTheLog(stack); // nothing is still being published
        Map<String, Long> inTheLog = recordsPerTopic(List.of("actions", "updates"));
        Path file = dir.resolve("log.jsonl");

        Commands.Run run = Commands.run(Commands.against(stack, "export", "--topics", "actions,updates", "--out", file.toString()));
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.err().contains("export: "), "progress on stderr: " + run);

        List<JsonNode> lines = read(file);
        Map<String, Long> exported = new HashMap<>();
        Set<String> positions = new HashSet<>();
        Map<String, Long> lastOffsetPerKey = new HashMap<>();
        for (JsonNode line : lines) {
            String topic = line.get("topic").asText();
            exported.merge(topic, 1L, Long::sum);
            assertTrue(positions.add(topic + ":" + line.get("partition").asInt() + ":" + line.get("offset").asLong()), "once: " + line);
            for (String field : List.of("id", "type", "version", "occurredAt", "actor", "key", "payload")) {
                assertTrue(line.has(field) || line.has("unreadable"), field + " in " + line);
            }
            if (line.has("key")) {
                Long before = lastOffsetPerKey.put(topic + "/" + line.get("key").asText(), line.get("offset").asLong());
                assertTrue(before == null || before < line.get("offset").asLong(), "per-key order: " + line);
            }
        }
        assertEquals(inTheLog, exported, "every record of every action and update topic, as far as the log went when it started");
        assertTrue(exported.keySet().stream().allMatch(topic -> topic.endsWith(".actions") || topic.endsWith(".updates")), exported.toString());
    }

    @Test
    void aTimeRangeSelectsExactlyTheEventsThatOccurredInIt(@TempDir Path dir) throws Exception {
        RebuildTest.Traffic.ofEveryKind(stack);
        Path all = dir.resolve("all.jsonl");
        assertEquals(0, Commands.run(Commands.against(stack, "export", "--topics", "all", "--out", all.toString())).status());
        List<JsonNode> everything = read(all);
        List<Instant> times = everything.stream().filter(line -> line.has("occurredAt")).map(line -> Instant.parse(line.get("occurredAt").asText()))
                .sorted().toList();
        Instant from = times.get(times.size() / 3);
        Instant to = times.get(2 * times.size() / 3);

        Path range = dir.resolve("range.jsonl");
        Commands.Run run = Commands.run(Commands.against(stack, "export", "--topics", "all", "--from", from.toString(), "--to", to.toString(),
                "--out", range.toString()));
        assertEquals(0, run.status(), run.toString());

        List<String> expected = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (JsonNode line : everything) {
            known.add(position(line));
            if (line.has("occurredAt") && inRange(line, from, to)) {
                expected.add(line.toString());
            }
        }
        assertFalse(expected.isEmpty());
        // the shared stack's projector may publish updates of earlier actions (their time) after the first export: the
        // range holds those too, and is compared on the records the first export saw
        List<JsonNode> selected = read(range);
        assertTrue(selected.stream().allMatch(line -> line.has("occurredAt") && inRange(line, from, to)), "only events in the range");
        assertEquals(expected, selected.stream().filter(line -> known.contains(position(line))).map(JsonNode::toString).toList());
    }

    private static boolean inRange(JsonNode line, Instant from, Instant to) {
        Instant at = Instant.parse(line.get("occurredAt").asText());
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static String position(JsonNode line) {
        return line.get("topic").asText() + ":" + line.get("partition").asLong() + ":" + line.get("offset").asLong();
    }

    @Test
    void anUnknownTopicOrAMalformedTimeIsRefusedWithWhatToWrite() {
        Commands.Run topic = Commands.run(Commands.against(stack, "export", "--topics", "switchboard.nope"));
        assertEquals(2, topic.status());
        assertTrue(topic.err().contains("unknown topic switchboard.nope (actions, updates, dead-letters, all, or a topic name)"), topic.toString());
        Commands.Run time = Commands.run(Commands.against(stack, "export", "--from", "yesterday"));
        assertEquals(2, time.status());
        assertTrue(time.err().contains("--from must be an ISO-8601 instant such as 2025-11-27T12:00:00Z, not yesterday"), time.toString());
    }

    @Test
    void anOutputFileThatCannotBeWrittenIsRefusedInOneLine(@TempDir Path dir) {
        Path nowhere = dir.resolve("missing").resolve("events.jsonl");
        Commands.Run run = Commands.run(Commands.against(stack, "export", "--out", nowhere.toString()));
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--out " + nowhere + " cannot be written: no such directory"), run.toString());
        assertTrue(!run.err().contains("Exception"), run.toString());
    }

    @Test
    void anExportToAStdoutThatCannotBeWrittenFailsInsteadOfReportingSuccess() throws Exception {
        RebuildTest.Traffic.ofEveryKind(stack); // something to write
        Path fullDisk = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(fullDisk), "needs /dev/full (Linux)");
        Process export = Commands.process(Commands.against(stack, "export", "--topics", "all"))
                .redirectOutput(fullDisk.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(export.getErrorStream().readAllBytes());

        assertEquals(1, export.waitFor(), err);
        assertTrue(err.contains("export failed: stdout could not be written"), err);
        assertFalse(err.contains("exported "), err);
    }

    @Test
    void anExportFromAKafkaClusterThatDoesNotAnswerSaysWhichAndWhereInOneLine() throws Exception {
        String nobody = "127.0.0.1:" + FreePorts.find();
        ProcessBuilder builder = Commands.process("export", "--kafka", nobody).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SPRING_KAFKA_PROPERTIES_DEFAULT_API_TIMEOUT_MS", "2000"); // as an operator may set it; 60 s by default
        Process export = builder.start();
        String err = new String(export.getErrorStream().readAllBytes());

        assertEquals(3, export.waitFor(), err);
        assertTrue(err.contains("export failed: the Kafka cluster at " + nobody + " did not answer in time: check KAFKA_BOOTSTRAP_SERVERS"
                + " or --kafka, and that it is running"), err);
        assertFalse(err.contains("Exception"), err);
    }

    private static List<JsonNode> read(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(STOCK.readTree(line));
        }
        return lines;
    }

    /** How many records each topic of the groups holds now (ends minus beginnings). */
    private Map<String, Long> recordsPerTopic(List<String> groups) {
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(stack.kafkaCluster(), null, "test-counter", "earliest")) {
            for (Topic topic : Topic.values()) {
                boolean chosen = (groups.contains("actions") && topic.reader() == Topic.Reader.PROJECTOR)
                        || (groups.contains("updates") && topic.topicName().endsWith(".updates"));
                if (!chosen) {
                    continue;
                }
                List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
                long count = partitions.stream().mapToLong(p -> ends.get(p) - beginnings.get(p)).sum();
                if (count > 0) {
                    counts.put(topic.topicName(), count);
                }
            }
        }
        return counts;
    }
}
