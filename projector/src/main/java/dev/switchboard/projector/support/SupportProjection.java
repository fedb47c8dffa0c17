package dev.switchboard.projector.support;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.SupportUpdate;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import dev.switchboard.events.support.SupportUpdate.SupportMessageMarkedRead;
import dev.switchboard.events.support.SupportUpdate.SupportMessagePosted;
import dev.switchboard.events.support.SupportUpdate.TicketChanged;
import dev.switchboard.events.support.SupportUpdate.TicketCreated;
import dev.switchboard.events.support.SupportUpdate.TicketJoinAccepted;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.projector.kafka.Projection;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Support tickets and their conversations; every refusal is an update in the log beside the refused action. */
@Component
public class SupportProjection implements Projection {
    private final SupportStore store;

    public SupportProjection(SupportStore store) {
        this.store = store;
    }

    @Override
    public Topic actionTopic() {
        return Topic.SUPPORT_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        List<Envelope<?>> updates = new ArrayList<>();
        for (Envelope<Event> action : actions) {
            SupportAction payload = (SupportAction) action.payload();
            updates.add(Envelope.causedBy(action, 0, decide(payload, action.occurredAt()), payload.ticketId()));
        }
        return updates;
    }

    private SupportUpdate decide(SupportAction action, Instant at) {
        if (action instanceof TicketOpened opened) {
            return open(opened, at);
        }
        if (action instanceof SupportMessageSubmitted submitted) {
            return post(submitted, at);
        }
        if (action instanceof TicketJoinRequested join) {
            return refusedOr("join-support-ticket", SupportRules.ownerOrAdmin(store.ticket(join.ticketId()).orElse(null), join.userId(), join.role()),
                    () -> new TicketJoinAccepted(join.ticketId(), join.userId()));
        }
        if (action instanceof SupportMessageRead read) {
            return markRead(read);
        }
        return change((TicketChangeRequested) action, at);
    }

    private SupportUpdate open(TicketOpened o, Instant at) {
        return refusedOr("open-ticket", SupportRules.canOpen(o.ownerRole(), o.subject(), o.message()), () -> {
            Ticket ticket = store.ticket(o.ticketId()).orElse(new Ticket(o.ticketId(), o.ownerId(), o.ownerRole(), o.subject(), Ticket.OPEN, null, at, at));
            store.createTicket(ticket);
            SupportMessage first = new SupportMessage(o.firstMessageId(), o.ticketId(),
                    new SupportMessage.Sender(o.ownerId(), o.ownerName(), o.ownerPicture(), o.ownerRole()),
                    SupportMessage.normaliseRole(o.ownerRole()), o.message(), List.of(), "text", false, List.of(), at);
            store.post(first);
            return new TicketCreated(ticket, first);
        });
    }

    private SupportUpdate post(SupportMessageSubmitted s, Instant at) {
        Optional<Ticket> ticket = store.ticket(s.ticketId());
        return refusedOr("support-message", SupportRules.first(
                SupportRules.validMessage(s.content(), s.messageType()),
                SupportRules.ownerOrAdmin(ticket.orElse(null), s.senderId(), s.senderRole()),
                ticket.flatMap(SupportRules::acceptsMessages)), () -> {
            SupportMessage message = store.message(s.messageId()).orElseGet(() -> new SupportMessage(s.messageId(), s.ticketId(),
                    new SupportMessage.Sender(s.senderId(), s.senderName(), s.senderPicture(), s.senderRole()),
                    SupportMessage.normaliseRole(s.senderRole()), s.content(), List.of(), s.messageType(), false, List.of(), at));
            store.post(message);
            return new SupportMessagePosted(message);
        });
    }

    private SupportUpdate markRead(SupportMessageRead read) {
        Optional<SupportMessage> message = store.message(read.messageId()).filter(m -> m.ticket().equals(read.ticketId()));
        if (message.isEmpty()) {
            return new SupportActionRejected("mark-message-read", "NOT_FOUND", "no such message");
        }
        return refusedOr("mark-message-read", SupportRules.ownerOrAdmin(store.ticket(read.ticketId()).orElse(null), read.userId(), read.role()), () -> {
            store.markRead(message.get(), read.userId());
            return new SupportMessageMarkedRead(read.ticketId(), read.messageId(), read.userId());
        });
    }

    private SupportUpdate change(TicketChangeRequested c, Instant at) {
        Optional<Ticket> ticket = store.ticket(c.ticketId());
        return refusedOr("update-ticket", SupportRules.canChange(ticket.orElse(null), c.role(), c.status()), () -> {
            Ticket before = ticket.get();
            Ticket after = new Ticket(before.id(), before.owner(), before.ownerRole(), before.subject(),
                    c.status() == null ? before.status() : c.status(), c.assignee() == null ? before.assignee() : c.assignee(),
                    before.createdAt(), at);
            store.change(after);
            return new TicketChanged(after);
        });
    }

    private static SupportUpdate refusedOr(String action, Optional<SupportRules.Refusal> refusal, java.util.function.Supplier<SupportUpdate> accepted) {
        return refusal.<SupportUpdate>map(r -> new SupportActionRejected(action, r.code(), r.reason())).orElseGet(accepted);
    }
}
