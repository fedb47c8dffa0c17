package dev.switchboard.events;

import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finding, in an envelope as written, a text that is not valid Unicode: a surrogate without its pair, anywhere. */
class LoneSurrogateTest {
    private static byte[] written(String title, Map<String, Object> data) {
        NotificationRequested request = new NotificationRequested(Ids.newId(), Ids.newId(), "payment", title, "message", data, null);
        return EventJson.write(Envelope.newAction(request, Actor.service("billing"), request.userId(), Instant.now()));
    }

    @Test
    void textsOfValidUnicodeHaveNone() {
        assertFalse(EventJson.hasLoneSurrogate(written("Paid \ud83d\ude00 in full", Map.of())), "a pair is one character");
        assertFalse(EventJson.hasLoneSurrogate(written("tab\there \u0001 and \"quotes\" and \\ud800 as six characters", Map.of())));
        assertFalse(EventJson.hasLoneSurrogate(written("\ud83d\ude00\ud83d\ude00", Map.of("\ud83d\ude00", "\ud83d\ude00"))));
    }

    @Test
    void aSurrogateWithoutItsPairIsFoundInAValueOrAKey() {
        assertTrue(EventJson.hasLoneSurrogate(written("Paid \ud83d", Map.of())), "a high surrogate at the end");
        assertTrue(EventJson.hasLoneSurrogate(written("Paid \ud83d in full", Map.of())), "a high surrogate before a letter");
        assertTrue(EventJson.hasLoneSurrogate(written("Paid \ude00 in full", Map.of())), "a low surrogate alone");
        assertTrue(EventJson.hasLoneSurrogate(written("\ude00\ud83d", Map.of())), "a pair the wrong way round");
        assertTrue(EventJson.hasLoneSurrogate(written("\ud83d\ud83d\ude00", Map.of())), "two highs, one low");
        assertTrue(EventJson.hasLoneSurrogate(written("ok", Map.of("k\ud800", 1))), "in a data key");
        assertTrue(EventJson.hasLoneSurrogate(written("ok", Map.of("k", "v\udfff"))), "in a data value");
    }
}
