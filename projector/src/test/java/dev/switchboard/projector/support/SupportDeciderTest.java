package dev.switchboard.projector.support;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.projector.auth.HonestActors;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import dev.switchboard.events.support.SupportUpdate.SupportMessageAlreadyPosted;
import dev.switchboard.events.support.SupportUpdate.SupportMessageMarkedRead;
import dev.switchboard.events.support.SupportUpdate.SupportMessagePosted;
import dev.switchboard.events.support.SupportUpdate.TicketChanged;
import dev.switchboard.events.support.SupportUpdate.TicketCreated;
import dev.switchboard.events.support.SupportUpdate.TicketJoinAccepted;
import dev.switchboard.events.support.SupportUpdate;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.support.SupportDecider.Decision;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The support rules and their effects, given a ticket's history, when an action comes, then its decision. */
class SupportDeciderTest {
    private static final String TICKET = "65a000000000000000000001";
    private static final String OWNER = "owner";
    private static final String ADMIN = "admin-1";
    private static final String OUTSIDER = "outsider";
    private static final String FIRST_MESSAGE = "65a0000000000000000000f1";
    private static final Instant T0 = Instant.parse("2025-11-27T12:00:00.000Z");
    private static final Instant T1 = Instant.parse("2025-11-27T12:05:00.000Z");

    // the vocabulary

    private static TicketOpened opened() {
        return opened("client", "Payment issue", "Hello, I need help");
    }

    private static TicketOpened opened(String ownerRole, String subject, String message) {
        return new TicketOpened(TICKET, OWNER, ownerRole, "Owner", "https://example.com/owner.jpg", subject, FIRST_MESSAGE, message);
    }

    private static SupportMessageSubmitted message(String id, String senderId, String role, String content) {
        return message(id, senderId, role, content, "text");
    }

    private static SupportMessageSubmitted message(String id, String senderId, String role, String content, String type) {
        return new SupportMessageSubmitted(id, TICKET, senderId, role, "Name of " + senderId, null, content, type, null, List.of());
    }

    private static SupportMessageSubmitted resendable(String id, String senderId, String role, String clientMessageId) {
        return new SupportMessageSubmitted(id, TICKET, senderId, role, "Name of " + senderId, null, "Still waiting", "text", clientMessageId, List.of());
    }

    private static SupportMessageRead read(String messageId, String userId, String role) {
        return new SupportMessageRead(TICKET, messageId, userId, role);
    }

    private static TicketChangeRequested change(String role, String status, String assignee) {
        return new TicketChangeRequested(TICKET, ADMIN, role, status, assignee,
                assignee == null || assignee.equals(TicketChangeRequested.CLEAR_ASSIGNEE) ? null : "admin");
    }

    /** The ticket's state after {@code history}, each action decided at {@link #T0}. */
    private static TicketState given(SupportAction... history) {
        TicketState state = TicketState.none(TICKET);
        for (SupportAction action : history) {
            state = SupportDecider.decide(state, HonestActors.of(action), action, T0).next();
        }
        return state;
    }

    /** {@code action} decided at {@link #T1}. */
    private static Decision when(TicketState state, SupportAction action) {
        return SupportDecider.decide(state, HonestActors.of(action), action, T1);
    }

    private static void thenRefused(TicketState given, Decision decision, String action, ErrorCode code, String reason) {
        assertEquals(List.<SupportUpdate>of(new SupportActionRejected(action, code, reason)), decision.updates());
        assertEquals(given, decision.next(), "a refusal changes nothing");
    }

    private static SupportMessage messageOf(Decision decision, String messageId) {
        return decision.next().message(messageId).orElseThrow().message();
    }

    // opening a ticket

    @Test
    void openingCreatesAnOpenTicketWithItsFirstMessageNumberedOne() {
        Decision decision = when(given(), opened());

        Ticket ticket = new Ticket(TICKET, OWNER, "client", "Payment issue", Ticket.OPEN, null, T1, T1);
        SupportMessage first = new SupportMessage(FIRST_MESSAGE, TICKET,
                new SupportMessage.Sender(OWNER, "Owner", "https://example.com/owner.jpg", "client"),
                "user", "Hello, I need help", List.of(), "text", false, List.of(), T1, null);
        assertEquals(List.<SupportUpdate>of(new TicketCreated(ticket, first)), decision.updates());
        assertEquals(ticket, decision.next().ticket());
        assertEquals(1, decision.next().messageCount());
        assertEquals(new TicketState.NumberedMessage(1, first), decision.next().message(FIRST_MESSAGE).orElseThrow());
    }

