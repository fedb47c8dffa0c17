package dev.switchboard.events.support;

import dev.switchboard.events.Event;

/** Support actions; topic {@code switchboard.support.actions}, keyed by ticketId. Refused ones stay in the log for the audit. */
public sealed interface SupportAction extends Event {

    String ticketId();

    /** {@code POST /api/support/tickets}: a client or provider opens a ticket with its first message. */
    record TicketOpened(String ticketId, String ownerId, String ownerRole, String ownerName, String ownerPicture,
                        String subject, String firstMessageId, String message) implements SupportAction {
    }

    /** {@code join-support-ticket}. */
    record TicketJoinRequested(String ticketId, String userId, String role) implements SupportAction {
    }

    /** {@code support-message}. */
    record SupportMessageSubmitted(String messageId, String ticketId, String senderId, String senderRole, String senderName,
                                   String senderPicture, String content, String messageType) implements SupportAction {
    }

    /** {@code mark-message-read}. */
    record SupportMessageRead(String ticketId, String messageId, String userId, String role) implements SupportAction {
    }

    /** {@code PATCH /api/support/tickets/{ticketId}} by an admin; null fields stay as they are. */
    record TicketChangeRequested(String ticketId, String adminId, String role, String status, String assignee) implements SupportAction {
    }
}
