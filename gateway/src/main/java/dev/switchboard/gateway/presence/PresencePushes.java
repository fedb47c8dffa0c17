package dev.switchboard.gateway.presence;

import dev.switchboard.events.Times;
import dev.switchboard.events.presence.PresenceUpdate.ConnectionExpired;
import dev.switchboard.events.presence.PresenceUpdate.ConnectivityChanged;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import dev.switchboard.gateway.kafka.UpdatePushes;
import dev.switchboard.gateway.kafka.UpdateRoutes;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Presence updates → {@code user-status-changed} (the user and everyone sharing a chat). A report that a user has no
 * connection while this gateway holds one of theirs (the watchdog closed them during a log outage) makes it announce
 * them again.
 */
@Component
public class PresencePushes implements UpdatePushes {
    private final ConnectedUsers connectedUsers;
    private final PresenceConnections connections;

    public PresencePushes(ConnectedUsers connectedUsers, PresenceConnections connections) {
        this.connectedUsers = connectedUsers;
        this.connections = connections;
    }

    @Override
    public void register(UpdateRoutes routes) {
        routes.live(UserStatusChanged.class, update -> connectedUsers.changed(update.payload().userId()));
        routes.on(UserStatusChanged.class, (update, packets) -> {
            UserStatusChanged changed = update.payload();
            List<String> targets = new ArrayList<>();
            targets.add(changed.userId());
            targets.addAll(changed.audience());
            packets.toRooms(targets, "user-status-changed", body(changed.userId(), changed.isOnline(), changed.lastActive()));
        });
        routes.live(ConnectivityChanged.class, update -> {
            ConnectivityChanged changed = update.payload();
            connectedUsers.connected(changed.userId(), changed.connected());
            if (!changed.connected()) {
                connections.reannounceLiveConnectionsOf(changed.userId());
            }
        });
        routes.live(ConnectionExpired.class, update -> {
            ConnectionExpired expired = update.payload();
            connections.reannounceExpired(expired.userId(), expired.connectionId(), expired.gatewayRunId());
        });
    }

    static PresenceView body(String userId, boolean isOnline, Instant lastActive) {
        return new PresenceView(userId, isOnline, Times.iso(lastActive));
    }
}