    @Test
    void onlyClientsAndProvidersOpenTickets() {
        thenRefused(given(), when(given(), opened("admin", "s", "m")), "open-ticket", ErrorCode.FORBIDDEN, "clients and providers open tickets");
        assertEquals(Ticket.OPEN, when(given(), opened("provider", "s", "m")).next().ticket().status());
    }

    @Test
    void refusesAnOpeningWithoutASubject() {
        thenRefused(given(), when(given(), opened("client", " ", "m")), "open-ticket", ErrorCode.BAD_REQUEST, "subject is required, at most 200 characters");
    }

    @Test
    void refusesASubjectLongerThan200Characters() {
        thenRefused(given(), when(given(), opened("client", "s".repeat(201), "m")), "open-ticket", ErrorCode.BAD_REQUEST,
                "subject is required, at most 200 characters");
    }

    @Test
    void refusesAnOpeningWithoutAFirstMessage() {
        thenRefused(given(), when(given(), opened("client", "s", "")), "open-ticket", ErrorCode.BAD_REQUEST, "content is required");
    }

    @Test
    void refusesAFirstMessageLongerThan5000Characters() {
        thenRefused(given(), when(given(), opened("client", "s", "m".repeat(5001))), "open-ticket", ErrorCode.BAD_REQUEST,
                "content is at most 5000 characters");
    }

    // posting messages

    @Test
    void aResendWithAKnownClientMessageIdAnswersTheOriginalAndStoresNothing() {
        TicketState given = given(opened(), resendable("m2", OWNER, "client", "c-1"), change("admin", Ticket.CLOSED, null));
        SupportMessage original = given.message("m2").orElseThrow().message();

        Decision decision = when(given, resendable("m3", OWNER, "client", "c-1"));

        assertEquals(List.<SupportUpdate>of(new SupportMessageAlreadyPosted(original)), decision.updates());
        assertEquals(given, decision.next(), "nothing posted, not even to a ticket closed since: the resend comes before the rules");
        assertEquals("c-1", original.clientMessageId());
    }

    @Test
    void twoResendsInOneBatchAreBothAnsweredWithThePostTheyRepeat() {
        TicketState given = given(opened());

        Decision posted = when(given, resendable("m2", OWNER, "client", "c-1"));
        Decision resend = when(posted.next(), resendable("m3", OWNER, "client", "c-1"));
        Decision again = when(resend.next(), resendable("m4", OWNER, "client", "c-1"));

        SupportMessage original = messageOf(posted, "m2");
        assertEquals(List.<SupportUpdate>of(new SupportMessagePosted(original)), posted.updates());
        assertEquals(List.<SupportUpdate>of(new SupportMessageAlreadyPosted(original)), resend.updates());
        assertEquals(List.<SupportUpdate>of(new SupportMessageAlreadyPosted(original)), again.updates());
        assertEquals(posted.next(), again.next());
        assertEquals(2, again.next().messageCount());
    }

    @Test
    void theSameClientMessageIdFromAnotherSenderOrWithoutOneIsANewMessage() {
        TicketState given = given(opened(), resendable("m2", OWNER, "client", "c-1"));

        assertTrue(when(given, resendable("m3", ADMIN, "admin", "c-1")).updates().get(0) instanceof SupportMessagePosted);
        assertTrue(when(given, resendable("m3", OWNER, "client", null)).updates().get(0) instanceof SupportMessagePosted);
    }

