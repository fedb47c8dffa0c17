package dev.switchboard.projector.notification;

import dev.switchboard.events.notification.Notification;

import java.time.Instant;
import java.util.List;

/**
 * A notification as the read model holds it: what its owner sees, the key it was deduplicated by, and the ids of the
 * actions that created, delivered and read it. Those stamps let a re-run batch see the notifications as they were
 * before it ({@link NotificationState#beforeBatch}).
 *
 * @param deliveredBy the action that delivered it: a {@code join-notifications} that released it, or a gateway's
 *                    {@code NotificationDelivered}; null while undelivered or when delivered by an earlier build
 * @param readBy      the {@code mark-notification-read} or {@code mark-all-notifications-read} that read it
 * @param createdAfter, deliveredAfter, readAfter the owner's actions that came before the creating / delivering /
 *                     reading action in its batch and read stored notifications to decide: a re-run holding one of
 *                     them but not that action was cut shorter than that batch, and the change is not made yet for it
 */
public record StoredNotification(Notification notification, String idempotencyKey, String createdBy,
                                 Instant deliveredAt, String deliveredBy, Instant readAt, String readBy,
                                 List<String> createdAfter, List<String> deliveredAfter, List<String> readAfter) {

    public StoredNotification {
        createdAfter = List.copyOf(createdAfter);
        deliveredAfter = List.copyOf(deliveredAfter);
        readAfter = List.copyOf(readAfter);
    }

    public StoredNotification(Notification notification, String idempotencyKey, String createdBy,
                              Instant deliveredAt, String deliveredBy, Instant readAt, String readBy) {
        this(notification, idempotencyKey, createdBy, deliveredAt, deliveredBy, readAt, readBy, List.of(), List.of(), List.of());
    }

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

    StoredNotification delivered(Instant at, String actionId, List<String> after) {
        return new StoredNotification(notification.asDelivered(), idempotencyKey, createdBy, at, actionId, readAt, readBy,
                createdAfter, after, readAfter);
    }

    StoredNotification undelivered() {
        return new StoredNotification(withFlags(notification.isRead(), false), idempotencyKey, createdBy, null, null, readAt, readBy,
                createdAfter, List.of(), readAfter);
    }

    StoredNotification read(Instant at, String actionId, List<String> after) {
        return new StoredNotification(withFlags(true, notification.delivered()), idempotencyKey, createdBy, deliveredAt, deliveredBy, at, actionId,
                createdAfter, deliveredAfter, after);
    }

    StoredNotification unread() {
        return new StoredNotification(withFlags(false, notification.delivered()), idempotencyKey, createdBy, deliveredAt, deliveredBy, null, null,
                createdAfter, deliveredAfter, List.of());
    }

    StoredNotification createdAfter(List<String> actionIds) {
        return new StoredNotification(notification, idempotencyKey, createdBy, deliveredAt, deliveredBy, readAt, readBy,
                actionIds, deliveredAfter, readAfter);
    }

    private Notification withFlags(boolean isRead, boolean delivered) {
        Notification n = notification;
        return new Notification(n.id(), n.user(), n.type(), n.title(), n.message(), n.data(), isRead, delivered, n.createdAt());
    }
}
