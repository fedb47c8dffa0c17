package dev.switchboard.projector.user;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.user.UserAction.UserSeen;
import dev.switchboard.projector.user.UserStore.User;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a batch of {@code UserSeen} saves, one user each, without Kafka or a store. */
class UserProjectionTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    private static Envelope<Event> seen(Actor actor, String userId, String role, String fullName) {
        return Envelope.newAction(new UserSeen(userId, role, fullName, null), actor, userId, AT);
    }

    @Test
    void aUserSeenTwiceInABatchIsSavedOnceAsLastSeen() {
        List<Envelope<Event>> batch = List.of(
                seen(Actor.user("u1", "client"), "u1", "client", "First"),
                seen(Actor.user("u2", "provider"), "u2", "provider", "Two"),
                seen(Actor.service("identity"), "u1", "client", "Renamed"));

        assertEquals(List.of(new User("u1", "client", "Renamed", null), new User("u2", "provider", "Two", null)),
                List.copyOf(UserProjection.latestProfiles(batch)));
    }

    @Test
    void aForgedUserSeenIsNotSavedAndDoesNotHideTheUsersEarlierProfile() {
        List<Envelope<Event>> batch = List.of(
                seen(Actor.user("u1", "client"), "u1", "client", "Real"),
                seen(Actor.user("u9", "client"), "u1", "admin", "Forged"),
                seen(Actor.user("u1", "client"), "u1", "admin", "Self-promoted"));

        assertEquals(List.of(new User("u1", "client", "Real", null)), List.copyOf(UserProjection.latestProfiles(batch)));
    }
}
