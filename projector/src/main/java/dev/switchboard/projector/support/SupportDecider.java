package dev.switchboard.projector.support;

import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.Times;
import dev.switchboard.events.Actor;
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
import dev.switchboard.projector.auth.EnvelopeActor;
import dev.switchboard.projector.support.TicketState.NumberedMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Support as a pure function (ticket state, action, time) → (next state, updates). Time is the action's recorded
 * time, never the clock, so a replay decides the same. Each action is checked against its list in
 * {@link SupportRules} (first refusal wins); a refusal changes nothing and answers with {@code SupportActionRejected}.
 *
 * <ul>
 *   <li>{@code TicketOpened} creates the ticket ({@code open}) and posts its first message.</li>
 *   <li>{@code SupportMessageSubmitted} posts a message: it gets the next number ({@code seq}) and the ticket's
 *       activity time; {@code senderRole} is normalised ({@code client}/{@code provider} → {@code user}). A resend
 *       (same sender, ticket and {@code clientMessageId} as a message in the state) is answered with the original
 *       ({@code SupportMessageAlreadyPosted}) before any rule, and posts nothing.</li>
 *   <li>{@code TicketJoinRequested} is answered, and changes nothing.</li>
 *   <li>{@code SupportMessageRead} adds the reader to {@code readBy} once; the message is read once someone other
 *       than its sender read it.</li>
 *   <li>{@code TicketChangeRequested} sets the status and/or assignee given (the others stay) and the activity time.</li>
 * </ul>
 */
public final class SupportDecider implements SupportAction.Handler<SupportDecider.Decision> {

    public record Decision(TicketState next, List<SupportUpdate> updates) {
        public Decision {
            updates = List.copyOf(updates);
        }

        static Decision of(TicketState next, SupportUpdate update) {
            return new Decision(next, List.of(update));
        }
    }

    private final TicketState state;
    private final Instant at;

    /** A decider for one action: its ticket's state and the action's recorded time. */
    private SupportDecider(TicketState state, Instant at) {
        this.state = state;
        this.at = at;
    }

    /** {@code actor} is the action's envelope's: a payload that names another acting user is refused ({@link EnvelopeActor}). */
    public static Decision decide(TicketState state, Actor actor, SupportAction action, Instant at) {
        Optional<Refusal> forged = EnvelopeActor.check(actor, action);
        if (forged.isPresent()) {
            return refused(state, EventTypes.nameOf(action), forged.get());
        }
        return action.handledBy(new SupportDecider(state, at));
    }

    @Override
    public Decision open(TicketOpened o) {
        Optional<Refusal> refusal = SupportRules.firstRefusal(SupportRules.openingRules(), state, o);
        if (refusal.isPresent()) {
            return refused(state, "open-ticket", refusal.get());
        }
        // an id that is already a ticket is not opened again (the gateway makes a new id for every ticket)
        Ticket ticket = state.ticket() != null ? state.ticket()
                : new Ticket(o.ticketId(), o.ownerId(), o.ownerRole(), o.subject(), Ticket.OPEN, null, at, at);
        SupportMessage first = new SupportMessage(o.firstMessageId(), o.ticketId(),
                new SupportMessage.Sender(o.ownerId(), o.ownerName(), o.ownerPicture(), o.ownerRole()),
                SupportMessage.normaliseRole(o.ownerRole()), o.message(), List.of(), "text", false, List.of(), at, null);
        return Decision.of(state.withTicket(ticket).withPosted(first), new TicketCreated(ticket, first));
    }

