package dev.switchboard.projector.support;

import dev.switchboard.projector.auth.HonestActors;
import dev.switchboard.readmodels.support.SupportReadModel;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import dev.switchboard.events.support.SupportUpdate.SupportMessageAlreadyPosted;
import dev.switchboard.events.support.SupportUpdate.SupportMessagePosted;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.support.SupportStore.LastWrite;
import dev.switchboard.projector.support.SupportStore.StoredTicket;
import dev.switchboard.projector.support.TicketState.NumberedMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches of support actions against an in-memory copy of what the store holds (no Kafka, no store): a batch run again
 * with its effects already stored decides exactly as its first run did.
 */
class SupportBatchTest {
    private static final String TICKET = "65a000000000000000000001";
    private static final String OTHER_TICKET = "65a000000000000000000002";
    private static final String OWNER = "owner";
    private static final String ADMIN = "admin-1";
    private static final Instant T0 = Instant.parse("2025-11-27T12:00:00.000Z");

    /** What the store holds: documents by id, replaced whole by each write, as {@link SupportStore#write} does. */
    private static final class Store {
        final Map<String, StoredTicket> tickets = new HashMap<>();
        final Map<String, NumberedMessage> messages = new HashMap<>();

        SupportBatch.Result run(List<Envelope<Event>> actions) {
            SupportBatch.Result result = decide(actions);
            write(result);
            return result;
        }

        SupportBatch.Result decide(List<Envelope<Event>> actions) {
            SupportBatch batch = new SupportBatch(actions);
            Map<String, StoredTicket> loadedTickets = new HashMap<>();
            batch.ticketIds().stream().filter(tickets::containsKey).forEach(id -> loadedTickets.put(id, tickets.get(id)));
            Map<String, NumberedMessage> loadedMessages = new HashMap<>();
            batch.messagesToLoad().stream().filter(messages::containsKey).forEach(id -> loadedMessages.put(id, messages.get(id)));
            List<NumberedMessage> originals = messages.values().stream().filter(m -> m.message().clientMessageId() != null
                    && batch.clientKeys().contains(SupportReadModel.clientKey(m.message().sender().id(), m.message().ticket(),
                    m.message().clientMessageId()))).toList();
            return batch.decide(loadedTickets, loadedMessages, originals);
        }

        void write(SupportBatch.Result result) {
            result.messageWrites().forEach(m -> messages.put(m.message().id(), m));
            result.ticketWrites().forEach(t -> tickets.put(t.ticket().id(), t));
        }

        /** The read model, without the projector's bookkeeping. */
        Map<String, Object> readModel() {
            Map<String, Object> view = new HashMap<>(messages);
            tickets.forEach((id, t) -> view.put(id, List.of(t.ticket(), t.messageCount())));
            return view;
        }
    }

    private int clock;

    private Envelope<Event> action(SupportAction payload) {
        return Envelope.newAction(payload, HonestActors.of(payload), payload.ticketId(), T0.plusSeconds(clock++));
    }

    private List<Envelope<Event>> aBusyBatch() {
        return List.of(
                action(new TicketOpened(TICKET, OWNER, "client", "Owner", null, "Refunds", "65a0000000000000000000a1", "hello")),
                action(new TicketJoinRequested(TICKET, OWNER, "client")),
                action(new SupportMessageSubmitted("65a0000000000000000000a2", TICKET, OWNER, "client", "Owner", null, "anyone?", "text", null, List.of())),
                action(new SupportMessageRead(TICKET, "65a0000000000000000000a2", ADMIN, "admin")),
                action(new SupportMessageSubmitted("65a0000000000000000000a3", TICKET, ADMIN, "admin", "Admin", null, "on it", "text", null, List.of())),
                action(new TicketChangeRequested(TICKET, ADMIN, "admin", Ticket.CLOSED, ADMIN, "admin")),
                action(new SupportMessageSubmitted("65a0000000000000000000a4", TICKET, OWNER, "client", "Owner", null, "thanks", "text", null, List.of())));
    }

    @Test
    void aBatchRunAgainAfterItsWriteDecidesPublishesAndWritesExactlyTheSame() {
        Store store = new Store();
        List<Envelope<Event>> batch = aBusyBatch();

        SupportBatch.Result first = store.run(batch);
        SupportBatch.Result again = store.run(batch);

        assertEquals(first.updates(), again.updates());
        assertEquals(first.messageWrites(), again.messageWrites());
        assertEquals(first.ticketWrites(), again.ticketWrites());
        SupportMessagePosted posted = (SupportMessagePosted) again.updates().get(2).payload();
        assertFalse(posted.message().isRead(), "the re-run posts the message as new, not as the first run left it (read)");
        assertTrue(again.updates().get(6).payload() instanceof SupportActionRejected, "posted after the close: refused both times");
    }

    @Test
    void aBatchRunAgainAfterOnlyItsMessagesWereWrittenDecidesTheSame() {
        Store store = new Store();
        List<Envelope<Event>> batch = aBusyBatch();
        SupportBatch.Result first = store.decide(batch);
        first.messageWrites().forEach(m -> store.messages.put(m.message().id(), m)); // the ticket write failed

        SupportBatch.Result again = store.run(batch);

        assertEquals(first, again);
    }

