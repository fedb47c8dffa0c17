package dev.switchboard.events.support;

import java.time.Instant;
import java.util.List;

/** A support ticket: {@code { _id, owner, subject, status, assignee, createdAt, updatedAt }}. */
public record Ticket(String id, String owner, String ownerRole, String subject, String status, String assignee,
                     Instant createdAt, Instant updatedAt) {
    public static final String OPEN = "open";
    public static final String PENDING = "pending";
    public static final String RESOLVED = "resolved";
    public static final String CLOSED = "closed";
    /** Every status a ticket can have, in its lifecycle's order. */
    public static final List<String> STATUSES = List.of(OPEN, PENDING, RESOLVED, CLOSED);
}
