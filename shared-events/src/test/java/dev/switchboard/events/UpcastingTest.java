package dev.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Older versions are read through named upcasters as the current version, with the same meaning. */
class UpcastingTest {
    static final String ADMIN = "6901e54215fc6770c2a8bccc";
    static final String CLIENT = "6901e54215fc6770c2a8bccb";
    static final String TICKET = "507f1f77bcf86cd799439011";

    /** Byte for byte as EventJson wrote TicketChangeRequested before version 2 (requester under "adminId"). */
    static final String TICKET_CHANGE_V1 = "{\"id\":\"69284360e726325e9236cbf0\",\"type\":\"TicketChangeRequested\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:26:08.849Z\",\"actor\":{\"userId\":\"6901e54215fc6770c2a8bccc\",\"role\":\"admin\",\"service\":null},"
            + "\"key\":\"507f1f77bcf86cd799439011\",\"correlationId\":\"69284360e726325e9236cbf0\","
            + "\"payload\":{\"ticketId\":\"507f1f77bcf86cd799439011\",\"adminId\":\"6901e54215fc6770c2a8bccc\",\"role\":\"admin\","
            + "\"status\":\"pending\",\"assignee\":\"6901e54215fc6770c2a8bccc\"}}";

    /** A refused one: a client asked to close their ticket; v1 still called them adminId. */
    static final String TICKET_CHANGE_V1_BY_CLIENT = "{\"id\":\"69284360e726325e9236cbf3\",\"type\":\"TicketChangeRequested\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:27:00.000Z\",\"actor\":{\"userId\":\"6901e54215fc6770c2a8bccb\",\"role\":\"client\",\"service\":null},"
            + "\"key\":\"507f1f77bcf86cd799439011\",\"correlationId\":\"69284360e726325e9236cbf3\","
            + "\"payload\":{\"ticketId\":\"507f1f77bcf86cd799439011\",\"adminId\":\"6901e54215fc6770c2a8bccb\",\"role\":\"client\","
            + "\"status\":\"closed\",\"assignee\":null}}";

    /** Other records of the same old log, of types still at version 1. */
    static final String CONNECTION_OPENED_V1 = "{\"id\":\"69284360e726325e9236cbf1\",\"type\":\"ConnectionOpened\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:26:08.849Z\",\"actor\":{\"userId\":\"6901e54215fc6770c2a8bccb\",\"role\":\"client\",\"service\":null},"
            + "\"key\":\"6901e54215fc6770c2a8bccb\",\"correlationId\":\"69284360e726325e9236cbf1\","
            + "\"payload\":{\"userId\":\"6901e54215fc6770c2a8bccb\",\"connectionId\":\"conn-1\",\"gatewayId\":\"gw-a\",\"gatewayRunId\":\"run-1\"}}";
    static final String TICKET_JOIN_V1 = "{\"id\":\"69284360e726325e9236cbf2\",\"type\":\"TicketJoinRequested\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:26:08.849Z\",\"actor\":{\"userId\":\"6901e54215fc6770c2a8bccc\",\"role\":\"admin\",\"service\":null},"
            + "\"key\":\"507f1f77bcf86cd799439011\",\"correlationId\":\"69284360e726325e9236cbf2\","
            + "\"payload\":{\"ticketId\":\"507f1f77bcf86cd799439011\",\"userId\":\"6901e54215fc6770c2a8bccc\",\"role\":\"admin\"}}";
    static final String CHAT_REQUESTED_V1 = "{\"id\":\"69284360e726325e9236cbf4\",\"type\":\"ChatRequested\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:26:08.849Z\",\"actor\":{\"userId\":\"6901e54215fc6770c2a8bccb\",\"role\":\"client\",\"service\":null},"
            + "\"key\":\"507f1f77bcf86cd799439011\",\"correlationId\":\"69284360e726325e9236cbf4\","
            + "\"payload\":{\"chatId\":\"507f1f77bcf86cd799439011\",\"requesterId\":\"6901e54215fc6770c2a8bccb\",\"requesterRole\":\"client\","
            + "\"participantId\":\"6901e54215fc6770c2a8bccc\",\"participantRole\":\"provider\"}}";

    static final String CHAT_STATUS_V1 = "{\"id\":\"69284360e726325e9236cbf5\",\"type\":\"ChatStatusRequested\",\"version\":1,"
            + "\"occurredAt\":\"2025-11-27T12:26:08.849Z\",\"actor\":{\"userId\":\"6901e54215fc6770c2a8bccc\",\"role\":\"provider\",\"service\":null},"
            + "\"key\":\"507f1f77bcf86cd799439011\",\"correlationId\":\"69284360e726325e9236cbf5\","
            + "\"payload\":{\"chatId\":\"507f1f77bcf86cd799439011\",\"userId\":\"6901e54215fc6770c2a8bccc\",\"status\":\"blocked\"}}";