    @Test
    void aShorterRerunStartsFromTheStateBeforeTheFirstRunAndTheNextBatchGoesOnFromIt() {
        List<Envelope<Event>> batch = aBusyBatch();
        Store once = new Store();
        SupportBatch.Result whole = once.run(batch);

        Store crashed = new Store();
        crashed.run(batch);
        List<Envelope<?>> updates = new ArrayList<>(crashed.run(batch.subList(0, 3)).updates());
        updates.addAll(crashed.run(batch.subList(3, batch.size())).updates());

        assertEquals(whole.updates(), updates);
        assertEquals(once.readModel(), crashed.readModel());
    }

    @Test
    void theNextBatchStartsFromTheStoredTicketAndNumbersOn() {
        Store store = new Store();
        store.run(List.of(action(new TicketOpened(TICKET, OWNER, "client", "Owner", null, "Refunds", "65a0000000000000000000a1", "hello")),
                action(new SupportMessageSubmitted("65a0000000000000000000a2", TICKET, OWNER, "client", "Owner", null, "one", "text", null, List.of()))));

        SupportBatch.Result next = store.run(List.of(
                action(new SupportMessageSubmitted("65a0000000000000000000a3", TICKET, OWNER, "client", "Owner", null, "two", "text", null, List.of()))));

        assertEquals(List.of(new NumberedMessage(3, ((SupportMessagePosted) next.updates().get(0).payload()).message())), next.messageWrites());
        assertEquals(3, store.tickets.get(TICKET).messageCount());
    }

    private Envelope<Event> post(String messageId, String clientMessageId) {
        return action(new SupportMessageSubmitted(messageId, TICKET, OWNER, "client", "Owner", null, "once", "text", clientMessageId, List.of()));
    }

    @Test
    void aBatchWithAResendRunAgainPostsItsOwnMessageAgainAndAnswersTheResendTheSame() {
        Store store = new Store();
        List<Envelope<Event>> batch = List.of(
                action(new TicketOpened(TICKET, OWNER, "client", "Owner", null, "Refunds", "65a0000000000000000000a1", "hello")),
                post("65a0000000000000000000a2", "c-1"),
                post("65a0000000000000000000a3", "c-1"));

        SupportBatch.Result first = store.run(batch);
        SupportBatch.Result again = store.run(batch);

        assertEquals(first, again, "its own post, stored by the first run, is no original of itself");
        assertTrue(again.updates().get(1).payload() instanceof SupportMessagePosted);
        SupportMessageAlreadyPosted resend = (SupportMessageAlreadyPosted) again.updates().get(2).payload();
        assertEquals("65a0000000000000000000a2", resend.original().id());
        assertEquals(2, store.tickets.get(TICKET).messageCount());
        assertFalse(store.messages.containsKey("65a0000000000000000000a3"));
    }

    @Test
    void aResendInALaterBatchIsAnsweredWithTheStoredOriginalAndWritesNothing() {
        Store store = new Store();
        store.run(List.of(action(new TicketOpened(TICKET, OWNER, "client", "Owner", null, "Refunds", "65a0000000000000000000a1", "hello")),
                post("65a0000000000000000000a2", "c-1")));

        SupportBatch.Result resend = store.run(List.of(post("65a0000000000000000000a3", "c-1")));

        assertEquals(new SupportMessageAlreadyPosted(store.messages.get("65a0000000000000000000a2").message()),
                resend.updates().get(0).payload());
        assertEquals(List.of(), resend.messageWrites());
        assertEquals(List.of(), resend.ticketWrites());
    }

    @Test
    void aBatchThatChangesNoTicketWritesNothing() {
        Store store = new Store();
        store.run(List.of(action(new TicketOpened(TICKET, OWNER, "client", "Owner", null, "Refunds", "65a0000000000000000000a1", "hello"))));

        SupportBatch.Result joins = store.run(List.of(action(new TicketJoinRequested(TICKET, OWNER, "client")),
                action(new SupportMessageSubmitted("65a0000000000000000000a2", TICKET, "outsider", "provider", "X", null, "hi", "text", null, List.of()))));

        assertEquals(List.of(), joins.messageWrites());
        assertEquals(List.of(), joins.ticketWrites());
    }

    @Test
    void aMessageOfAnotherTicketIsNotFoundThroughThisOne() {
        Store store = new Store();
        store.run(List.of(action(new TicketOpened(TICKET, OWNER, "client", "Owner", null, "Refunds", "65a0000000000000000000a1", "hello")),
                action(new TicketOpened(OTHER_TICKET, OWNER, "client", "Owner", null, "Other", "65a0000000000000000000b1", "hi"))));

        SupportBatch.Result read = store.run(List.of(action(new SupportMessageRead(OTHER_TICKET, "65a0000000000000000000a1", ADMIN, "admin"))));

        assertEquals(new SupportActionRejected("mark-message-read", ErrorCode.NOT_FOUND, "no such message"), read.updates().get(0).payload());
        assertEquals(List.of(), read.messageWrites());
    }

    @Test
    void aTicketWrittenByABuildWithoutBookkeepingStartsAsStored() {
        Ticket ticket = new Ticket(TICKET, OWNER, "client", "Refunds", Ticket.OPEN, null, T0, T0);

        TicketState start = SupportBatch.startingState(TICKET, new StoredTicket(ticket, 5, LastWrite.NONE), List.of("a1"));

        assertEquals(new TicketState(TICKET, ticket, 5, Map.of()), start);
    }
}
