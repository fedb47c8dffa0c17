package dev.switchboard.gateway.notification;

import java.util.List;

/** A page of the caller's notifications, newest first; {@code hasMore} says whether {@code ?before=<last _id>} finds more. */
public record NotificationPage(List<NotificationView> notifications, boolean hasMore) {
}
