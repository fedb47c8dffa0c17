package dev.switchboard.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.events.EventJson.MalformedEventException;
import dev.switchboard.events.EventJson.NewerEventVersionException;
import dev.switchboard.events.EventJson.UnknownEventTypeException;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record is read as the version it says it is, or refused as one of three kinds of unreadable record. */
class VersionedReadTest {
    static final String ID = "69284360e726325e9236cbf0";
    static final String CHAT = EventSamples.CHAT;

    /** A ChatJoined record (version 1, its current version) with the envelope fields replaced as given. */
    static String chatJoined(String version, String payload) {
        return "{\"id\":\"" + ID + "\",\"type\":\"ChatJoined\",\"version\":" + version + ",\"occurredAt\":\"2025-11-27T12:26:08.849Z\","
                + "\"actor\":{\"userId\":\"" + EventSamples.OTHER + "\",\"role\":\"provider\",\"service\":null},\"key\":\"" + CHAT + "\","
                + "\"correlationId\":\"" + ID + "\",\"payload\":" + payload + "}";
    }

    static final String CHAT_JOINED_PAYLOAD = "{\"chatId\":\"" + CHAT + "\",\"userId\":\"" + EventSamples.OTHER + "\"}";

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static MalformedEventException malformed(String json) {
        return assertThrows(MalformedEventException.class, () -> EventJson.read(bytes(json)));
    }

    /** Refused as plain malformed: not one of the two kinds that newer code could read. */
    private static MalformedEventException plainMalformed(String json) {
        MalformedEventException error = malformed(json);
        assertEquals(MalformedEventException.class, error.getClass(), error.toString());
        return error;
    }

    @Test
    void aRecordOfTheCurrentVersionIsReadWithAllItsEnvelopeFields() {
        Envelope<Event> read = EventJson.read(bytes(chatJoined("1", CHAT_JOINED_PAYLOAD)));

        assertEquals(new Envelope<>(ID, "ChatJoined", 1, Instant.parse("2025-11-27T12:26:08.849Z"),
                Actor.user(EventSamples.OTHER, "provider"), CHAT, ID, new ChatJoined(CHAT, EventSamples.OTHER)), read);
    }

    @Test
    void anUnknownTypeIsRefusedAsUnknownNamingTheType() {
        String json = chatJoined("1", CHAT_JOINED_PAYLOAD).replace("\"ChatJoined\"", "\"ChatArchived\"");

        UnknownEventTypeException error = assertThrows(UnknownEventTypeException.class, () -> EventJson.read(bytes(json)));

        assertEquals("ChatArchived", error.type());
        assertTrue(error.getMessage().contains("ChatArchived"), error.getMessage());
    }

    @Test
    void aVersionNewerThanTheCodeKnowsIsRefusedEvenThoughItsPayloadWouldBind() {
        NewerEventVersionException error = assertThrows(NewerEventVersionException.class,
                () -> EventJson.read(bytes(chatJoined("2", CHAT_JOINED_PAYLOAD))));

        assertEquals("ChatJoined", error.type());
        assertEquals(2, error.version());
        assertEquals(1, error.knownVersion());
    }

    @Test
    void aVersionNewerThanAnUpcastTypesCurrentVersionIsRefused() {
        String json = UpcastingTest.TICKET_CHANGE_V1.replace("\"version\":1", "\"version\":4");

        NewerEventVersionException error = assertThrows(NewerEventVersionException.class, () -> EventJson.read(bytes(json)));

        assertEquals(4, error.version());
        assertEquals(EventTypes.versionOf(TicketChangeRequested.class), error.knownVersion());
    }

    @Test
    void bothRefusalsThatNewerCodeMightReadAreStillMalformedEventsForCallersCatchingTheBaseClass() {
        assertInstanceOf(MalformedEventException.class, malformed(chatJoined("1", CHAT_JOINED_PAYLOAD).replace("ChatJoined", "Nope")));
        assertInstanceOf(MalformedEventException.class, malformed(chatJoined("7", CHAT_JOINED_PAYLOAD)));
    }

    @Test
    void aRecordWithoutAVersionIsRefusedRatherThanTakenForVersion1() {
        String json = chatJoined("1", CHAT_JOINED_PAYLOAD).replace("\"version\":1,", "");

        assertTrue(plainMalformed(json).getMessage().contains("version"));
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(strings = {"0", "-1", "1.5", "\"1\"", "null", "{}", "99999999999"})
    void aVersionThatIsNotAWholeNumberFrom1IsMalformed(String version) {
        plainMalformed(chatJoined(version, CHAT_JOINED_PAYLOAD));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "   ", "{", "{\"id\":\"x\",", "not json", "[1,2]", "\"a string\"", "42", "null",
            "\u00ff\u00fe"})
    void bytesThatAreNotOneJsonObjectAreMalformed(String json) {
        plainMalformed(json);
    }

