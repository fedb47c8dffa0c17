package dev.switchboard.events;

import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Collections;
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

    private static List<String> problemsOf(Map<String, Object> data) {
        return new NotificationRequested(Ids.newId(), "u1", "payment", "t", "m", data, null).problems();
    }

    @Test
    void dataMustBeStorableAsADocument() {
        assertEquals(List.of(), problemsOf(Map.of("amount", 20, "ratio", 0.5, "big", Long.MAX_VALUE, "tags", List.of("a", true),
                "nested", Map.of("x", "y"))));
        assertEquals(1, problemsOf(Map.of("huge", new BigInteger("123456789012345678901234567890"))).size(), "no double's text");
        assertEquals(1, problemsOf(Map.of("beyondLong", new BigInteger("18446744073709551617"))).size(), "no double's text");
        assertEquals(1, problemsOf(Map.of("rounded", new BigInteger("18446744073709551000"))).size(),
                "17 digits, but not a double's text: it would be stored as 18446744073709551616");
        assertEquals(1, problemsOf(Map.of("nan", Double.NaN)).size());
        assertEquals(1, problemsOf(Map.of("$where", "x")).size());
        assertEquals(1, problemsOf(Map.of("a.b", "x")).size());
        Map<String, Object> deep = Map.of("v", 1);
        for (int i = 0; i < 25; i++) {
            deep = Map.of("d", deep);
        }
        assertEquals(List.of("data is nested more than 20 levels deep"), problemsOf(deep));
        assertEquals(List.of("data holds more than 1000 values"), problemsOf(Map.of("many", Collections.nCopies(1001, 1))));
        assertEquals(List.of("data is at most 16384 characters as JSON"), problemsOf(Map.of("text", "x".repeat(17_000))));
    }

    @Test
    void wholeDoublesAsJavaScriptWritesThemAreReadAsDoubles() {
        // JSON.stringify(1e20), JSON.stringify(1.2345678901234567e20): plain digits, beyond 64 bits
        Map<String, Object> data = Map.of("amount", new BigInteger("100000000000000000000"),
                "nested", List.of(Map.of("n", new BigInteger("123456789012345670000"))), "small", 5);
        NotificationRequested request = new NotificationRequested(Ids.newId(), "u1", "payment", "t", "m", data, null);

        assertEquals(List.of(), request.problems());
        assertEquals(1e20, request.data().get("amount"));
        assertEquals(List.of(Map.of("n", 1.2345678901234567e20)), request.data().get("nested"));
        assertEquals(5, request.data().get("small"));
    }
}