    @Override
    public Decision post(SupportMessageSubmitted s) {
        // a resend is answered with the original before any rule, so a retry after e.g. a TIMEOUT is not refused
        // because the ticket was closed in between; nothing is posted, nothing is pushed
        Optional<NumberedMessage> original = state.original(s.senderId(), s.clientMessageId());
        if (original.isPresent()) {
            return Decision.of(state, new SupportMessageAlreadyPosted(original.get().message()));
        }
        Optional<Refusal> refusal = SupportRules.firstRefusal(SupportRules.messageRules(), state, s);
        if (refusal.isPresent()) {
            return refused(state, "support-message", refusal.get());
        }
        SupportMessage message = new SupportMessage(s.messageId(), s.ticketId(),
                new SupportMessage.Sender(s.senderId(), s.senderName(), s.senderPicture(), s.senderRole()),
                SupportMessage.normaliseRole(s.senderRole()), s.content() == null ? "" : s.content(), s.attachments(), s.messageType(), false, List.of(),
                notBeforeTheLastActivity(),
                s.clientMessageId());
        return Decision.of(state.withPosted(message), new SupportMessagePosted(message));
    }

    @Override
    public Decision join(TicketJoinRequested join) {
        Optional<Refusal> refusal = SupportRules.firstRefusal(SupportRules.joinRules(), state, join);
        if (refusal.isPresent()) {
            return refused(state, "join-support-ticket", refusal.get());
        }
        return Decision.of(state, new TicketJoinAccepted(join.ticketId(), join.userId()));
    }

    @Override
    public Decision markRead(SupportMessageRead read) {
        Optional<Refusal> refusal = SupportRules.firstRefusal(SupportRules.readRules(), state, read);
        if (refusal.isPresent()) {
            return refused(state, "mark-message-read", refusal.get());
        }
        NumberedMessage numbered = state.message(read.messageId()).orElseThrow();
        SupportMessage m = numbered.message();
        List<String> readBy = new ArrayList<>(m.readBy());
        if (!readBy.contains(read.userId())) {
            readBy.add(read.userId());
        }
        boolean isRead = m.isRead() || !m.sender().id().equals(read.userId());
        SupportMessage marked = new SupportMessage(m.id(), m.ticket(), m.sender(), m.senderRole(), m.text(), m.attachments(),
                m.messageType(), isRead, readBy, m.createdAt(), m.clientMessageId());
        return Decision.of(state.withMessage(read.messageId(), new NumberedMessage(numbered.seq(), marked)),
                new SupportMessageMarkedRead(read.ticketId(), read.messageId(), read.userId()));
    }

    @Override
    public Decision change(TicketChangeRequested c) {
        Optional<Refusal> refusal = SupportRules.firstRefusal(SupportRules.changeRules(), state, c);
        if (refusal.isPresent()) {
            return refused(state, "update-ticket", refusal.get());
        }
        Ticket before = state.ticket();
        String status = c.status() == null ? before.status() : c.status();
        String assignee = assigneeAfter(before.assignee(), c.assignee());
        if (status.equals(before.status()) && Objects.equals(assignee, before.assignee())) {
            // a change to what it already is: answered with the ticket as it is, which keeps its place in every list
            return Decision.of(state, new TicketChanged(before));
        }
        Ticket after = new Ticket(before.id(), before.owner(), before.ownerRole(), before.subject(), status, assignee, before.createdAt(),
                notBeforeTheLastActivity());
        return Decision.of(state.withTicket(after), new TicketChanged(after));
    }

    /** The action's time, or the ticket's last activity's when that is later: its messages and changes stay in time order. */
    private Instant notBeforeTheLastActivity() {
        return Times.notBefore(at, state.ticket().updatedAt());
    }

    /** An absent assignee ({@code null}) keeps the current one; {@link TicketChangeRequested#CLEAR_ASSIGNEE} clears it. */
    private static String assigneeAfter(String current, String requested) {
        if (requested == null) {
            return current;
        }
        return requested.equals(TicketChangeRequested.CLEAR_ASSIGNEE) ? null : requested;
    }

    private static Decision refused(TicketState state, String action, Refusal refusal) {
        return Decision.of(state, new SupportActionRejected(action, refusal.code(), refusal.reason()));
    }
}
