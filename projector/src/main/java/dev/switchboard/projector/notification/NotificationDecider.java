package dev.switchboard.projector.notification;

import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.Actor;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationUpdate.AllNotificationsMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.NotificationActionRejected;
import dev.switchboard.events.notification.NotificationUpdate.NotificationAlreadyExists;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.events.notification.NotificationUpdate.NotificationMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import dev.switchboard.events.notification.NotificationUpdate;
import dev.switchboard.projector.auth.EnvelopeActor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Notification rules as a pure function (state, action, action id, time) → (updates, changes). Time is the action's
 * recorded time and every change is stamped with the action's id, never the clock, so a replay decides the same.
 *
 * <ul>
 *   <li>A request is deduplicated per user by its idempotency key (or its own id): a second request with a used key
 *       creates nothing and answers the original; the same request recorded again answers as the first time.</li>
 *   <li>Otherwise a valid request with an unused id creates the notification, unread and undelivered.</li>
 *   <li>A gateway's delivery report marks the owner's own undelivered notification delivered; anything else is
 *       ignored.</li>
 *   <li>{@code join-notifications} releases every undelivered notification of the user to the joining connection,
 *       oldest first (in parts, see {@link PendingNotificationsReleased#inParts}), and marks them delivered.</li>
 *   <li>Only the owner marks a notification read; marking one already read answers the same.</li>
 *   <li>{@code mark-all-notifications-read} reads every unread notification of the user and counts them.</li>
 *   <li>A read delivers too: what a user read has reached them, so {@code join-notifications} does not push it again.</li>
 * </ul>
 */
public final class NotificationDecider implements NotificationAction.Handler<NotificationDecider.Decision> {

    public record Decision(List<NotificationUpdate> updates, List<NotificationChange> changes) {
        public Decision {
            updates = List.copyOf(updates);
            changes = List.copyOf(changes);
        }

        static Decision answer(NotificationUpdate update) {
            return new Decision(List.of(update), List.of());
        }
    }

    private final NotificationState state;
    private final String actionId;
    private final Instant at;

    /** A decider for one action: the state of its user's notifications, the action's id and its recorded time. */
    private NotificationDecider(NotificationState state, String actionId, Instant at) {
        this.state = state;
        this.actionId = actionId;
        this.at = at;
    }

    /** {@code actor} is the action's envelope's: a payload that names another acting user is refused ({@link EnvelopeActor}). */
    public static Decision decide(NotificationState state, Actor actor, NotificationAction action, String actionId, Instant at) {
        Optional<Refusal> forged = EnvelopeActor.check(actor, action);
        if (forged.isPresent()) {
            return rejected(EventTypes.nameOf(action), forged.get());
        }
        return action.handledBy(new NotificationDecider(state, actionId, at));
    }

    @Override
    public Decision create(NotificationRequested requested) {
        Optional<StoredNotification> sameId = state.byId(requested.notificationId());
        Optional<Refusal> invalid = NotificationRules.check(NotificationRules.allRequestRules(), requested, sameId);
        if (invalid.isPresent()) {
            return rejected("create-notification", invalid.get());
        }
        String key = requested.effectiveIdempotencyKey();
        Optional<StoredNotification> existing = state.byIdempotencyKey(requested.userId(), key);
        if (existing.isPresent()) {
            Notification original = existing.get().notification();
            return Decision.answer(original.id().equals(requested.notificationId())
                    ? new NotificationCreated(original) : new NotificationAlreadyExists(original));
        }
        Optional<Refusal> refused = NotificationRules.check(NotificationRules.allNewNotificationRules(), requested, sameId);
        if (refused.isPresent()) {
            return rejected("create-notification", refused.get());
        }
        Notification notification = new Notification(requested.notificationId(), requested.userId(), requested.type(),
                requested.title(), requested.message(), requested.data(), false, false, at);
        return new Decision(List.of(new NotificationCreated(notification)),
                List.of(new NotificationChange.Created(new StoredNotification(notification, key, actionId, null, null, null, null))));
    }

    @Override
    public Decision deliver(NotificationDelivered delivered) {
        return state.byId(delivered.notificationId())
                .filter(n -> n.user().equals(delivered.userId()) && !n.isDelivered())
                .map(n -> new Decision(List.of(), List.of(new NotificationChange.Delivered(n.id(), at, actionId))))
                .orElseGet(() -> new Decision(List.of(), List.of()));
    }

    @Override
    public Decision release(NotificationsJoined joined) {
        List<StoredNotification> undelivered = state.undeliveredOf(joined.userId());
        List<Notification> released = undelivered.stream().map(n -> n.notification().asDelivered()).toList();
        List<NotificationChange> changes = undelivered.isEmpty() ? List.of()
                : List.of(new NotificationChange.Released(undelivered.stream().map(StoredNotification::id).toList(), at, actionId));
        return new Decision(List.copyOf(PendingNotificationsReleased.inParts(joined.userId(), joined.connectionId(), released)), changes);
    }

    @Override
    public Decision markRead(NotificationRead read) {
        Optional<StoredNotification> notification = state.byId(read.notificationId());
        Optional<Refusal> refused = NotificationRules.checkRead(read, notification);
        if (refused.isPresent()) {
            return rejected("mark-notification-read", refused.get());
        }
        List<StoredNotification> unread = notification.get().isRead() ? List.of() : List.of(notification.get());
        return new Decision(List.of(new NotificationMarkedRead(read.userId(), read.notificationId())), readChanges(unread));
    }

    @Override
    public Decision markAllRead(AllNotificationsRead all) {
        List<StoredNotification> unread = state.unreadOf(all.userId());
        return new Decision(List.of(new AllNotificationsMarkedRead(all.userId(), unread.size())), readChanges(unread));
    }

    /**
     * Reading {@code unread}: what a user read has reached them, so those not yet delivered are delivered by the read too
     * (and {@code join-notifications} no longer pushes them as new).
     */
    private List<NotificationChange> readChanges(List<StoredNotification> unread) {
        if (unread.isEmpty()) {
            return List.of();
        }
        List<NotificationChange> changes = new ArrayList<>();
        unread.stream().filter(n -> !n.isDelivered()).forEach(n -> changes.add(new NotificationChange.Delivered(n.id(), at, actionId)));
        changes.add(new NotificationChange.Read(unread.stream().map(StoredNotification::id).toList(), at, actionId));
        return changes;
    }

    private static Decision rejected(String action, Refusal refusal) {
        return Decision.answer(new NotificationActionRejected(action, refusal.code(), refusal.reason()));
    }
}
