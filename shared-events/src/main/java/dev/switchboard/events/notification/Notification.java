package dev.switchboard.events.notification;

import java.time.Instant;
import java.util.Map;

/** A notification as users see it (docs/PROTOCOL.md §5): {@code { _id, user, type, title, message, data, isRead, delivered, createdAt }}. */
public record Notification(String id, String user, String type, String title, String message, Map<String, Object> data,
                           boolean isRead, boolean delivered, Instant createdAt) {
    public Notification {
        data = data == null ? Map.of() : data;
    }

    public Notification asDelivered() {
        return new Notification(id, user, type, title, message, data, isRead, true, createdAt);
    }
}
