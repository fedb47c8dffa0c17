package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.auth.AuthenticatedUser;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Socket.IO v4 connection state recovery, as {@link SocketServer} uses it: what a CONNECT asks for, what its answer
 * says, and each connection's rooms (kept so that any gateway can restore them).
 */
public interface SessionRecovery {

    /** What to do with an authenticated CONNECT. */
    sealed interface Decision {
    }

    /** A new session (no pid, or one that cannot be recovered). */
    record NewSession() implements Decision {
    }

    /** Refused: the pid belongs to another user. Nothing is replayed. */
    record Refused(String reason) implements Decision {
    }

    /** The session {@code pid} is restored; {@code state} is the recovery's own. */
    record Recovered(String pid, Object state) implements Decision {
    }

    /** Reads {@code pid} and {@code offset} from the CONNECT's auth data and decides for {@code user}. */
    Decision decide(Object authData, AuthenticatedUser user);

    /** Fixes what the CONNECT answer of this Engine.IO session will say; call before netty-socketio answers. */
    void prepare(UUID engineSession, Decision decision);

    /** The CONNECT answer's data ({@code sid}, {@code pid}) for this Engine.IO session. */
    Map<String, Object> connectAnswer(UUID engineSession);

    /**
     * The connection is authenticated: a new session starts, or a recovered one is restored (rooms, missed packets).
     * Returns the connection a recovered session was still held by (a half-open one left behind by a network change):
     * it no longer holds it, and this gateway closes it if it is one of its own.
     */
    Optional<String> opened(SocketSession session);

    void closed(SocketSession session);

    /** An Engine.IO session that closed without becoming an authenticated connection. */
    void discarded(UUID engineSession);

    /** Joins the room and remembers it with the session. */
    void join(SocketSession session, String room);

    void leave(SocketSession session, String room);
}
