package dev.switchboard.gateway.metrics;

import dev.switchboard.gateway.socket.SocketServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** What this gateway holds right now: its authenticated connections and the rooms they are in. */
@Component
public class GatewayGauges {
    public static final String SOCKETS = "switchboard.sockets.connected";
    public static final String ROOMS = "switchboard.rooms";

    public GatewayGauges(MeterRegistry registry, SocketServer sockets) {
        Gauge.builder(SOCKETS, sockets, SocketServer::openConnections)
                .description("authenticated Socket.IO connections on this gateway").register(registry);
        Gauge.builder(ROOMS, sockets, s -> s.rooms().roomCount())
                .description("rooms with at least one connection of this gateway").register(registry);
    }
}
