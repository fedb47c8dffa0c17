package dev.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.events.chat.ChatUpdate;
import dev.switchboard.events.notification.NotificationUpdate;
import dev.switchboard.events.support.SupportUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    static List<Event> samples() {
        return EventSamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyEventTypeSurvivesAJsonRoundTrip(Event payload) {
        Envelope<Event> envelope = Envelope.newAction(payload, Actor.user(EventSamples.USER, "client"), EventSamples.USER,
                Instant.parse("2025-11-27T12:26:08.849123Z"));

        Envelope<Event> read = EventJson.read(EventJson.write(envelope));

        assertEquals(envelope, read);
        assertEquals(payload, read.payload());
    }

    @Test
    void everyRegisteredEventTypeHasASample() {
        Set<String> sampled = EventSamples.all().stream().map(EventTypes::nameOf).collect(Collectors.toSet());
        assertEquals(EventTypes.all().keySet(), sampled);
    }

    @Test
    void envelopeJsonHasTheDocumentedFieldsAndMillisecondTimes() throws Exception {
        Envelope<Event> envelope = Envelope.newAction(EventSamples.all().get(0), Actor.user(EventSamples.USER, "client"),
                EventSamples.USER, Instant.parse("2025-11-27T12:26:08Z"));

        JsonNode json = EventJson.MAPPER.readTree(EventJson.write(envelope));

        assertEquals(Set.of("id", "type", "version", "occurredAt", "actor", "key", "correlationId", "payload"),
                iterableToSet(json.fieldNames()));
        assertEquals("ConnectionOpened", json.get("type").asText());
        assertEquals(1, json.get("version").asInt());
        assertEquals("2025-11-27T12:26:08.000Z", json.get("occurredAt").asText());
        assertEquals(json.get("id").asText(), json.get("correlationId").asText());
        assertTrue(Ids.isValid(json.get("id").asText()));
    }

    @Test
    void readingAnUnknownTypeFailsClearly() {
        byte[] json = ("{\"id\":\"a\",\"type\":\"NoSuchEvent\",\"version\":1,\"occurredAt\":\"2025-11-27T12:26:08.849Z\","
                + "\"actor\":{},\"key\":\"k\",\"payload\":{}}").getBytes(StandardCharsets.UTF_8);

        EventJson.MalformedEventException error = assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read(json));
        assertTrue(error.getMessage().contains("NoSuchEvent"));
    }

    @Test
    void aRejectionCarriesItsCodeAsTheContractsStringAndAnUnknownCodeIsMalformed() {
        Envelope<ChatUpdate.ChatActionRejected> rejected = Envelope.newAction(new ChatUpdate.ChatActionRejected("send-message", ErrorCode.RULE_VIOLATION, "closed"),
                Actor.user("u1", "client"), "c1", Instant.parse("2025-11-27T12:26:08Z"));
        String json = new String(EventJson.write(rejected), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"code\":\"RULE_VIOLATION\""), json);
        assertEquals(Set.of("action", "code", "message"), iterableToSet(EventJson.MAPPER.valueToTree(rejected.payload()).fieldNames()),
                "refusal() is not a field on the wire");

        byte[] unknown = json.replace("RULE_VIOLATION", "NO_SUCH_CODE").getBytes(StandardCharsets.UTF_8);
        EventJson.MalformedEventException error = assertThrows(EventJson.MalformedEventException.class, () -> EventJson.read(unknown));
        assertTrue(error.getMessage().contains("NO_SUCH_CODE"), error.getMessage());
    }

    @Test
    void anOutcomesSharedAccessorIsNotAFieldOnTheWire() {
        for (Event sample : EventSamples.all()) {
            if (sample instanceof ChatUpdate.MessageAlreadyPosted || sample instanceof NotificationUpdate.NotificationAlreadyExists
                    || sample instanceof SupportUpdate.SupportMessageAlreadyPosted) {
                JsonNode payload = EventJson.MAPPER.valueToTree(sample);
                assertEquals(Set.of("original"), iterableToSet(payload.fieldNames()), sample.getClass().getSimpleName());
            }
        }
    }

    @Test
    void everyEventTypeBelongsToExactlyOneTopic() {
        for (Event sample : EventSamples.all()) {
            long topics = Arrays.stream(Topic.values()).filter(t -> t.family().isInstance(sample)).count();
            assertEquals(1, topics, sample.getClass().getName());
        }
    }

    private static Set<String> iterableToSet(Iterator<String> names) {
        Set<String> set = new HashSet<>();
        names.forEachRemaining(set::add);
        return set;
    }
}
