package dev.switchboard.events.gateway;

import dev.switchboard.events.Event;

import java.time.Instant;

/** Liveness signals of gateway instances; topic {@code switchboard.gateway.heartbeats} (short retention), keyed by gatewayId. */
public sealed interface GatewaySignal extends Event {

    /**
     * Sent every few seconds by a running gateway. {@code gatewayRunId} changes at every start, so a restarted
     * gateway with the same id does not keep its previous run's connections alive.
     */
    record GatewayHeartbeat(String gatewayId, String gatewayRunId, Instant startedAt, int openConnections)
            implements GatewaySignal {
    }
}
