package dev.switchboard.events.support;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.Refusal;

/** Support outcomes; topic {@code switchboard.support.updates}, keyed by ticketId. */
public sealed interface SupportUpdate extends Event {

    /** Pushed as {@code support-ticket-created} and the first {@code new-support-message} to the dashboard. */
    record TicketCreated(Ticket ticket, SupportMessage firstMessage) implements SupportUpdate {
    }

    /** Answers {@code join-support-ticket}. */
    record TicketJoinAccepted(String ticketId, String userId) implements SupportUpdate {
    }

    /** What {@code support-message} is answered with when it is not refused: the message as stored. */
    sealed interface MessageOutcome extends SupportUpdate permits SupportMessagePosted, SupportMessageAlreadyPosted {
        SupportMessage message();
    }

    /** Pushed as {@code new-support-message} to the ticket room and the dashboard. */
    record SupportMessagePosted(SupportMessage message) implements MessageOutcome {
    }

    /**
     * Answers a {@code support-message} resent with a {@code clientMessageId} already posted by the same sender to the
     * same ticket: the sender's ack gets the original, and nothing is pushed (the room saw it once already).
     */
    record SupportMessageAlreadyPosted(SupportMessage original) implements MessageOutcome {
        @Override
        public SupportMessage message() {
            return original;
        }
    }

    /** Pushed as {@code message-read-update { messageId, userId }} to the ticket room. */
    record SupportMessageMarkedRead(String ticketId, String messageId, String userId) implements SupportUpdate {
    }

    /** Pushed as {@code support-ticket-updated} to the ticket room and the dashboard. */
    record TicketChanged(Ticket ticket) implements SupportUpdate {
    }

    record SupportActionRejected(String action, ErrorCode code, String message) implements SupportUpdate, Refusal.Recorded {
    }
}
