package dev.switchboard.events;

import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Backlogs too long for one log record are split into several updates that keep their order and count the whole. */
class BacklogPartsTest {

    @Test
    void deliveredIdsComeInPartsOfAtMostFiveThousand() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12_001; i++) {
            ids.add(Integer.toString(i));
        }
        List<MessagesDelivered> parts = MessagesDelivered.inParts("c", "u", ids);
        assertEquals(List.of(5_000, 5_000, 2_001), parts.stream().map(p -> p.messageIds().size()).toList());
        assertEquals(ids, parts.stream().flatMap(p -> p.messageIds().stream()).toList());
        parts.forEach(p -> assertEquals(12_001, p.total()));
        assertEquals(List.of(new MessagesDelivered("c", "u", List.of(), 0)), MessagesDelivered.inParts("c", "u", List.of()));
    }

    @Test
    void releasedNotificationsComeInPartsOfAtMostTwenty() {
        List<Notification> notifications = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            notifications.add(new Notification(Ids.newId(), "u", "t", "title " + i, "m", Map.of(), false, true, Instant.EPOCH));
        }
        List<PendingNotificationsReleased> parts = PendingNotificationsReleased.inParts("u", "conn", notifications);
        assertEquals(List.of(20, 20, 5), parts.stream().map(p -> p.notifications().size()).toList());
        assertEquals(notifications, parts.stream().flatMap(p -> p.notifications().stream()).toList());
        assertEquals(1, PendingNotificationsReleased.inParts("u", "conn", List.of()).size());
    }
}
