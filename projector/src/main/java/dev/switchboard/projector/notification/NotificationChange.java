package dev.switchboard.projector.notification;

import java.time.Instant;
import java.util.List;

/**
 * What a decision changes in the read model, each stamped with the id of the action that decided it. The projection
 * applies a decision's changes to the batch's {@link NotificationState} before the next action is decided, and writes
 * them all with one bulk write at the end ({@link NotificationStore#write}).
 */
public sealed interface NotificationChange {

    /** A new notification (written so that it never replaces one that exists). */
    record Created(StoredNotification notification) implements NotificationChange {
    }

    /** A gateway pushed it live to a connection of its owner ({@code deliveredBy}). */
    record Delivered(String notificationId, Instant at, String actionId) implements NotificationChange {
    }

    /** {@code join-notifications} released these to the joining connection ({@code releasedBy}). */
    record Released(List<String> notificationIds, Instant at, String actionId) implements NotificationChange {
        public Released {
            notificationIds = List.copyOf(notificationIds);
        }
    }

    /** {@code mark-notification-read} or {@code mark-all-notifications-read} read these ({@code readBy}). */
    record Read(List<String> notificationIds, Instant at, String actionId) implements NotificationChange {
        public Read {
            notificationIds = List.copyOf(notificationIds);
        }
    }
}