    @Test
    void theOwnersMessageIsNumberedAfterTheLastAndMarksTheTicketActive() {
        TicketState given = given(opened());

        Decision decision = when(given, message("m2", OWNER, "client", "Still waiting"));

        SupportMessage posted = messageOf(decision, "m2");
        assertEquals(List.<SupportUpdate>of(new SupportMessagePosted(posted)), decision.updates());
        assertEquals(new SupportMessage.Sender(OWNER, "Name of " + OWNER, null, "client"), posted.sender());
        assertEquals("user", posted.senderRole());
        assertFalse(posted.isRead());
        assertEquals(List.of(), posted.readBy());
        assertEquals(T1, posted.createdAt());
        assertEquals(2, decision.next().message("m2").orElseThrow().seq());
        assertEquals(2, decision.next().messageCount());
        assertEquals(T1, decision.next().ticket().updatedAt());
    }

    @Test
    void messagesAreNumberedInTheOrderTheyAreDecided() {
        TicketState state = given(opened(), message("m2", OWNER, "client", "a"), message("m3", ADMIN, "admin", "b"),
                message("m4", OWNER, "client", "c"));

        assertEquals(List.of(1L, 2L, 3L, 4L), state.messages().values().stream().map(TicketState.NumberedMessage::seq).toList());
        assertEquals(4, state.messageCount());
    }

    @Test
    void anAdminMayPostToAnyTicketAndIsShownAsAdmin() {
        Decision decision = when(given(opened()), message("m2", ADMIN, "admin", "On it"));

        assertEquals("admin", messageOf(decision, "m2").senderRole());
        assertEquals("admin", messageOf(decision, "m2").sender().role());
    }

    @Test
    void refusesAMessageFromSomeoneWhoIsNeitherOwnerNorAdmin() {
        TicketState given = given(opened());

        thenRefused(given, when(given, message("m2", OUTSIDER, "provider", "sneaky")), "support-message", ErrorCode.FORBIDDEN,
                "only the ticket's owner or an admin");
    }

    @Test
    void refusesAMessageToATicketThatDoesNotExist() {
        thenRefused(given(), when(given(), message("m2", OWNER, "client", "hello")), "support-message", ErrorCode.NOT_FOUND, "no such ticket");
    }

    @Test
    void anAssigneeIsSetKeptWhenAbsentAndClearedOnRequest() {
        TicketState assigned = given(opened(), change("admin", null, ADMIN));
        assertEquals(ADMIN, assigned.ticket().assignee());

        TicketState statusOnly = when(assigned, change("admin", Ticket.PENDING, null)).next();
        assertEquals(ADMIN, statusOnly.ticket().assignee(), "a change without an assignee keeps it");

        TicketState cleared = when(statusOnly, change("admin", null, TicketChangeRequested.CLEAR_ASSIGNEE)).next();
        assertEquals(null, cleared.ticket().assignee());
        assertEquals(Ticket.PENDING, cleared.ticket().status());
    }

    @Test
    void aClosedTicketRefusesMessages() {
        TicketState given = given(opened(), change("admin", Ticket.CLOSED, null));

        thenRefused(given, when(given, message("m2", OWNER, "client", "hello?")), "support-message", ErrorCode.RULE_VIOLATION, "the ticket is closed");
        thenRefused(given, when(given, message("m2", ADMIN, "admin", "closing note")), "support-message", ErrorCode.RULE_VIOLATION, "the ticket is closed");
    }

    @Test
    void aPendingOrResolvedTicketStillTakesMessages() {
        assertEquals(2, when(given(opened(), change("admin", Ticket.PENDING, null)), message("m2", OWNER, "client", "a")).next().messageCount());
        assertEquals(2, when(given(opened(), change("admin", Ticket.RESOLVED, null)), message("m2", OWNER, "client", "a")).next().messageCount());
    }

    @Test
    void refusesAnUnknownMessageTypeNamingTheKnownOnesInAFixedOrder() {
        TicketState given = given(opened());

        thenRefused(given, when(given, message("m2", OWNER, "client", "x", "fax")), "support-message", ErrorCode.BAD_REQUEST,
                "messageType must be one of [text, image, document, file, system]");
    }

    @Test
    void refusesAMessageWithoutContent() {
        TicketState given = given(opened());

        thenRefused(given, when(given, message("m2", OWNER, "client", "")), "support-message", ErrorCode.BAD_REQUEST, "content is required");
        thenRefused(given, when(given, message("m2", OWNER, "client", null, "image")), "support-message", ErrorCode.BAD_REQUEST, "content is required");
    }

