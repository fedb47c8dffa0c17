package dev.switchboard.projector.notification;

import dev.switchboard.events.notification.Notification;

import java.time.Instant;

/**
 * A notification as the read model holds it: what its owner sees, the key it was deduplicated by, and the ids of the
 * actions that created, delivered and read it. Those stamps let a re-run batch see the notifications as they were
 * before it ({@link NotificationState#beforeBatch}).
 *
 * @param deliveredBy the action that delivered it: a {@code join-notifications} that released it, or a gateway's
 *                    {@code NotificationDelivered}; null while undelivered or when delivered by an earlier build
 * @param readBy      the {@code mark-notification-read} or {@code mark-all-notifications-read} that read it
 */
public record StoredNotification(Notification notification, String idempotencyKey, String createdBy,
                                 Instant deliveredAt, String deliveredBy, Instant readAt, String readBy) {

    public String id() {
        return notification.id();
    }

    public String user() {
        return notification.user();
    }

    public boolean isDelivered() {
        return notification.delivered();
    }

    public boolean isRead() {
        return notification.isRead();
    }

    StoredNotification delivered(Instant at, String actionId) {
        return new StoredNotification(notification.asDelivered(), idempotencyKey, createdBy, at, actionId, readAt, readBy);
    }

    StoredNotification undelivered() {
        return new StoredNotification(withFlags(notification.isRead(), false), idempotencyKey, createdBy, null, null, readAt, readBy);
    }

    StoredNotification read(Instant at, String actionId) {
        return new StoredNotification(withFlags(true, notification.delivered()), idempotencyKey, createdBy, deliveredAt, deliveredBy, at, actionId);
    }

    StoredNotification unread() {
        return new StoredNotification(withFlags(false, notification.delivered()), idempotencyKey, createdBy, deliveredAt, deliveredBy, null, null);
    }

    private Notification withFlags(boolean isRead, boolean delivered) {
        Notification n = notification;
        return new Notification(n.id(), n.user(), n.type(), n.title(), n.message(), n.data(), isRead, delivered, n.createdAt());
    }
}
