package dev.switchboard.events;

import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The envelope fields of a record that cannot be read as an event, so that its sender can still be answered. */
class EnvelopeHeaderTest {
    static final String ID = VersionedReadTest.ID;
    static final String CHAT = EventSamples.CHAT;
    static final Instant AT = Instant.parse("2025-11-27T12:26:08.849Z");
    static final Actor PROVIDER = Actor.user(EventSamples.OTHER, "provider");
    static final EnvelopeHeader FULL = new EnvelopeHeader(ID, "ChatJoined", 1, AT, PROVIDER, CHAT, ID);

    private static Optional<EnvelopeHeader> header(String json) {
        return EventJson.readHeader(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String chatJoined(String version, String payload) {
        return VersionedReadTest.chatJoined(version, payload);
    }

    @Test
    void theHeaderOfAReadableRecordIsItsEnvelopeWithoutThePayload() {
        String json = chatJoined("1", VersionedReadTest.CHAT_JOINED_PAYLOAD);
        Envelope<Event> envelope = EventJson.read(json.getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.of(new EnvelopeHeader(envelope.id(), envelope.type(), envelope.version(), envelope.occurredAt(),
                envelope.actor(), envelope.key(), envelope.correlationId())), header(json));
    }

    @Test
    void anUnknownTypeStillHasAHeaderNamingItsSender() {
        assertEquals(Optional.of(new EnvelopeHeader(ID, "ChatArchived", 1, AT, PROVIDER, CHAT, ID)),
                header(chatJoined("1", VersionedReadTest.CHAT_JOINED_PAYLOAD).replace("\"ChatJoined\"", "\"ChatArchived\"")));
    }

    @Test
    void aNewerVersionStillHasAHeaderSayingThatVersion() {
        assertEquals(Optional.of(new EnvelopeHeader(ID, "ChatJoined", 9, AT, PROVIDER, CHAT, ID)),
                header(chatJoined("9", "{\"chatId\":{\"id\":\"" + CHAT + "\"},\"joinedAs\":[\"guest\"]}")));
    }

    @Test
    void aRecordCutOffInItsPayloadKeepsTheFieldsBeforeTheBreak() {
        String json = chatJoined("1", VersionedReadTest.CHAT_JOINED_PAYLOAD);

        assertEquals(Optional.of(FULL), header(json.substring(0, json.length() - 20)));
        assertEquals(Optional.of(FULL), header(json.replace("\"payload\":{", "\"payload\":{{{")));
    }

    @Test
    void aRecordBrokenEarlyHasOnlyTheFieldsBeforeTheBreak() {
        assertEquals(Optional.of(new EnvelopeHeader(ID, "ChatJoined", null, null, null, null, null)),
                header("{\"id\":\"" + ID + "\",\"type\":\"ChatJoined\",\"version\":"));
        assertEquals(Optional.of(new EnvelopeHeader(null, null, null, null, null, null, null)), header("{"));
        assertEquals(Optional.of(new EnvelopeHeader(null, null, null, null, null, null, null)), header("{}"));
    }

    @Test
    void fieldsOfTheWrongKindAreNullAndTheOthersStillRead() {
        String json = "{\"id\":42,\"type\":[\"ChatJoined\"],\"version\":\"1\",\"occurredAt\":\"yesterday\",\"actor\":\"someone\","
                + "\"payload\":{\"nested\":{\"correlationId\":\"not this one\"}},\"key\":\"" + CHAT + "\",\"correlationId\":\"" + ID + "\"}";

        assertEquals(Optional.of(new EnvelopeHeader(null, null, null, null, null, CHAT, ID)), header(json));
        assertEquals(Optional.of(new EnvelopeHeader(null, null, null, null, null, null, null)),
                header("{\"version\":1.5,\"correlationId\":null,\"key\":{\"a\":1}}"));
        assertEquals(Optional.of(new EnvelopeHeader(null, null, null, null, null, CHAT, null)),
                header("{\"version\":{\"major\":2},\"id\":[\"x\"],\"key\":\"" + CHAT + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "   ", "not json", "[{\"id\":\"x\"}]", "\"{}\"", "42", "null"})
    void bytesThatDoNotStartAJsonObjectHaveNoHeader(String json) {
        assertEquals(Optional.empty(), header(json));
    }

    @Test
    void noBytesHaveNoHeader() {
        assertEquals(Optional.empty(), EventJson.readHeader(null));
    }

    @Test
    void anEnvelopeCausedByAHeaderAnswersItsSenderWithAnIdDerivedFromTheCausesId() {
        ActionSetAside letter = new ActionSetAside("switchboard.chat.actions", 2, 41L, "unknown event type ChatArchived", "{}");
        EnvelopeHeader cause = new EnvelopeHeader(ID, "ChatArchived", 1, AT, PROVIDER, CHAT, "69284360e726325e9236cb00");

        Envelope<ActionSetAside> envelope = Envelope.causedByHeader(cause, letter, CHAT);

        assertEquals(new Envelope<>(Ids.derived(ID, -1), "ActionSetAside", 1, AT, PROVIDER, CHAT, "69284360e726325e9236cb00", letter),
                envelope);
        assertEquals(envelope, Envelope.causedByHeader(cause, letter, CHAT), "the same cause gives the same envelope");
        assertEquals(Envelope.causedByHeader(cause, -1, letter, CHAT), envelope);
        assertNotEquals(envelope.id(), Envelope.causedByHeader(cause, 0, letter, CHAT).id(), "apart from the first update's id");
        assertNotEquals(ID, envelope.id());
    }

    @Test
    void anEnvelopeCausedByTheHeaderOfAnUnreadableRecordCarriesItsCorrelationId() {
        String json = chatJoined("5", VersionedReadTest.CHAT_JOINED_PAYLOAD);
        assertThrows(EventJson.NewerEventVersionException.class, () -> EventJson.read(json.getBytes(StandardCharsets.UTF_8)));
        EnvelopeHeader header = header(json).orElseThrow();

        Envelope<ChatJoined> envelope = Envelope.causedByHeader(header, new ChatJoined(CHAT, "u"), CHAT);

        assertEquals(ID, envelope.correlationId());
        assertEquals(AT, envelope.occurredAt());
        assertEquals(PROVIDER, envelope.actor());
    }

    @Test
    void aHeaderWithoutAnIdATimeOrAnActorCausesNoEnvelope() {
        ChatJoined payload = new ChatJoined(CHAT, "u");
        assertTrue(FULL.canCause());
        for (EnvelopeHeader partial : new EnvelopeHeader[] {
                new EnvelopeHeader(null, "ChatJoined", 1, AT, PROVIDER, CHAT, ID),
                new EnvelopeHeader(ID, "ChatJoined", 1, null, PROVIDER, CHAT, ID),
                new EnvelopeHeader(ID, "ChatJoined", 1, AT, null, CHAT, ID)}) {
            assertFalse(partial.canCause(), partial.toString());
            assertThrows(IllegalArgumentException.class, () -> Envelope.causedByHeader(partial, payload, CHAT));
        }
        assertTrue(new EnvelopeHeader(ID, null, null, AT, PROVIDER, null, null).canCause(), "type, version, key and correlation are not needed");
    }

    @Test
    void derivedIdsAreObjectIdShapedAndDependOnlyOnTheirInputs() {
        String id = Ids.derived(ID, 0);

        assertTrue(Ids.isValid(id), id);
        assertTrue(id.matches("[0-9a-f]{24}"), id);
        assertEquals(id, Ids.derived(ID, 0));
        assertNotEquals(id, Ids.derived(ID, 1));
        assertNotEquals(id, Ids.derived("69284360e726325e9236cbf1", 0));
    }
}