    @Test
    void aFileMessageKeepsItsAttachmentsAndNeedsNoTextButATextMessageDoes() {
        TicketState given = given(opened());
        List<String> urls = List.of("https://files.example.com/invoice.pdf", "https://files.example.com/receipt.png");

        Decision file = when(given, withAttachments(message("m2", OWNER, "client", null, "document"), urls));
        SupportMessage posted = ((SupportMessagePosted) file.updates().get(0)).message();
        assertEquals(urls, posted.attachments());
        assertEquals("", posted.text());
        Decision captioned = when(given, withAttachments(message("m2", OWNER, "client", "my invoice", "text"), urls));
        assertEquals(urls, ((SupportMessagePosted) captioned.updates().get(0)).message().attachments());
        thenRefused(given, when(given, withAttachments(message("m2", OWNER, "client", "", "text"), urls)), "support-message",
                ErrorCode.BAD_REQUEST, "content is required");
    }

    @Test
    void refusesMoreThanTenAttachmentsOrOneThatIsNoURL() {
        TicketState given = given(opened());

        thenRefused(given, when(given, withAttachments(message("m2", OWNER, "client", "x", "file"), Collections.nCopies(11, "https://f.example/a"))),
                "support-message", ErrorCode.BAD_REQUEST, "at most 10 attachments");
        thenRefused(given, when(given, withAttachments(message("m2", OWNER, "client", "x", "file"), List.of("javascript:alert(document.cookie)"))),
                "support-message", ErrorCode.BAD_REQUEST, "an attachment is an http or https URL, or a relative one, of 1 to 2048 characters");
        thenRefused(given, when(given, withAttachments(message("m2", OWNER, "client", "x", "file"), List.of(" "))),
                "support-message", ErrorCode.BAD_REQUEST, "an attachment is an http or https URL, or a relative one, of 1 to 2048 characters");
        thenRefused(given, when(given, withAttachments(message("m2", OWNER, "client", "x", "file"), List.of("https://f.example/" + "a".repeat(2048)))),
                "support-message", ErrorCode.BAD_REQUEST, "an attachment is an http or https URL, or a relative one, of 1 to 2048 characters");
    }

    private static SupportMessageSubmitted withAttachments(SupportMessageSubmitted s, List<String> attachments) {
        return new SupportMessageSubmitted(s.messageId(), s.ticketId(), s.senderId(), s.senderRole(), s.senderName(), s.senderPicture(),
                s.content(), s.messageType(), s.clientMessageId(), attachments);
    }

    @Test
    void refusesAMessageLongerThan5000Characters() {
        TicketState given = given(opened());

        thenRefused(given, when(given, message("m2", OWNER, "client", "x".repeat(5001))), "support-message", ErrorCode.BAD_REQUEST,
                "content is at most 5000 characters");
        assertEquals(2, when(given, message("m2", OWNER, "client", "x".repeat(5000))).next().messageCount());
    }

    @Test
    void whatAMessageSaysIsCheckedBeforeWhoSendsItAndTheFirstRefusalWins() {
        TicketState closed = given(opened(), change("admin", Ticket.CLOSED, null));

        thenRefused(closed, when(closed, message("m2", OUTSIDER, "provider", "")), "support-message", ErrorCode.BAD_REQUEST, "content is required");
        thenRefused(closed, when(closed, message("m2", OUTSIDER, "provider", "hi")), "support-message", ErrorCode.FORBIDDEN,
                "only the ticket's owner or an admin");
    }

    // joining a ticket's room

    @Test
    void theOwnerAndAdminsMayJoinATicketWhichChangesNothing() {
        TicketState given = given(opened());

        Decision owner = when(given, new TicketJoinRequested(TICKET, OWNER, "client"));
        Decision admin = when(given, new TicketJoinRequested(TICKET, ADMIN, "admin"));

        assertEquals(List.<SupportUpdate>of(new TicketJoinAccepted(TICKET, OWNER)), owner.updates());
        assertEquals(List.<SupportUpdate>of(new TicketJoinAccepted(TICKET, ADMIN)), admin.updates());
        assertEquals(given, owner.next());
        assertEquals(given, admin.next());
    }

