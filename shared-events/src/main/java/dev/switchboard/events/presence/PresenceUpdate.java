package dev.switchboard.events.presence;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.Refusal;

import java.time.Instant;
import java.util.List;

/** What the projector decided about presence; topic {@code switchboard.presence.updates}, keyed by userId. */
public sealed interface PresenceUpdate extends Event {

    /**
     * The user went online or offline. {@code audience} is everyone who shares a chat with the user; the
     * user's own personal room is always told as well.
     */
    record UserStatusChanged(String userId, boolean isOnline, Instant lastActive, List<String> audience)
            implements PresenceUpdate {
        public UserStatusChanged {
            audience = audience == null ? List.of() : List.copyOf(audience);
        }
    }

    /**
     * Whether the user has any connection open changed, while their visible status did not (they appear offline):
     * for the gateways, which record messages to connected users as delivered. Never pushed to clients.
     */
    record ConnectivityChanged(String userId, boolean connected) implements PresenceUpdate {
    }

    /**
     * The gateway watchdog closed one connection of a user who still has others open (reason {@code gateway-expired}):
     * the gateway run that holds it, if it is alive after all (it was frozen, not dead), announces it again. When the
     * closed connection was the user's last, {@link ConnectivityChanged} does that. Never pushed to clients.
     */
    record ConnectionExpired(String userId, String connectionId, String gatewayRunId) implements PresenceUpdate {
    }

    /** The answer to {@link PresenceAction.OnlineStatusRequested}, for the asking connection only. */
    record OnlineStatusReported(String userId, boolean isOnline, Instant lastActive, String askerConnectionId)
            implements PresenceUpdate {
    }

    record PresenceActionRejected(String action, ErrorCode code, String message) implements PresenceUpdate, Refusal.Recorded {
    }
}
