package dev.switchboard.projector.auth;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Event;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatUpdate.ChatActionRejected;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationUpdate.NotificationActionRejected;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceUpdate.PresenceActionRejected;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import dev.switchboard.events.support.SupportUpdate.SupportMessagePosted;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.events.user.UserAction;
import dev.switchboard.events.user.UserAction.UserSeen;
import dev.switchboard.projector.chat.ChatDecider;
import dev.switchboard.projector.chat.ChatState;
import dev.switchboard.projector.notification.NotificationDecider;
import dev.switchboard.projector.notification.NotificationState;
import dev.switchboard.projector.presence.PresenceDecider;
import dev.switchboard.projector.presence.PresenceState;
import dev.switchboard.projector.support.SupportDecider;
import dev.switchboard.projector.support.TicketState;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The actor comes from the envelope: given a chat, a ticket, a user's presence or notifications, when an action's
 * payload names another acting user (or role) than its envelope, then it is refused {@code FORBIDDEN} (a recorded
 * rejection, so a waiting sender is answered) and nothing changes; an envelope without an actor is {@code UNAUTHORIZED}.
 * No Kafka, no store.
 */
class ForgedActorsTest {
    private static final String CHAT = "chat-1";
    private static final String TICKET = "65a0000000000000000000f1";
    private static final String CLIENT = "65a0000000000000000000c1";
    private static final String PROVIDER = "65a0000000000000000000b1";
    private static final String ADMIN = "65a0000000000000000000a1";
    private static final Instant T0 = Instant.parse("2025-11-27T12:00:00.000Z");
    private static final Instant T1 = Instant.parse("2025-11-27T12:00:01.000Z");

    // ---- chat

    private static ChatState aChatOfClientAndProvider() {
        ChatRequested opened = new ChatRequested(CHAT, CLIENT, "client", PROVIDER, "provider");
        return ChatDecider.decide(ChatState.absent(CHAT), Actor.user(CLIENT, "client"), opened, "a0", T0).next();
    }

    private static MessageSubmitted sendAs(String senderId, String senderRole) {
        return new MessageSubmitted("m1", CHAT, senderId, senderRole, "Name", null, "hi", "text", List.of(), null, false);
    }

    private static void thenChatRefused(ChatState given, ChatDecider.Decision decision, ErrorCode code) {
        ChatActionRejected rejected = assertInstanceOf(ChatActionRejected.class, decision.updates().get(0));
        assertEquals(code, rejected.code());
        assertEquals(1, decision.updates().size());
        assertEquals(given, decision.next(), "a refusal changes nothing");
    }

    @Test
    void aSendWhosePayloadNamesAnotherSenderThanTheEnvelopeIsForbiddenAndNothingIsPosted() {
        ChatState given = aChatOfClientAndProvider();

        ChatDecider.Decision decision = ChatDecider.decide(given, Actor.user(PROVIDER, "provider"), sendAs(CLIENT, "client"), "a1", T1);

        thenChatRefused(given, decision, ErrorCode.FORBIDDEN);
        assertEquals("MessageSubmitted", ((ChatActionRejected) decision.updates().get(0)).action());
    }

    @Test
    void aSendByAnOutsiderClaimingToBeAParticipantIsForbidden() {
        ChatState given = aChatOfClientAndProvider();

        thenChatRefused(given, ChatDecider.decide(given, Actor.user("65a00000000000000000dead", "client"), sendAs(CLIENT, "client"), "a1", T1),
                ErrorCode.FORBIDDEN);
    }

    @Test
    void aSendWhosePayloadNamesAnotherRoleThanTheEnvelopeIsForbidden() {
        ChatState given = aChatOfClientAndProvider();

        thenChatRefused(given, ChatDecider.decide(given, Actor.user(CLIENT, "admin"), sendAs(CLIENT, "client"), "a1", T1), ErrorCode.FORBIDDEN);
    }

