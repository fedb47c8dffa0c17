package dev.switchboard.projector.notification;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrittenKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aKeyMayBeStoredOnlyOnceARebuildWroteItForThatUser() {
        WrittenKeys keys = new WrittenKeys(100);
        assertFalse(keys.mayBeStored("alice", "payment-1"));
        keys.writing(List.of(created("alice", "payment-1")));
        assertTrue(keys.mayBeStored("alice", "payment-1"));
        assertFalse(keys.mayBeStored("bob", "payment-1"), "keys are unique per user, not across users");
        assertFalse(keys.mayBeStored("alice", "payment-2"));
    }

    @Test
    void pastItsLimitEveryKeyMayBeStoredSoLoadsAreTheLiveLoops() {
        WrittenKeys keys = new WrittenKeys(2);
        keys.writing(List.of(created("alice", "k1"), created("alice", "k2"), created("alice", "k3")));
        assertTrue(keys.mayBeStored("bob", "never-written"));
        keys.writing(List.of(created("carol", "k4")));
        assertTrue(keys.mayBeStored("dave", "never-written"), "once it stopped narrowing it never starts again");
    }

    @Test
    void aNarrowedLoadAsksOnlyForKeysThatMayBeStoredAndKeepsIdsJoinsAndReadAlls() {
        String requested = new ObjectId().toHexString();
        String resent = new ObjectId().toHexString();
        List<Envelope<Event>> actions = List.of(
                action("alice", new NotificationRequested(requested, "alice", "payment", "t", "m", Map.of(), "new-key")),
                action("alice", new NotificationRequested(resent, "alice", "payment", "t", "m", Map.of(), "written-key")),
                action("bob", new NotificationsJoined("bob", "connection-1")));
        NotificationStore.Wanted all = NotificationStore.Wanted.by(actions);
        NotificationStore.Wanted narrowed = all.onlyKeys((user, key) -> key.equals("written-key"));

        assertEquals(Set.of("new-key", "written-key"), all.byUser().get("alice").keys());
        assertEquals(Set.of("written-key"), narrowed.byUser().get("alice").keys());
        assertEquals(all.ids(), narrowed.ids());
        assertEquals(all.byUser().get("bob"), narrowed.byUser().get("bob"));
    }

    private static NotificationChange created(String user, String key) {
        Notification notification = new Notification(new ObjectId().toHexString(), user, "payment", "t", "m", Map.of(), false, false, NOW);
        return new NotificationChange.Created(new StoredNotification(notification, key, "action", null, null, null, null));
    }

    @SuppressWarnings("unchecked")
    private static Envelope<Event> action(String user, Event payload) {
        return (Envelope<Event>) (Envelope<?>) Envelope.newAction(payload, Actor.service("test"), user, NOW);
    }
}
