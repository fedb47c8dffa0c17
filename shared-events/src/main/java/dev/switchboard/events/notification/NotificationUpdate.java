package dev.switchboard.events.notification;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.Parts;
import dev.switchboard.events.Refusal;

import java.util.List;

/** Notification outcomes; topic {@code switchboard.notification.updates}, keyed by userId. */
public sealed interface NotificationUpdate extends Event {

    /** What a {@code NotificationRequested} is answered with when it is not refused: the notification as stored. */
    sealed interface CreateOutcome extends NotificationUpdate permits NotificationCreated, NotificationAlreadyExists {
        Notification notification();
    }

    /** Stored; pushed as {@code new-notification} to {@code notifications_<userId>}. */
    record NotificationCreated(Notification notification) implements CreateOutcome {
    }

    /** A request with an idempotency key already used: nothing new; answers the requester with the original. */
    record NotificationAlreadyExists(Notification original) implements CreateOutcome {
        @Override
        public Notification notification() {
            return original;
        }
    }

    /**
     * {@code join-notifications}: the undelivered notifications, oldest first, now delivered to that connection. A
     * long backlog comes as several of these, at most {@link #MAX_NOTIFICATIONS} each (a record must fit the log);
     * {@code total} counts them all.
     */
    record PendingNotificationsReleased(String userId, String connectionId, List<Notification> notifications, int total)
            implements NotificationUpdate {
        public static final int MAX_NOTIFICATIONS = 20;

        public PendingNotificationsReleased {
            notifications = List.copyOf(notifications);
        }

        /** The notifications in as many updates as it takes, in order; one update, empty, when there are none. */
        public static List<PendingNotificationsReleased> inParts(String userId, String connectionId, List<Notification> notifications) {
            return Parts.of(notifications, MAX_NOTIFICATIONS).stream()
                    .map(part -> new PendingNotificationsReleased(userId, connectionId, part, notifications.size())).toList();
        }
    }

    record NotificationMarkedRead(String userId, String notificationId) implements NotificationUpdate {
    }

    record AllNotificationsMarkedRead(String userId, long count) implements NotificationUpdate {
    }

    record NotificationActionRejected(String action, ErrorCode code, String message) implements NotificationUpdate, Refusal.Recorded {
    }
}
