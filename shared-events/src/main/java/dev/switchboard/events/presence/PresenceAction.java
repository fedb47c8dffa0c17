package dev.switchboard.events.presence;

import dev.switchboard.events.Event;

/** What gateways record about connections and presence requests; topic {@code switchboard.presence.actions}, keyed by userId. */
public sealed interface PresenceAction extends Event {

    /**
     * One method per action type: a handler is written for every type, so a new action type does not compile until
     * every handler has its method (Java 17 has no exhaustive switch over a sealed family).
     */
    interface Handler<R> {
        R open(ConnectionOpened action);

        R join(UserJoined action);

        R close(ConnectionClosed action);

        R setStatus(OnlineStatusSet action);

        R report(OnlineStatusRequested action);
    }

    /** {@code handler}'s method for this action's type. */
    <R> R handledBy(Handler<R> handler);

    String userId();

    /** An authenticated socket connection opened on a gateway instance. */
    record ConnectionOpened(String userId, String connectionId, String gatewayId, String gatewayRunId)
            implements PresenceAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.open(this);
        }
    }

    /** {@code user-join}: the connection joined its personal room; counts the connection if it did not yet. */
    record UserJoined(String userId, String connectionId, String gatewayId, String gatewayRunId)
            implements PresenceAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.join(this);
        }
    }

    /**
     * A connection closed. {@code reason} is {@code disconnect} when the gateway saw it close, or
     * {@code gateway-expired} when the gateway's heartbeats stopped and the projector closed it.
     */
    record ConnectionClosed(String userId, String connectionId, String gatewayId, String gatewayRunId, String reason)
            implements PresenceAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.close(this);
        }
    }

    /** {@code set-online-status}: a manual override (appear offline / back online). */
    record OnlineStatusSet(String userId, boolean isOnline) implements PresenceAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.setStatus(this);
        }
    }

    /** {@code get-online-status}: {@code askerConnectionId} asked about {@code userId}. */
    record OnlineStatusRequested(String userId, String askerConnectionId) implements PresenceAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.report(this);
        }
    }
}
