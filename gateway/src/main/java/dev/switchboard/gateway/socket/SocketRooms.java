package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The one place that pushes to this instance's connections. A connection that is in several of the target
 * rooms gets the event once. Each push serializes its payload once, whatever the number of recipients.
 */
public class SocketRooms {
    /** The client attribute holding the authenticated user id. */
    static final String USER_ID = "switchboard.userId";

    private final SocketIOServer server;
    private final ContractJsonSupport json;

    SocketRooms(SocketIOServer server, ContractJsonSupport json) {
        this.server = server;
        this.json = json;
    }

    public void toRooms(Collection<String> rooms, String event, Object payload) {
        toRoomsExcept(rooms, null, event, payload);
    }

    public void toRoom(String room, String event, Object payload) {
        server.getRoomOperations(room).sendEvent(event, json.encodedOnce(payload));
    }

    /** To every connection in the rooms except {@code excludedConnectionId} (the sender, for typing signals). */
    public void toRoomsExcept(Collection<String> rooms, String excludedConnectionId, String event, Object payload) {
        Set<SocketIOClient> targets = new LinkedHashSet<>();
        for (String room : new LinkedHashSet<>(rooms)) {
            targets.addAll(server.getRoomOperations(room).getClients());
        }
        Object encoded = json.encodedOnce(payload);
        for (SocketIOClient client : targets) {
            if (excludedConnectionId == null || !client.getSessionId().toString().equals(excludedConnectionId)) {
                client.sendEvent(event, encoded);
            }
        }
    }

    /** To every connection in the room except those of {@code excludedUserId} (typing: never to the typist). */
    public void toRoomExceptUser(String room, String excludedUserId, String event, Object payload) {
        Object encoded = json.encodedOnce(payload);
        for (SocketIOClient client : server.getRoomOperations(room).getClients()) {
            if (!excludedUserId.equals(client.get(USER_ID))) {
                client.sendEvent(event, encoded);
            }
        }
    }

    /** How many of this instance's connections are in the room. */
    public int count(String room) {
        return server.getRoomOperations(room).getClients().size();
    }

    public void toConnection(String connectionId, String event, Object payload) {
        SocketIOClient client;
        try {
            client = server.getClient(UUID.fromString(connectionId));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (client != null) {
            client.sendEvent(event, payload);
        }
    }
}
