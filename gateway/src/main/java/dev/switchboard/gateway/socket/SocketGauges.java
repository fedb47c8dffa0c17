package dev.switchboard.gateway.socket;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** What this gateway holds right now: its authenticated connections and the rooms they are in. */
@Component
public class SocketGauges {
    public static final String SOCKETS = "switchboard.sockets.connected";
    public static final String ROOMS = "switchboard.rooms";

    public SocketGauges(MeterRegistry registry, SocketServer sockets) {
        Gauge.builder(SOCKETS, sockets, SocketServer::openConnections)
                .description("authenticated Socket.IO connections on this gateway").register(registry);
        Gauge.builder(ROOMS, sockets, s -> s.rooms().roomCount())
                .description("rooms with at least one connection of this gateway").register(registry);
    }
}
