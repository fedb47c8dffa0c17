package dev.switchboard.projector.logtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogExportTest {
    private static final String ENVELOPE = "{\"id\":\"6928436ae726325e9236cbf1\",\"type\":\"ChatJoined\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:26:08.849Z\",\"actor\":{\"userId\":\"u\",\"role\":\"client\",\"service\":null},"
            + "\"key\":\"c\",\"correlationId\":\"6928436ae726325e9236cbf1\",\"payload\":{\"chatId\":\"c\",\"userId\":\"u\"}}";
    private static final LogExport.Selection EVERYTHING = new LogExport.Selection(List.of(), null, null, null, null, null);

    @Test
    void aLineIsThePositionFollowedByTheEnvelopeAsTheLogHoldsIt() throws Exception {
        JsonNode line = new ObjectMapper().readTree(LogExport.line(record(ENVELOPE), EVERYTHING));
        assertEquals(List.of("topic", "partition", "offset", "id", "type", "version", "occurredAt", "actor", "key", "correlationId", "payload"),
                fieldNames(line));
        assertEquals("switchboard.chat.actions", line.get("topic").asText());
        assertEquals(3, line.get("partition").asInt());
        assertEquals(17, line.get("offset").asLong());
        assertEquals(new ObjectMapper().readTree(ENVELOPE).get("payload"), line.get("payload"));
    }

    @Test
    void numbersAreExportedWithEveryDigitTheRecordHolds() throws Exception {
        String exact = ENVELOPE.replace("\"payload\":{", "\"payload\":{\"amount\":19.990000000000000001,\"n\":12345678901234567890123,\"zeros\":1.50,");

        String exported = LogExport.line(record(exact), EVERYTHING);

        assertTrue(exported.contains("\"amount\":19.990000000000000001,\"n\":12345678901234567890123,\"zeros\":1.50,"), exported);
    }

    @Test
    void aRecordsOwnPositionFieldsDoNotReplaceWhereTheLogHoldsIt() throws Exception {
        String foreign = ENVELOPE.replace("{\"id\"", "{\"topic\":\"elsewhere\",\"partition\":0,\"offset\":0,\"id\"");

        JsonNode line = new ObjectMapper().readTree(LogExport.line(record(foreign), EVERYTHING));

        assertEquals(List.of("switchboard.chat.actions", 3, 17L), List.of(line.get("topic").asText(), line.get("partition").asInt(), line.get("offset").asLong()));
        assertEquals(List.of("topic", "partition", "offset", "id"), fieldNames(line).subList(0, 4));
    }

    @Test
    void textThatIsNotValidUnicodeIsExportedAsAnAsciiEscapeAndReadBackAsItWas() throws Exception {
        String lone = ENVELOPE.replace("\"userId\":\"u\"", "\"userId\":\"x\\ud800y \u00e9\"");

        String exported = LogExport.line(record(lone), EVERYTHING);

        assertTrue(exported.chars().allMatch(c -> c < 128), exported);
        Path file = Files.createTempFile("export", ".jsonl");
        Files.writeString(file, exported + "\n"); // a strict UTF-8 writer, as the export's --out uses
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(file).get(0));
        assertEquals("x\ud800y \u00e9", line.get("payload").get("userId").asText());
    }

    @Test
    void aTimeRangeKeepsFromInclusiveToExclusiveByOccurredAt() throws Exception {
        Instant at = Instant.parse("2025-11-27T12:26:08.849Z");
        assertTrue(LogExport.line(record(ENVELOPE), range(at, at.plusMillis(1))) != null, "from is inclusive");
        assertNull(LogExport.line(record(ENVELOPE), range(at.minusMillis(1), at)), "to is exclusive");
        assertNull(LogExport.line(record(ENVELOPE), range(at.plusMillis(1), null)));
    }

    @Test
    void aRecordThatIsNotJsonIsExportedAsUnreadableAndLeftOutOfATimeRange() throws Exception {
        JsonNode line = new ObjectMapper().readTree(LogExport.line(record("{\"id\":\"cut off"), EVERYTHING));
        assertEquals("{\"id\":\"cut off", line.get("unreadable").asText());
        assertNull(LogExport.line(record("{\"id\":\"cut off"), range(Instant.EPOCH, null)));
    }

    @Test
    void topicGroupsNameTheirTopicsAndAnUnknownNameIsRefused() {
        assertTrue(LogExport.topics(List.of("actions")).contains("switchboard.support.actions"));
        assertTrue(LogExport.topics(List.of("updates")).contains("switchboard.chat.updates"));
        assertTrue(LogExport.topics(List.of("updates")).stream().noneMatch(t -> t.contains("typing") || t.contains("dead-letters")));
        assertEquals(List.of("switchboard.chat.typing"), LogExport.topics(List.of("switchboard.chat.typing")));
        assertThrows(IllegalArgumentException.class, () -> LogExport.topics(List.of("chat")));
    }

    private static LogExport.Selection range(Instant from, Instant to) {
        return new LogExport.Selection(List.of(), from, to, null, null, null);
    }

    private static ConsumerRecord<String, byte[]> record(String value) {
        return new ConsumerRecord<>("switchboard.chat.actions", 3, 17, "c", value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