    @Test
    void aRecordFollowedByMoreJsonIsMalformed() {
        plainMalformed(chatJoined("1", CHAT_JOINED_PAYLOAD) + " {}");
    }

    @Test
    void noBytesAtAllAreMalformed() {
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> EventJson.read(null));
        assertEquals(MalformedEventException.class, error.getClass());
    }

    @Test
    void aRecordCutOffInItsPayloadIsMalformedNotUnknown() {
        String json = chatJoined("1", CHAT_JOINED_PAYLOAD);

        plainMalformed(json.substring(0, json.length() - 20));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"id", "type", "occurredAt", "actor", "key", "payload"})
    void aRecordWithoutARequiredEnvelopeFieldIsMalformed(String field) throws Exception {
        ObjectNode node =
                (ObjectNode) EventJson.MAPPER.readTree(chatJoined("1", CHAT_JOINED_PAYLOAD));
        node.remove(field);

        plainMalformed(node.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"id\":\"" + ID + "\"->\"id\":42", "\"id\":\"" + ID + "\"->\"id\":\"\"",
            "\"type\":\"ChatJoined\"->\"type\":7", "2025-11-27T12:26:08.849Z->yesterday",
            "2025-11-27T12:26:08.849Z->2025-11-27 12:26", "\"actor\":{->\"actor\":\"someone\",\"x\":{",
            "\"key\":\"" + CHAT + "\"->\"key\":null", "\"correlationId\":\"" + ID + "\"->\"correlationId\":5"})
    void anEnvelopeFieldOfTheWrongKindIsMalformed(String replacement) {
        String[] fromTo = replacement.split("->");
        String json = chatJoined("1", CHAT_JOINED_PAYLOAD).replace(fromTo[0], fromTo[1]);

        plainMalformed(json);
    }

    @Test
    void aRecordWithoutACorrelationIdIsReadWithNone() {
        String withNull = chatJoined("1", CHAT_JOINED_PAYLOAD).replace("\"correlationId\":\"" + ID + "\"", "\"correlationId\":null");
        String without = chatJoined("1", CHAT_JOINED_PAYLOAD).replace("\"correlationId\":\"" + ID + "\",", "");

        assertNull(EventJson.read(bytes(withNull)).correlationId());
        assertNull(EventJson.read(bytes(without)).correlationId());
    }

    @ParameterizedTest(name = "payload {0}")
    @ValueSource(strings = {"null", "[]", "\"chat\"", "17"})
    void aPayloadThatIsNotAnObjectIsMalformed(String payload) {
        plainMalformed(chatJoined("1", payload));
    }

    @Test
    void aPayloadThatDoesNotBindToItsTypeIsMalformedNamingTheType() {
        String json = chatJoined("1", CHAT_JOINED_PAYLOAD).replace("\"ChatJoined\"", "\"OnlineStatusSet\"")
                .replace(CHAT_JOINED_PAYLOAD, "{\"userId\":\"u\",\"isOnline\":{\"maybe\":true}}");

        MalformedEventException error = plainMalformed(json);

        assertTrue(error.getMessage().contains("OnlineStatusSet"), error.getMessage());
    }

    @Test
    void unknownPayloadFieldsAreIgnoredWithoutANewVersion() {
        String json = chatJoined("1", "{\"chatId\":\"" + CHAT + "\",\"userId\":\"u\",\"joinedVia\":\"push\"}");

        assertEquals(new ChatJoined(CHAT, "u"), EventJson.read(bytes(json)).payload());
    }

    @Test
    void anEnvelopeIsOnlyWrittenWithItsPayloadsTypeAndCurrentVersion() {
        OnlineStatusSet payload = new OnlineStatusSet("u", true);
        Instant at = Instant.parse("2025-11-27T12:26:08.849Z");
        Actor actor = Actor.user("u", "client");

        assertThrows(IllegalArgumentException.class,
                () -> EventJson.write(new Envelope<>(ID, "OnlineStatusSet", 2, at, actor, "u", ID, payload)));
        assertThrows(IllegalArgumentException.class,
                () -> EventJson.write(new Envelope<>(ID, "ConnectionOpened", 1, at, actor, "u", ID, payload)));
        TicketChangeRequested change = new TicketChangeRequested(CHAT, "a", "admin", "closed", null, null);
        assertThrows(IllegalArgumentException.class,
                () -> EventJson.write(new Envelope<>(ID, "TicketChangeRequested", 1, at, actor, CHAT, ID, change)));
    }
}