    @Test
    void refusesAJoinFromSomeoneWhoIsNeitherOwnerNorAdmin() {
        TicketState given = given(opened());

        thenRefused(given, when(given, new TicketJoinRequested(TICKET, OUTSIDER, "provider")), "join-support-ticket", ErrorCode.FORBIDDEN,
                "only the ticket's owner or an admin");
    }

    @Test
    void refusesAJoinToATicketThatDoesNotExist() {
        thenRefused(given(), when(given(), new TicketJoinRequested(TICKET, OWNER, "client")), "join-support-ticket", ErrorCode.NOT_FOUND,
                "no such ticket");
    }

    // reading messages

    @Test
    void theSendersOwnReadIsRecordedButDoesNotMakeTheMessageRead() {
        TicketState given = given(opened(), message("m2", OWNER, "client", "read me"));

        Decision decision = when(given, read("m2", OWNER, "client"));

        assertEquals(List.<SupportUpdate>of(new SupportMessageMarkedRead(TICKET, "m2", OWNER)), decision.updates());
        assertEquals(List.of(OWNER), messageOf(decision, "m2").readBy());
        assertFalse(messageOf(decision, "m2").isRead());
    }

    @Test
    void aMessageIsReadOnceSomeoneOtherThanItsSenderReadIt() {
        TicketState given = given(opened(), message("m2", OWNER, "client", "read me"), read("m2", OWNER, "client"));

        Decision decision = when(given, read("m2", ADMIN, "admin"));

        assertTrue(messageOf(decision, "m2").isRead());
        assertEquals(List.of(OWNER, ADMIN), messageOf(decision, "m2").readBy());
        assertEquals(2, decision.next().message("m2").orElseThrow().seq(), "a read keeps the message's number");
        assertEquals(given.ticket(), decision.next().ticket(), "a read is no activity on the ticket");
    }

    @Test
    void readingTwiceRecordsTheReaderOnce() {
        TicketState given = given(opened(), message("m2", OWNER, "client", "read me"), read("m2", ADMIN, "admin"));

        Decision decision = when(given, read("m2", ADMIN, "admin"));

        assertEquals(given, decision.next());
        assertEquals(List.<SupportUpdate>of(new SupportMessageMarkedRead(TICKET, "m2", ADMIN)), decision.updates());
    }

    @Test
    void refusesReadingAMessageTheTicketDoesNotHave() {
        TicketState given = given(opened());

        thenRefused(given, when(given, read("m9", OWNER, "client")), "mark-message-read", ErrorCode.NOT_FOUND, "no such message");
    }

    @Test
    void refusesAReadFromSomeoneWhoIsNeitherOwnerNorAdmin() {
        TicketState given = given(opened(), message("m2", OWNER, "client", "private"));

        thenRefused(given, when(given, read("m2", OUTSIDER, "provider")), "mark-message-read", ErrorCode.FORBIDDEN,
                "only the ticket's owner or an admin");
    }

    // changing a ticket

    @Test
    void anAdminChangesStatusAndAssigneeAndTheTicketShowsActivity() {
        TicketState given = given(opened());

        Decision decision = when(given, change("admin", Ticket.CLOSED, ADMIN));

        Ticket after = new Ticket(TICKET, OWNER, "client", "Payment issue", Ticket.CLOSED, ADMIN, T0, T1);
        assertEquals(List.<SupportUpdate>of(new TicketChanged(after)), decision.updates());
        assertEquals(after, decision.next().ticket());
        assertEquals(given.messageCount(), decision.next().messageCount());
    }

