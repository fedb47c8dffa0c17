package dev.switchboard.events;

import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationRequestedTest {
    private static NotificationRequested request(String title, String key) {
        return new NotificationRequested(Ids.newId(), "u1", "payment", title, "message", Map.of(), key);
    }

    @Test
    void aCompleteRequestHasNoProblems() {
        assertEquals(List.of(), request("Paid", "k").problems());
    }

    @Test
    void missingOrOversizedFieldsAreProblems() {
        assertEquals(List.of("title is required"), request(" ", null).problems());
        assertEquals(List.of("title is at most 200 characters"), request("x".repeat(201), null).problems());
        assertEquals(List.of("idempotencyKey must be 1 to 128 characters"), request("t", "k".repeat(129)).problems());
        assertTrue(new NotificationRequested("not-an-id", null, null, "t", "m", null, null).problems()
                .containsAll(List.of("notificationId must be an ObjectId string", "userId is required", "type is required")));
    }

    @Test
    void withoutAKeyTheNotificationIdDeduplicates() {
        NotificationRequested request = request("t", null);
        assertEquals(request.notificationId(), request.effectiveIdempotencyKey());
        assertEquals("k", request("t", "k").effectiveIdempotencyKey());
    }
}
