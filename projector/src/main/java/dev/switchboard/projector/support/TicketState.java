package dev.switchboard.projector.support;

import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.Ticket;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A ticket as the support decider sees it: the ticket itself ({@code null} until it is opened), how many messages it
 * has (its last message's {@code seq}), and those of its messages that the batch refers to, by id, each with its
 * number: those it marks read, the originals of its resends, and those it posts. Messages are numbered 1, 2, 3… in the order their posts are decided, which is log order.
 */
public record TicketState(String ticketId, Ticket ticket, long messageCount, Map<String, NumberedMessage> messages) {

    /** A message with its place in the ticket's history ({@code seq}, from 1). */
    public record NumberedMessage(long seq, SupportMessage message) {
    }

    public TicketState {
        Objects.requireNonNull(ticketId, "ticketId");
        messages = Collections.unmodifiableMap(new LinkedHashMap<>(messages));
    }

    /** A ticket nobody has opened. */
    public static TicketState none(String ticketId) {
        return new TicketState(ticketId, null, 0, Map.of());
    }

    public Optional<NumberedMessage> message(String messageId) {
        return Optional.ofNullable(messages.get(messageId));
    }

    /**
     * The message that {@code senderId} posted with {@code clientMessageId} among those the state holds (loaded
     * originals of the batch's resends, and the batch's own posts so far); none when {@code clientMessageId} is null.
     */
    public Optional<NumberedMessage> original(String senderId, String clientMessageId) {
        if (clientMessageId == null) {
            return Optional.empty();
        }
        return messages.values().stream()
                .filter(m -> clientMessageId.equals(m.message().clientMessageId()) && m.message().sender().id().equals(senderId))
                .findFirst();
    }

    TicketState withTicket(Ticket next) {
        return new TicketState(ticketId, next, messageCount, messages);
    }

    /** The state with {@code message} as the ticket's next message; the ticket's activity time becomes the message's. */
    TicketState withPosted(SupportMessage message) {
        long seq = messageCount + 1;
        Map<String, NumberedMessage> next = new LinkedHashMap<>(messages);
        next.put(message.id(), new NumberedMessage(seq, message));
        Ticket t = ticket;
        Ticket active = new Ticket(t.id(), t.owner(), t.ownerRole(), t.subject(), t.status(), t.assignee(), t.createdAt(), message.createdAt());
        return new TicketState(ticketId, active, seq, next);
    }

    TicketState withMessage(String messageId, NumberedMessage message) {
        Map<String, NumberedMessage> next = new LinkedHashMap<>(messages);
        next.put(messageId, message);
        return new TicketState(ticketId, ticket, messageCount, next);
    }

    /** Whether the ticket's own document (not its messages) would be the same. */
    boolean sameTicketAs(TicketState other) {
        return Objects.equals(ticket, other.ticket) && messageCount == other.messageCount;
    }
}
