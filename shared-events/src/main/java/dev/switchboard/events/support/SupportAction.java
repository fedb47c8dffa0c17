package dev.switchboard.events.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventVersion;

import java.util.List;

/** Support actions; topic {@code switchboard.support.actions}, keyed by ticketId. Refused ones stay in the log for the audit. */
public sealed interface SupportAction extends Event {

    /**
     * One method per action type: a handler is written for every type, so a new action type does not compile until
     * every handler has its method (Java 17 has no exhaustive switch over a sealed family).
     */
    interface Handler<R> {
        R open(TicketOpened action);

        R join(TicketJoinRequested action);

        R post(SupportMessageSubmitted action);

        R markRead(SupportMessageRead action);

        R change(TicketChangeRequested action);
    }

    /** {@code handler}'s method for this action's type. */
    <R> R handledBy(Handler<R> handler);

    String ticketId();

    /** {@code POST /api/support/tickets}: a client or provider opens a ticket with its first message. */
    record TicketOpened(String ticketId, String ownerId, String ownerRole, String ownerName, String ownerPicture,
                        String subject, String firstMessageId, String message) implements SupportAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.open(this);
        }
    }

    /** {@code join-support-ticket}. */
    record TicketJoinRequested(String ticketId, String userId, String role) implements SupportAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.join(this);
        }
    }

    /**
     * {@code support-message}. {@code clientMessageId} (optional, ours: not in the original contract) makes resends
     * idempotent, as for {@code send-message}; records written before it read it as null. {@code attachments} are the
     * URLs of the message's files, as sent ({@code content.attachments}); records written before them read them as empty.
     */
    record SupportMessageSubmitted(String messageId, String ticketId, String senderId, String senderRole, String senderName,
                                   String senderPicture, String content, String messageType, String clientMessageId,
                                   List<String> attachments)
            implements SupportAction {
        public SupportMessageSubmitted {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.post(this);
        }
    }

    /** {@code mark-message-read}. */
    record SupportMessageRead(String ticketId, String messageId, String userId, String role) implements SupportAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.markRead(this);
        }
    }

    /**
     * {@code PATCH /api/support/tickets/{ticketId}}, by the user {@code adminId} with {@code role} (the projector refuses
     * it unless that role is admin); null fields stay as they are. {@code assigneeRole} is the new assignee's role as
     * known when the request was recorded (null: unknown user), so the decision needs nothing outside the event.
     * <p>
     * Version 2 writes the requester as {@code userId}, like every other action names its acting user: version 1 named
     * it {@code adminId}, which the log kept even for refused requests by clients. Version 3 adds {@code assigneeRole}:
     * an assignee must be an admin (version 2 took any user id). The Java component keeps its name; {@code Upcasters}
     * reads versions 1 and 2.
     */
    @EventVersion(3)
    record TicketChangeRequested(String ticketId, @JsonProperty("userId") String adminId, String role, String status, String assignee,
                                 String assigneeRole)
            implements SupportAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.change(this);
        }

        /** {@code assignee} {@code ""}: clear the assignee ({@code null}: leave it as it is). */
        public static final String CLEAR_ASSIGNEE = "";

        /** The longest status the gateway records; as {@code ChatStatusRequested.MAX_STATUS}. */
        public static final int MAX_STATUS = 32;
    }
}
