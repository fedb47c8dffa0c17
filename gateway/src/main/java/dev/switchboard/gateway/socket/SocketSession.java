package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.errors.ClientError;

/**
 * One authenticated socket connection: who it is and the connection itself. Its rooms are kept with its session; it
 * joins at most {@code maxRooms} by its events (its personal room aside).
 */
public record SocketSession(SocketIOClient client, AuthenticatedUser user, SessionRecovery recovery, int maxRooms) {
    /** The connection's attribute that holds its session while it is open ({@link SocketSessions} sets and clears it). */
    static final String KEY = "switchboard.session";

    /** The open session of {@code client}, or null when it has none (not authenticated, or closed). */
    static SocketSession of(SocketIOClient client) {
        return client.get(KEY);
    }

    public String connectionId() {
        return client.getSessionId().toString();
    }

    public String userId() {
        return user.userId();
    }

    /** Joins {@code room}; RATE_LIMITED if the connection is in {@code maxRooms} rooms already. */
    public void join(String room) {
        requireRoomFor(room);
        recovery.join(this, room);
    }

    /**
     * RATE_LIMITED if joining {@code room} would take the connection past {@code maxRooms}: asked before recording a join
     * that the projector decides, so that a join the gateway cannot carry out is not recorded as accepted.
     */
    public void requireRoomFor(String room) {
        if (!isIn(room) && joinedRooms() >= maxRooms) {
            throw new ClientError(ErrorCode.RATE_LIMITED, "a connection joins at most " + maxRooms + " rooms; leave one first");
        }
    }

    /** The rooms this connection joined by its events: the namespace's room and its personal room aside. */
    private long joinedRooms() {
        return client.getAllRooms().stream().filter(room -> !room.isEmpty() && !room.equals(userId())).count();
    }

    public void leave(String room) {
        recovery.leave(this, room);
    }

    public boolean isIn(String room) {
        return client.getAllRooms().contains(room);
    }

    public void send(String event, Object payload) {
        client.sendEvent(event, payload);
    }
}
