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
    private static final String MARKS = "switchboard.marks";
    private static final int MARKS_KEPT = 256;

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

    /**
     * Like {@link #toRoom}, and each connection that got it remembers {@code mark} (the last {@value #MARKS_KEPT}), so
     * that {@link #toConnectionUnlessMarked} can skip what a connection already received.
     */
    public void toRoomMarking(String room, String event, Object payload, String mark) {
        Object encoded = json.encodedOnce(payload);
        for (SocketIOClient client : server.getRoomOperations(room).getClients()) {
            client.sendEvent(event, encoded);
            marks(client).add(mark);
        }
    }

    /** To one connection, unless it was already sent what {@code mark} names; returns whether it was sent. */
    public boolean toConnectionUnlessMarked(String connectionId, String event, Object payload, String mark) {
        SocketIOClient client = client(connectionId);
        if (client == null || marks(client).contains(mark)) {
            return false;
        }
        client.sendEvent(event, payload);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> marks(SocketIOClient client) {
        synchronized (client) {
            Set<String> marks = (Set<String>) client.get(MARKS);
            if (marks == null) {
                marks = java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                        return size() > MARKS_KEPT;
                    }
                }));
                client.set(MARKS, marks);
            }
            return marks;
        }
    }

    private SocketIOClient client(String connectionId) {
        try {
            return server.getClient(UUID.fromString(connectionId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** How many rooms this instance's connections are in (the namespace's own room, which every connection is in, aside). */
    public int roomCount() {
        var namespace = (com.corundumstudio.socketio.namespace.Namespace) server.getNamespace("");
        return (int) namespace.getRooms().stream().filter(room -> !room.isEmpty()).count();
    }

    /** How many of this instance's connections are in the room. */
    public int count(String room) {
        return server.getRoomOperations(room).getClients().size();
    }

    public void toConnection(String connectionId, String event, Object payload) {
        SocketIOClient client = client(connectionId);
        if (client != null) {
            client.sendEvent(event, payload);
        }
    }
}
