package dev.switchboard.gateway.presence;

import dev.switchboard.events.Times;
import dev.switchboard.events.presence.PresenceUpdate.ConnectivityChanged;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import dev.switchboard.gateway.kafka.UpdatePushes;
import dev.switchboard.gateway.kafka.UpdateRoutes;
import dev.switchboard.gateway.socket.SocketRooms;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Presence updates → {@code user-status-changed} (the user and everyone sharing a chat) and {@code online-status} (the asker). */
@Component
public class PresencePushes implements UpdatePushes {
    private final SocketRooms rooms;
    private final ConnectedUsers connectedUsers;

    public PresencePushes(SocketRooms rooms, ConnectedUsers connectedUsers) {
        this.rooms = rooms;
        this.connectedUsers = connectedUsers;
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
        routes.live(ConnectivityChanged.class, update -> connectedUsers.connected(update.payload().userId(), update.payload().connected()));
        routes.live(OnlineStatusReported.class, update ->
                rooms.toConnection(update.payload().askerConnectionId(), "online-status", statusBody(update.payload())));
    }

    static Map<String, Object> statusBody(OnlineStatusReported reported) {
        return body(reported.userId(), reported.isOnline(), reported.lastActive());
    }

    static Map<String, Object> body(String userId, boolean isOnline, Instant lastActive) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("isOnline", isOnline);
        body.put("lastActive", Times.iso(lastActive));
        return body;
    }
}
