package dev.switchboard.projector.notification;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationUpdate;
import dev.switchboard.events.notification.NotificationUpdate.AllNotificationsMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.NotificationActionRejected;
import dev.switchboard.events.notification.NotificationUpdate.NotificationAlreadyExists;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.events.notification.NotificationUpdate.NotificationMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import dev.switchboard.projector.kafka.Projection;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Notification rules. Every write is keyed by ids from the log (the notification id, the action id in
 * {@code releasedBy} / {@code readBy}), so a re-run action finds its own effect and reports the same outcome.
 */
@Component
public class NotificationProjection implements Projection {
    private final NotificationStore store;

    public NotificationProjection(NotificationStore store) {
        this.store = store;
    }

    @Override
    public Topic actionTopic() {
        return Topic.NOTIFICATION_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        List<Envelope<?>> updates = new ArrayList<>();
        for (Envelope<Event> action : actions) {
            NotificationAction payload = (NotificationAction) action.payload();
            updates.addAll(Envelope.outcomesOf(action, decide(payload, action.id(), action.occurredAt()), payload.userId()));
        }
        return updates;
    }

    private List<? extends NotificationUpdate> decide(NotificationAction action, String actionId, Instant at) {
        if (action instanceof NotificationRequested requested) {
            return List.of(create(requested, at));
        }
        if (action instanceof NotificationDelivered delivered) {
            store.markDelivered(delivered.userId(), delivered.notificationId(), at);
            return List.of();
        }
        if (action instanceof NotificationsJoined joined) {
            return PendingNotificationsReleased.inParts(joined.userId(), joined.connectionId(), store.release(joined.userId(), actionId, at));
        }
        if (action instanceof NotificationRead read) {
            return List.of(markRead(read, at));
        }
        AllNotificationsRead all = (AllNotificationsRead) action;
        return List.of(new AllNotificationsMarkedRead(all.userId(), store.markAllRead(all.userId(), actionId, at)));
    }

    private NotificationUpdate create(NotificationRequested requested, Instant at) {
        List<String> problems = requested.problems();
        if (!problems.isEmpty()) {
            return new NotificationActionRejected("create-notification", "BAD_REQUEST", String.join("; ", problems));
        }
        String key = requested.effectiveIdempotencyKey();
        Optional<Notification> existing = store.byIdempotencyKey(requested.userId(), key);
        if (existing.isPresent()) {
            // the same action re-run after a crash re-announces its own notification; another request is a duplicate
            return existing.get().id().equals(requested.notificationId())
                    ? new NotificationCreated(existing.get()) : new NotificationAlreadyExists(existing.get());
        }
        Notification notification = new Notification(requested.notificationId(), requested.userId(), requested.type(),
                requested.title(), requested.message(), requested.data(), false, false, at);
        if (!store.insert(notification, key)) {
            Optional<Notification> raced = store.byIdempotencyKey(requested.userId(), key);
            return raced.<NotificationUpdate>map(NotificationAlreadyExists::new)
                    .orElseGet(() -> new NotificationActionRejected("create-notification", "CONFLICT", "notification id already used"));
        }
        return new NotificationCreated(notification);
    }

    private NotificationUpdate markRead(NotificationRead read, Instant at) {
        Optional<Notification> notification = store.byId(read.notificationId());
        if (notification.isEmpty()) {
            return new NotificationActionRejected("mark-notification-read", "NOT_FOUND", "no such notification");
        }
        if (!notification.get().user().equals(read.userId())) {
            return new NotificationActionRejected("mark-notification-read", "FORBIDDEN", "not your notification");
        }
        store.markRead(read.notificationId(), at);
        return new NotificationMarkedRead(read.userId(), read.notificationId());
    }
}