    private static Envelope<Event> read(String json) {
        return EventJson.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode object(String json) throws Exception {
        return (ObjectNode) EventJson.MAPPER.readTree(json);
    }

    @Test
    void ticketChangeRequestedIsNowAtVersion3() {
        assertEquals(3, EventTypes.versionOf(TicketChangeRequested.class));
    }

    @Test
    void aVersion1TicketChangeIsReadAsTheCurrentVersionWithTheSameRequester() {
        Envelope<Event> read = read(TICKET_CHANGE_V1);

        assertEquals(new Envelope<>("69284360e726325e9236cbf0", "TicketChangeRequested", 3, Instant.parse("2025-11-27T12:26:08.849Z"),
                Actor.user(ADMIN, "admin"), TICKET, "69284360e726325e9236cbf0",
                new TicketChangeRequested(TICKET, ADMIN, "admin", "pending", ADMIN, "admin")), read);
    }

    @Test
    void aVersion1TicketChangeByANonAdminKeepsItsRequesterAndRoleSoItIsStillRefused() {
        TicketChangeRequested change = (TicketChangeRequested) read(TICKET_CHANGE_V1_BY_CLIENT).payload();

        assertEquals(new TicketChangeRequested(TICKET, CLIENT, "client", "closed", null, null), change);
    }

    @Test
    void aVersion1ChatStatusChangeIsReadAsABlockOfNobodysOwnAsV1DecidedIt() {
        assertEquals(new ChatStatusRequested("507f1f77bcf86cd799439011", "6901e54215fc6770c2a8bccc", "blocked", false), read(CHAT_STATUS_V1).payload());
        assertEquals(2, EventTypes.versionOf(ChatStatusRequested.class));
    }

    @Test
    void aVersion1ChatWithAParticipantOfUnknownRoleIsReadWithTheCounterpartRoleItWasOpenedWith() {
        String byClient = CHAT_REQUESTED_V1.replace("\"participantRole\":\"provider\"", "\"participantRole\":null");
        String byProvider = byClient.replace("\"requesterRole\":\"client\"", "\"requesterRole\":\"provider\"");

        assertEquals("provider", ((ChatRequested) read(byClient).payload()).participantRole());
        assertEquals("client", ((ChatRequested) read(byProvider).payload()).participantRole());
        assertEquals("provider", ((ChatRequested) read(CHAT_REQUESTED_V1).payload()).participantRole());
    }

    @Test
    void aVersion2TicketChangeKeepsItsAssigneeAsTheAdminV2TookItFor() throws Exception {
        ObjectNode v2 = object("{\"ticketId\":\"t\",\"userId\":\"a\",\"role\":\"admin\",\"status\":null,\"assignee\":\"c\"}");
        ObjectNode cleared = object("{\"ticketId\":\"t\",\"userId\":\"a\",\"role\":\"admin\",\"status\":null,\"assignee\":\"\"}");

        assertEquals("admin", Upcasters.ticketChangeRequestedV2ToV3(v2).get("assigneeRole").asText());
        assertFalse(Upcasters.ticketChangeRequestedV2ToV3(cleared).has("assigneeRole"));
    }

    @Test
    void replayingAnOldLogReadsEveryRecordAsTheCurrentVersionInOrder() {
        List<String> oldLog = List.of(CONNECTION_OPENED_V1, CHAT_REQUESTED_V1, TICKET_JOIN_V1, TICKET_CHANGE_V1, TICKET_CHANGE_V1_BY_CLIENT);

        List<Event> replayed = oldLog.stream().map(UpcastingTest::read).map(Envelope::payload).toList();

        assertEquals(List.of(
                new ConnectionOpened(CLIENT, "conn-1", "gw-a", "run-1"),
                new ChatRequested(TICKET, CLIENT, "client", ADMIN, "provider"),
                new TicketJoinRequested(TICKET, ADMIN, "admin"),
                new TicketChangeRequested(TICKET, ADMIN, "admin", "pending", ADMIN, "admin"),
                new TicketChangeRequested(TICKET, CLIENT, "client", "closed", null, null)), replayed);
        oldLog.stream().map(UpcastingTest::read).forEach(envelope ->
                assertEquals(EventTypes.versionOf(envelope.payload()), envelope.version(), envelope.type()));
    }

    @Test
    void aVersion1RecordWrittenAgainIsWrittenInTheCurrentShape() throws Exception {
        JsonNode rewritten = EventJson.MAPPER.readTree(EventJson.write(read(TICKET_CHANGE_V1)));

        assertEquals(3, rewritten.get("version").asInt());
        assertEquals(ADMIN, rewritten.get("payload").get("userId").asText());
        assertFalse(rewritten.get("payload").has("adminId"));
        JsonNode original = object(TICKET_CHANGE_V1);
        for (String field : List.of("id", "type", "occurredAt", "actor", "key", "correlationId")) {
            assertEquals(original.get(field), rewritten.get(field), field);
        }
    }

    @Test
    void theCurrentVersionNamesTheRequesterUserIdInJsonWhileTheJavaComponentIsUnchanged() throws Exception {
        TicketChangeRequested change = new TicketChangeRequested(TICKET, ADMIN, "admin", "open", null, null);
        JsonNode json = EventJson.MAPPER.readTree(EventJson.write(Envelope.newAction(change, Actor.user(ADMIN, "admin"), TICKET,
                Instant.parse("2025-11-27T12:26:08.849Z"))));

        assertEquals(3, json.get("version").asInt());
        assertEquals(List.of("ticketId", "userId", "role", "status", "assignee", "assigneeRole"), fieldNames(json.get("payload")));
        assertEquals(ADMIN, change.adminId());
    }

    @Test
    void aVersion2RecordIsNotUpcastAgain() {
        String v2 = TICKET_CHANGE_V1.replace("\"version\":1", "\"version\":2").replace("\"adminId\"", "\"userId\"");

        assertEquals(new TicketChangeRequested(TICKET, ADMIN, "admin", "pending", ADMIN, "admin"), read(v2).payload());
    }

    @Test
    void aVersion2PayloadUnderTheOldFieldNameDoesNotBindTheRequester() {
        // the version decides how the payload is read: nothing guesses that adminId was meant
        String mislabelled = TICKET_CHANGE_V1.replace("\"version\":1", "\"version\":2");

        assertEquals(null, ((TicketChangeRequested) read(mislabelled).payload()).adminId());
    }

    @Test
    void theUpcasterRenamesTheRequesterAndLeavesItsArgumentAsItWas() throws Exception {
        ObjectNode v1 = (ObjectNode) object(TICKET_CHANGE_V1).get("payload");
        ObjectNode before = v1.deepCopy();

        ObjectNode current = Upcasters.toCurrent("TicketChangeRequested", 1, v1);

        assertEquals(before, v1);
        assertNotSame(v1, current);
        assertEquals(object("{\"ticketId\":\"" + TICKET + "\",\"role\":\"admin\",\"status\":\"pending\",\"assignee\":\"" + ADMIN
                + "\",\"userId\":\"" + ADMIN + "\",\"assigneeRole\":\"admin\"}"), current);
    }

    @Test
    void inVersion1OnlyAdminIdNamedTheRequesterSoAStrayUserIdIsReplaced() throws Exception {
        ObjectNode v1 = object("{\"ticketId\":\"t\",\"adminId\":\"a\",\"userId\":\"stray\",\"role\":\"admin\"}");

        assertEquals("a", Upcasters.ticketChangeRequestedV1ToV2(v1).get("userId").asText());
        assertEquals("stray", v1.get("userId").asText());
    }

    @Test
    void upcastingTheCurrentVersionChangesNothing() throws Exception {
        ObjectNode v3 = object("{\"ticketId\":\"t\",\"userId\":\"a\",\"role\":\"admin\"}");

        assertEquals(v3, Upcasters.toCurrent("TicketChangeRequested", 3, v3));
        ObjectNode joined = object("{\"chatId\":\"c\",\"userId\":\"u\"}");
        assertEquals(joined, Upcasters.toCurrent("ChatJoined", 1, joined));
    }

    @Test
    void thereIsNothingToUpcastFromAVersionThatDoesNotExistYet() throws Exception {
        ObjectNode payload = object("{}");

        assertThrows(IllegalArgumentException.class, () -> Upcasters.toCurrent("TicketChangeRequested", 4, payload));
        assertThrows(IllegalArgumentException.class, () -> Upcasters.toCurrent("TicketChangeRequested", 0, payload));
    }

    @Test
    void everyOlderVersionOfEveryTypeHasExactlyOneUpcaster() {
        assertEquals(List.of(), Upcasters.problems(Upcasters.steps()));
        assertTrue(Upcasters.steps().stream().allMatch(step -> !step.name().isBlank()));
    }

    @Test
    void aMissingDuplicateOrPointlessUpcasterIsReported() {
        List<Upcasters.Step> real = Upcasters.steps();
        Upcasters.Step fromCurrent = new Upcasters.Step("TicketChangeRequested", 2, "to a version that does not exist", p -> p);
        Upcasters.Step unknown = new Upcasters.Step("NoSuchEvent", 1, "of nothing", p -> p);
        Upcasters.Step forAVersion1Type = new Upcasters.Step("ChatJoined", 1, "of a type still at version 1", p -> p);

        assertEquals(List.of(), Upcasters.problems(real));
        assertEquals(real.size(), Upcasters.problems(List.of()).size(), "every version-2 type lacks its reader");
        assertEquals(1, Upcasters.problems(with(real, real.get(0))).size());
        assertEquals(1, Upcasters.problems(with(real, fromCurrent)).size());
        assertEquals(1, Upcasters.problems(with(real, unknown)).size());
        assertEquals(1, Upcasters.problems(with(real, forAVersion1Type)).size());
    }

    private static List<Upcasters.Step> with(List<Upcasters.Step> steps, Upcasters.Step extra) {
        List<Upcasters.Step> all = new ArrayList<>(steps);
        all.add(extra);
        return all;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