    @Test
    void aMessageOrChangeTimedBeforeTheTicketsLastActivityIsDatedAsItSoTheTicketsHistoryStaysInTimeOrder() {
        TicketState active = given(opened());
        TicketState later = SupportDecider.decide(active, HonestActors.of(message("m2", OWNER, "client", "at T1")), message("m2", OWNER, "client", "at T1"), T1).next();

        Decision early = SupportDecider.decide(later, HonestActors.of(message("m3", ADMIN, "admin", "timed earlier")),
                message("m3", ADMIN, "admin", "timed earlier"), T0.plusSeconds(1));
        assertEquals(T1, messageOf(early, "m3").createdAt());
        assertEquals(T1, early.next().ticket().updatedAt());
        Decision change = SupportDecider.decide(later, HonestActors.of(change("admin", Ticket.PENDING, null)), change("admin", Ticket.PENDING, null),
                T0.plusSeconds(1));
        assertEquals(T1, change.next().ticket().updatedAt());
    }

    @Test
    void aChangeToWhatTheTicketAlreadyIsAnswersItAsItIsWithoutNewActivity() {
        TicketState assigned = given(opened(), change("admin", Ticket.PENDING, ADMIN));

        Decision same = when(assigned, change("admin", Ticket.PENDING, ADMIN));

        assertEquals(List.<SupportUpdate>of(new TicketChanged(assigned.ticket())), same.updates());
        assertEquals(assigned, same.next());
        assertEquals(assigned.ticket().updatedAt(), ((TicketChanged) same.updates().get(0)).ticket().updatedAt(), "keeps its place in lists");
        assertEquals(assigned, when(assigned, change("admin", null, null)).next());
    }

    @Test
    void whatAChangeLeavesOutStaysAsItWas() {
        TicketState assigned = given(opened(), change("admin", Ticket.PENDING, ADMIN));

        assertEquals(ADMIN, when(assigned, change("admin", Ticket.RESOLVED, null)).next().ticket().assignee());
        assertEquals(Ticket.PENDING, when(assigned, change("admin", null, "someone")).next().ticket().status());
    }

    @Test
    void onlyAdminsChangeTickets() {
        TicketState given = given(opened());

        thenRefused(given, when(given, new TicketChangeRequested(TICKET, OWNER, "client", Ticket.CLOSED, null, null)), "update-ticket",
                ErrorCode.FORBIDDEN, "admins only");
    }

    @Test
    void refusesAChangeToATicketThatDoesNotExist() {
        thenRefused(given(), when(given(), change("admin", Ticket.CLOSED, null)), "update-ticket", ErrorCode.NOT_FOUND, "no such ticket");
    }

    @Test
    void refusesAnUnknownStatusNamingTheKnownOnesInAFixedOrder() {
        TicketState given = given(opened());

        thenRefused(given, when(given, change("admin", "archived", null)), "update-ticket", ErrorCode.BAD_REQUEST,
                "status must be one of [open, pending, resolved, closed]");
    }

    @Test
    void anAssigneeMustBeAnAdminAndAUserOfUnknownRoleIsNotFound() {
        TicketState given = given(opened());

        thenRefused(given, when(given, new TicketChangeRequested(TICKET, ADMIN, "admin", null, OWNER, "client")), "update-ticket", ErrorCode.BAD_REQUEST,
                "the assignee must be an admin, not a client");
        thenRefused(given, when(given, new TicketChangeRequested(TICKET, ADMIN, "admin", null, "6901e54215fc6770c2a8bfff", null)), "update-ticket",
                ErrorCode.NOT_FOUND, "no such admin: the assignee has never connected and the identity service has not registered them");
        assertEquals(ADMIN, when(given, new TicketChangeRequested(TICKET, ADMIN, "admin", null, ADMIN, "admin")).next().ticket().assignee());
    }

    @Test
    void whoChangesIsCheckedBeforeTheTicketIsLookedUp() {
        thenRefused(given(), when(given(), new TicketChangeRequested(TICKET, OWNER, "client", "archived", null, null)), "update-ticket",
                ErrorCode.FORBIDDEN, "admins only");
    }

    // replay

    @Test
    void sameStateAndActionAlwaysDecideTheSame() {
        TicketState given = given(opened(), message("m2", OWNER, "client", "a"));

        assertEquals(when(given, message("m3", ADMIN, "admin", "b")), when(given, message("m3", ADMIN, "admin", "b")));
        assertEquals(when(given, read("m2", ADMIN, "admin")), when(given, read("m2", ADMIN, "admin")));
    }
}
