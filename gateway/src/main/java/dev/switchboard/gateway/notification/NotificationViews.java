package dev.switchboard.gateway.notification;

import dev.switchboard.events.Times;
import dev.switchboard.events.notification.Notification;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contract's notification object: {@code { _id, user, type, title, message, data, isRead, delivered, createdAt }}. */
final class NotificationViews {
    static final String ROOM_PREFIX = "notifications_";

    private NotificationViews() {
    }

    static String room(String userId) {
        return ROOM_PREFIX + userId;
    }

    static Map<String, Object> view(Notification notification) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("_id", notification.id());
        view.put("user", notification.user());
        view.put("type", notification.type());
        view.put("title", notification.title());
        view.put("message", notification.message());
        view.put("data", notification.data());
        view.put("isRead", notification.isRead());
        view.put("delivered", notification.delivered());
        view.put("createdAt", Times.iso(notification.createdAt()));
        return view;
    }
}
