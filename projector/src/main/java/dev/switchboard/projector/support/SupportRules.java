package dev.switchboard.projector.support;

import dev.switchboard.events.support.Ticket;

import java.util.Optional;
import java.util.Set;

/** Support rules, each a named check returning a refusal or nothing. */
public final class SupportRules {
    public static final int MAX_CONTENT = 5000;
    public static final int MAX_SUBJECT = 200;
    public static final Set<String> MESSAGE_TYPES = Set.of("text", "image", "document", "file", "system");
    public static final Set<String> STATUSES = Set.of(Ticket.OPEN, Ticket.PENDING, Ticket.RESOLVED, Ticket.CLOSED);
    public static final Set<String> OPENER_ROLES = Set.of("client", "provider");

    public record Refusal(String code, String reason) {
    }

    private SupportRules() {
    }

    private static Optional<Refusal> refuse(String code, String reason) {
        return Optional.of(new Refusal(code, reason));
    }

    /** The ticket exists and the user owns it or is an admin. */
    public static Optional<Refusal> ownerOrAdmin(Ticket ticket, String userId, String role) {
        if (ticket == null) {
            return refuse("NOT_FOUND", "no such ticket");
        }
        if (!"admin".equals(role) && !ticket.owner().equals(userId)) {
            return refuse("FORBIDDEN", "only the ticket's owner or an admin");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> validMessage(String content, String messageType) {
        if (!MESSAGE_TYPES.contains(messageType)) {
            return refuse("BAD_REQUEST", "messageType must be one of " + MESSAGE_TYPES);
        }
        if (content == null || content.isBlank()) {
            return refuse("BAD_REQUEST", "content is required");
        }
        if (content.length() > MAX_CONTENT) {
            return refuse("BAD_REQUEST", "content is at most " + MAX_CONTENT + " characters");
        }
        return Optional.empty();
    }

    public static Optional<Refusal> acceptsMessages(Ticket ticket) {
        return Ticket.CLOSED.equals(ticket.status()) ? refuse("RULE_VIOLATION", "the ticket is closed") : Optional.empty();
    }

    public static Optional<Refusal> canOpen(String role, String subject, String message) {
        if (!OPENER_ROLES.contains(role)) {
            return refuse("FORBIDDEN", "clients and providers open tickets");
        }
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            return refuse("BAD_REQUEST", "subject is required, at most " + MAX_SUBJECT + " characters");
        }
        return validMessage(message, "text");
    }

    public static Optional<Refusal> canChange(Ticket ticket, String role, String status) {
        if (!"admin".equals(role)) {
            return refuse("FORBIDDEN", "admins only");
        }
        if (ticket == null) {
            return refuse("NOT_FOUND", "no such ticket");
        }
        if (status != null && !STATUSES.contains(status)) {
            return refuse("BAD_REQUEST", "status must be one of " + STATUSES);
        }
        return Optional.empty();
    }

    @SafeVarargs
    public static Optional<Refusal> first(Optional<Refusal>... checks) {
        for (Optional<Refusal> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }
}
