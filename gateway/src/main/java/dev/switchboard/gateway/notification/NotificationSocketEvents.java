package dev.switchboard.gateway.notification;

import dev.switchboard.events.Envelope;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.auth.Authorization.Ownership;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationUpdate.AllNotificationsMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.NotificationMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.socket.SocketEvents;
import dev.switchboard.gateway.socket.SocketEvents.Row;
import dev.switchboard.gateway.socket.SocketSession;
import dev.switchboard.gateway.store.StoreReads;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** {@code join-notifications}, {@code mark-notification-read}, {@code mark-all-notifications-read}, {@code get-unread-count} (docs/PROTOCOL.md §5). */
@Component
public class NotificationSocketEvents implements SocketEvents {
    private final Outcomes outcomes;
    private final NotificationReadModel notifications;
    private final StoreReads storeReads;

    public NotificationSocketEvents(Outcomes outcomes, NotificationReadModel notifications, StoreReads storeReads) {
        this.outcomes = outcomes;
        this.notifications = notifications;
        this.storeReads = storeReads;
    }

    @Override
    public List<Row<?>> events() {
        return List.of(
                new Row<>("join-notifications", Payloads.userIdOrObjectWith("userId"), this::joinNotifications),
                new Row<>("mark-notification-read", Payloads.idOrObjectWith("notificationId"), this::markRead),
                new Row<>("mark-all-notifications-read", Payloads.userIdOrObjectWith("userId"), this::markAllRead),
                new Row<>("get-unread-count", Payloads.userIdOrObjectWith("userId"), this::unreadCount));
    }

    /** Joins the room first, so nothing created meanwhile is missed; the release then delivers the backlog. */
    private CompletionStage<Map<String, Object>> joinNotifications(SocketSession session, String userId) {
        Payloads.requireUserId(userId, session.userId(), "userId");
        Authorization.require(Operation.JOIN_NOTIFICATIONS, session.user(), Ownership.of(session.userId().equals(userId)));
        session.join(NotificationViews.room(userId));
        return outcomes.submit(Envelope.newAction(new NotificationsJoined(userId, session.connectionId()), session.user().actor(), userId, Instant.now()), PendingNotificationsReleased.class)
                .thenApply(released -> Map.of("released", released.total()));
    }

    private CompletionStage<Map<String, Object>> markRead(SocketSession session, String notificationId) {
        Authorization.requireRole(Operation.MARK_NOTIFICATION_READ, session.user());
        return outcomes.submit(Envelope.newAction(new NotificationRead(session.userId(), notificationId), session.user().actor(), session.userId(), Instant.now()), NotificationMarkedRead.class)
                .thenApply(marked -> Map.of("notificationId", notificationId));
    }

    private CompletionStage<Map<String, Object>> markAllRead(SocketSession session, String userId) {
        Payloads.requireUserId(userId, session.userId(), "userId");
        Authorization.require(Operation.MARK_ALL_NOTIFICATIONS_READ, session.user(), Ownership.of(session.userId().equals(userId)));
        return outcomes.submit(Envelope.newAction(new AllNotificationsRead(userId), session.user().actor(), userId, Instant.now()), AllNotificationsMarkedRead.class)
                .thenApply(marked -> Map.of("userId", userId, "count", marked.count()));
    }

    /** A quick read-model query; replies to the asker only. */
    private CompletionStage<Map<String, Object>> unreadCount(SocketSession session, String userId) {
        Payloads.requireUserId(userId, session.userId(), "userId");
        Authorization.require(Operation.GET_UNREAD_COUNT, session.user(), Ownership.of(session.userId().equals(userId)));
        return storeReads.ask(() -> notifications.unreadCount(userId)).thenApply(count -> {
            session.send("unread-count", Map.of("count", count));
            return Map.of("count", count);
        });
    }
}
