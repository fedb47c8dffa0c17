package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.limits.RateLimiter;
import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.gateway.auth.AuthenticatedUser;

/** One authenticated socket connection: who it is and the connection itself. */
public record SocketSession(SocketIOClient client, AuthenticatedUser user, RateLimiter rateLimiter) {

    public String connectionId() {
        return client.getSessionId().toString();
    }

    public String userId() {
        return user.userId();
    }

    /** The contract's "own id only": a payload naming another user is refused. */
    public void requireOwnId(String userId) {
        if (!userId().equals(userId)) {
            throw dev.switchboard.gateway.errors.ClientError.forbidden("you can only act as yourself");
        }
    }

    public void join(String room) {
        client.joinRoom(room);
    }

    public void leave(String room) {
        client.leaveRoom(room);
    }

    public boolean isIn(String room) {
        return client.getAllRooms().contains(room);
    }

    public void send(String event, Object payload) {
        client.sendEvent(event, payload);
    }
}
