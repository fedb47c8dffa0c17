package dev.switchboard.events.support;

import java.time.Instant;
import java.util.List;

/**
 * A support message (docs/PROTOCOL.md §7 {@code new-support-message} data). {@code senderRole} is normalised:
 * {@code user} for clients and providers, {@code admin} for admins. {@code readBy} lists who read it.
 * {@code clientMessageId} is the sender's own id for it, if it sent one (null otherwise, and in older records).
 */
public record SupportMessage(String id, String ticket, Sender sender, String senderRole, String text, List<String> attachments,
                             String messageType, boolean isRead, List<String> readBy, Instant createdAt, String clientMessageId) {

    public SupportMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        readBy = readBy == null ? List.of() : List.copyOf(readBy);
    }

    public record Sender(String id, String fullName, String profilePhoto, String role) {
    }

    public static String normaliseRole(String role) {
        return "admin".equals(role) ? "admin" : "user";
    }
}
