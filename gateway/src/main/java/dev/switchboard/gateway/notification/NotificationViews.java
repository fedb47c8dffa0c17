package dev.switchboard.gateway.notification;

import dev.switchboard.events.Times;
import dev.switchboard.events.notification.Notification;

/** The contract's notification object and the notification room's name. */
final class NotificationViews {
    static final String ROOM_PREFIX = "notifications_";

    private NotificationViews() {
    }

    static String room(String userId) {
        return ROOM_PREFIX + userId;
    }

    static NotificationView view(Notification n) {
        return new NotificationView(n.id(), n.user(), n.type(), n.title(), n.message(), n.data(), n.isRead(), n.delivered(),
                Times.iso(n.createdAt()));
    }
}
