package dev.switchboard.events.presence;

import dev.switchboard.events.Event;

/** What gateways record about connections and presence requests; topic {@code switchboard.presence.actions}, keyed by userId. */
public sealed interface PresenceAction extends Event {

    String userId();

    /** An authenticated socket connection opened on a gateway instance. */
    record ConnectionOpened(String userId, String connectionId, String gatewayId, String gatewayRunId)
            implements PresenceAction {
    }

    /** {@code user-join}: the connection joined its personal room; counts the connection if it did not yet. */
    record UserJoined(String userId, String connectionId, String gatewayId, String gatewayRunId)
            implements PresenceAction {
    }

    /**
     * A connection closed. {@code reason} is {@code disconnect} when the gateway saw it close, or
     * {@code gateway-expired} when the gateway's heartbeats stopped and the projector closed it.
     */
    record ConnectionClosed(String userId, String connectionId, String gatewayId, String gatewayRunId, String reason)
            implements PresenceAction {
    }

    /** {@code set-online-status}: a manual override (appear offline / back online). */
    record OnlineStatusSet(String userId, boolean isOnline) implements PresenceAction {
    }

    /** {@code get-online-status}: {@code askerConnectionId} asked about {@code userId}. */
    record OnlineStatusRequested(String userId, String askerConnectionId) implements PresenceAction {
    }
}
