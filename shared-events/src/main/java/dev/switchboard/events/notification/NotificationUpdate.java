package dev.switchboard.events.notification;

import dev.switchboard.events.Event;
import dev.switchboard.events.Rejection;

import java.util.List;

/** Notification outcomes; topic {@code switchboard.notification.updates}, keyed by userId. */
public sealed interface NotificationUpdate extends Event {

    /** Stored; pushed as {@code new-notification} to {@code notifications_<userId>}. */
    record NotificationCreated(Notification notification) implements NotificationUpdate {
    }

    /** A request with an idempotency key already used: nothing new; answers the requester with the original. */
    record NotificationAlreadyExists(Notification original) implements NotificationUpdate {
    }

    /** {@code join-notifications}: the undelivered notifications, oldest first, now delivered to that connection. */
    record PendingNotificationsReleased(String userId, String connectionId, List<Notification> notifications)
            implements NotificationUpdate {
        public PendingNotificationsReleased {
            notifications = List.copyOf(notifications);
        }
    }

    record NotificationMarkedRead(String userId, String notificationId) implements NotificationUpdate {
    }

    record AllNotificationsMarkedRead(String userId, long count) implements NotificationUpdate {
    }

    record NotificationActionRejected(String action, String code, String message) implements NotificationUpdate, Rejection {
    }
}
