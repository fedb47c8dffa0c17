package dev.switchboard.projector.notification;

import java.time.Instant;
import java.util.List;

/**
 * What a decision changes in the read model, each stamped with the id of the action that decided it. The projection
 * applies a decision's changes to the batch's {@link NotificationState} before the next action is decided, and writes
 * them all with one bulk write at the end ({@link NotificationStore#write}).
 * <p>
 * Each change also carries {@code after}: the owner's actions earlier in its batch whose decisions read stored
 * notifications ({@link NotificationProjection#decideInOrder}), so that a re-run cut before the change can tell it was
 * made later ({@link NotificationState#beforeBatch}).
 */
public sealed interface NotificationChange {

    /** The same change, made after the owner's actions {@code after} of its batch. */
    NotificationChange after(List<String> after);

    /** A new notification (written so that it never replaces one that exists); {@code after} is the notification's {@code createdAfter}. */
    record Created(StoredNotification notification) implements NotificationChange {
        @Override
        public Created after(List<String> after) {
            return new Created(notification.createdAfter(after));
        }
    }

    /** A gateway pushed it live to a connection of its owner ({@code deliveredBy}). */
    record Delivered(String notificationId, Instant at, String actionId, List<String> after) implements NotificationChange {
        public Delivered {
            after = List.copyOf(after);
        }

        public Delivered(String notificationId, Instant at, String actionId) {
            this(notificationId, at, actionId, List.of());
        }

        @Override
        public Delivered after(List<String> after) {
            return new Delivered(notificationId, at, actionId, after);
        }
    }

    /** {@code join-notifications} released these to the joining connection ({@code releasedBy}). */
    record Released(List<String> notificationIds, Instant at, String actionId, List<String> after) implements NotificationChange {
        public Released {
            notificationIds = List.copyOf(notificationIds);
            after = List.copyOf(after);
        }

        public Released(List<String> notificationIds, Instant at, String actionId) {
            this(notificationIds, at, actionId, List.of());
        }

        @Override
        public Released after(List<String> after) {
            return new Released(notificationIds, at, actionId, after);
        }
    }

    /** {@code mark-notification-read} or {@code mark-all-notifications-read} read these ({@code readBy}). */
    record Read(List<String> notificationIds, Instant at, String actionId, List<String> after) implements NotificationChange {
        public Read {
            notificationIds = List.copyOf(notificationIds);
            after = List.copyOf(after);
        }

        public Read(List<String> notificationIds, Instant at, String actionId) {
            this(notificationIds, at, actionId, List.of());
        }

        @Override
        public Read after(List<String> after) {
            return new Read(notificationIds, at, actionId, after);
        }
    }
}