    @Test
    void aSendWithoutAnEnvelopeActorIsUnauthorized() {
        ChatState given = aChatOfClientAndProvider();

        thenChatRefused(given, ChatDecider.decide(given, new Actor(null, null, null), sendAs(CLIENT, "client"), "a1", T1), ErrorCode.UNAUTHORIZED);
        thenChatRefused(given, ChatDecider.decide(given, new Actor(null, "client", null), sendAs(CLIENT, "client"), "a1", T1), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void aSystemComponentCannotActAsAParticipant() {
        ChatState given = aChatOfClientAndProvider();

        thenChatRefused(given, ChatDecider.decide(given, Actor.system(CLIENT), new ChatJoined(CHAT, CLIENT), "a1", T1), ErrorCode.FORBIDDEN);
    }

    @Test
    void theSenderTheEnvelopeNamesPostsAsBefore() {
        ChatDecider.Decision decision = ChatDecider.decide(aChatOfClientAndProvider(), Actor.user(CLIENT, "client"), sendAs(CLIENT, "client"), "a1", T1);

        assertInstanceOf(MessagePosted.class, decision.updates().get(0));
    }

    @Test
    void openingAChatInSomeoneElsesNameIsForbiddenAndOpensNothing() {
        ChatState given = ChatState.absent(CHAT);

        thenChatRefused(given, ChatDecider.decide(given, Actor.user(PROVIDER, "provider"),
                new ChatRequested(CHAT, CLIENT, "client", PROVIDER, "provider"), "a1", T1), ErrorCode.FORBIDDEN);
    }

    // ---- support

    private static TicketState aTicketOfTheClient() {
        TicketOpened opened = new TicketOpened(TICKET, CLIENT, "client", "Client", null, "Refunds", "65a0000000000000000000e1", "hello");
        return SupportDecider.decide(TicketState.none(TICKET), Actor.user(CLIENT, "client"), opened, T0).next();
    }

    private static void thenSupportRefused(TicketState given, SupportDecider.Decision decision, ErrorCode code) {
        SupportActionRejected rejected = assertInstanceOf(SupportActionRejected.class, decision.updates().get(0));
        assertEquals(code, rejected.code());
        assertEquals(given, decision.next(), "a refusal changes nothing");
    }

    @Test
    void aTicketChangeClaimingAnAdminByAClientEnvelopeIsForbiddenAndChangesNothing() {
        TicketState given = aTicketOfTheClient();
        TicketChangeRequested change = new TicketChangeRequested(TICKET, ADMIN, "admin", Ticket.CLOSED, null, null);

        thenSupportRefused(given, SupportDecider.decide(given, Actor.user(CLIENT, "client"), change, T1), ErrorCode.FORBIDDEN);
    }

    @Test
    void aSupportMessageClaimingTheAdminRoleByTheOwnerIsForbidden() {
        TicketState given = aTicketOfTheClient();
        SupportMessageSubmitted asAdmin = new SupportMessageSubmitted("65a0000000000000000000e2", TICKET, CLIENT, "admin", "C", null,
                "I am staff", "text", null, List.of());

        thenSupportRefused(given, SupportDecider.decide(given, Actor.user(CLIENT, "client"), asAdmin, T1), ErrorCode.FORBIDDEN);
    }

    @Test
    void theOwnerTheEnvelopeNamesPostsAsBefore() {
        SupportMessageSubmitted honest = new SupportMessageSubmitted("65a0000000000000000000e2", TICKET, CLIENT, "client", "C", null,
                "any news?", "text", null, List.of());

        assertInstanceOf(SupportMessagePosted.class,
                SupportDecider.decide(aTicketOfTheClient(), Actor.user(CLIENT, "client"), honest, T1).updates().get(0));
    }

    // ---- notifications

    private static NotificationRequested request(String userId) {
        return new NotificationRequested("65a0000000000000000000d1", userId, "payment", "Paid", "20 EUR", Map.of(), null);
    }

    private static NotificationActionRejected notificationRefusal(NotificationDecider.Decision decision) {
        assertTrue(decision.changes().isEmpty(), "a refusal changes nothing");
        return assertInstanceOf(NotificationActionRejected.class, decision.updates().get(0));
    }

    @Test
    void onlyAServiceRequestsNotificationsEvenForTheUserThemself() {
        assertEquals(ErrorCode.FORBIDDEN, notificationRefusal(NotificationDecider.decide(NotificationState.empty(), Actor.user(CLIENT, "client"),
                request(CLIENT), "a1", T1)).code());
        assertEquals(ErrorCode.FORBIDDEN, notificationRefusal(NotificationDecider.decide(NotificationState.empty(), Actor.system("gateway-1"),
                request(CLIENT), "a1", T1)).code());

        NotificationDecider.Decision byService = NotificationDecider.decide(NotificationState.empty(), Actor.service("billing"), request(CLIENT), "a1", T1);
        assertInstanceOf(NotificationCreated.class, byService.updates().get(0));
    }

    @Test
    void aUserCannotReportDeliveriesOfSomeoneElsesNotificationsButAGatewayCan() {
        NotificationDelivered delivered = new NotificationDelivered(CLIENT, "65a0000000000000000000d1");

        assertEquals(ErrorCode.FORBIDDEN, notificationRefusal(NotificationDecider.decide(NotificationState.empty(), Actor.user(PROVIDER, "provider"),
                delivered, "a1", T1)).code());
        NotificationDecider.Decision byGateway = NotificationDecider.decide(NotificationState.empty(), Actor.system("gateway-1"), delivered, "a1", T1);
        assertTrue(byGateway.updates().stream().noneMatch(u -> u instanceof NotificationActionRejected), byGateway.toString());
    }

    @Test
    void markingAllOfSomeoneElsesNotificationsReadIsForbidden() {
        assertEquals(ErrorCode.FORBIDDEN, notificationRefusal(NotificationDecider.decide(NotificationState.empty(), Actor.user(PROVIDER, "provider"),
                new NotificationAction.AllNotificationsRead(CLIENT), "a1", T1)).code());
    }

    // ---- presence

    @Test
    void appearingOfflineInSomeoneElsesNameIsForbiddenAndChangesNothing() {
        PresenceState given = PresenceDecider.decide(PresenceState.unknown(CLIENT), Actor.user(CLIENT, "client"),
                new ConnectionOpened(CLIENT, "c1", "g1", "r1"), T0).next();

        PresenceDecider.Decision decision = PresenceDecider.decide(given, Actor.user(PROVIDER, "provider"), new OnlineStatusSet(CLIENT, false), T1);

        assertEquals(List.of(new PresenceActionRejected("OnlineStatusSet", ErrorCode.FORBIDDEN, "the payload names another actor than the envelope")),
                decision.updates());
        assertEquals(given, decision.next());
        assertTrue(decision.next().isOnline());
    }

    @Test
    void theWatchdogClosesAnyonesConnectionAndAServiceConnectionCountsForItself() {
        PresenceState given = PresenceDecider.decide(PresenceState.unknown("billing"), Actor.service("billing"),
                new ConnectionOpened("billing", "c1", "g1", "r1"), T0).next();
        assertTrue(given.isOnline(), "a service's own connection");

        PresenceDecider.Decision closed = PresenceDecider.decide(given, Actor.system("gateway-watchdog"),
                new ConnectionClosed("billing", "c1", "g1", "r1", "gateway-expired"), T1);

        assertTrue(closed.updates().stream().noneMatch(u -> u instanceof PresenceActionRejected), closed.toString());
        assertTrue(!closed.next().isOnline());
    }

    // ---- users

    @Test
    void aUserSeenIsTheUsersOwnTokenOrAServiceRegistration() {
        UserSeen providerAsAdmin = new UserSeen(PROVIDER, "admin", "P", null);

        assertEquals(ErrorCode.FORBIDDEN, EnvelopeActor.check(Actor.user(PROVIDER, "provider"), providerAsAdmin).orElseThrow().code());
        assertEquals(ErrorCode.FORBIDDEN, EnvelopeActor.check(Actor.user(CLIENT, "admin"), providerAsAdmin).orElseThrow().code());
        assertTrue(EnvelopeActor.check(Actor.user(PROVIDER, "admin"), providerAsAdmin).isEmpty());
        assertTrue(EnvelopeActor.check(Actor.service("identity"), providerAsAdmin).isEmpty());
    }

    // ---- every action type

    @Test
    void everyActionTypeOfEveryActionFamilyHasItsClaimLine() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> family : List.of(ChatAction.class, SupportAction.class, NotificationAction.class, PresenceAction.class, UserAction.class)) {
            types.addAll(List.of(family.getPermittedSubclasses()));
        }
        for (Class<?> type : types) {
            Event action = blank(type);
            assertDoesNotThrow(() -> EnvelopeActor.claimOf(action), type.getName());
        }
    }

    /** An instance of the record {@code type} with every component null, false or 0. */
    private static Event blank(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            arguments[i] = parameterTypes[i] == boolean.class ? Boolean.FALSE : parameterTypes[i].isPrimitive() ? 0 : null;
        }
        Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
        return (Event) constructor.newInstance(arguments);
    }
}
