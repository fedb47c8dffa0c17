package dev.switchboard.events;

import dev.switchboard.events.gateway.GatewaySignal.GatewayHeartbeat;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.events.presence.PresenceUpdate.PresenceActionRejected;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;

import java.time.Instant;
import java.util.List;

/** One filled-in instance of every event type; the round-trip test fails for a type missing here. */
final class EventSamples {
    static final String USER = "6901e54215fc6770c2a8bccb";
    static final String OTHER = "6901e54215fc6770c2a8bccc";
    static final Instant AT = Instant.parse("2025-11-27T12:26:08.849Z");

    static List<Event> all() {
        return List.of(
                new ConnectionOpened(USER, "conn-1", "gw-a", "run-1"),
                new UserJoined(USER, "conn-1", "gw-a", "run-1"),
                new ConnectionClosed(USER, "conn-1", "gw-a", "run-1", "disconnect"),
                new OnlineStatusSet(USER, false),
                new OnlineStatusRequested(OTHER, "conn-2"),
                new UserStatusChanged(USER, true, AT, List.of(OTHER)),
                new OnlineStatusReported(OTHER, false, AT, "conn-2"),
                new PresenceActionRejected("set-online-status", "FORBIDDEN", "not your id"),
                new GatewayHeartbeat("gw-a", "run-1", AT, 3));
    }

    private EventSamples() {
    }
}
