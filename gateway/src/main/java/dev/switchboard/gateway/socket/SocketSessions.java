package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The authenticated sessions of this gateway, by connection: opened once their token is accepted, closed on
 * disconnect (or when netty-socketio forgot them, see {@link #closeForgotten}); every {@link ConnectionLifecycle} and
 * the session recovery hear of both. While open, the connection carries its session ({@link SocketSession#of}).
 */
final class SocketSessions {
    private static final Logger log = LoggerFactory.getLogger(SocketSessions.class);

    private final List<ConnectionLifecycle> lifecycles;
    private final SessionRecovery recovery;
    private final int maxRoomsPerConnection;
    private final Map<String, SocketSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();

    SocketSessions(List<ConnectionLifecycle> lifecycles, SessionRecovery recovery, int maxRoomsPerConnection) {
        this.lifecycles = lifecycles;
        this.recovery = recovery;
        this.maxRoomsPerConnection = maxRoomsPerConnection;
    }

    boolean isOpen(String connectionId) {
        return sessions.containsKey(connectionId);
    }

    int size() {
        return sessions.size();
    }

    /** How many sessions {@code userId} has open on this gateway. */
    long countOf(String userId) {
        return sessions.values().stream().filter(session -> session.userId().equals(userId)).count();
    }

    void opened(SocketIOClient client, AuthenticatedUser user) {
        SocketSession session = new SocketSession(client, user, recovery, maxRoomsPerConnection);
        client.set(SocketRooms.USER_ID, user.userId());
        if (sessions.putIfAbsent(session.connectionId(), session) == null) {
            client.set(SocketSession.KEY, session);
            openedAt.put(session.connectionId(), System.nanoTime());
            recovery.opened(session);
            lifecycles.forEach(lifecycle -> lifecycle.opened(session));
        }
    }

    void closed(SocketIOClient client) {
        openedAt.remove(client.getSessionId().toString());
        SocketSession session = sessions.remove(client.getSessionId().toString());
        if (session != null) {
            client.del(SocketSession.KEY);
            lifecycles.forEach(lifecycle -> lifecycle.closed(session));
            recovery.closed(session);
        } else {
            recovery.discarded(client.getSessionId());
        }
    }

    /**
     * A session whose connection netty-socketio no longer knows is closed here too. It happens when a client's
     * transport dies while its CONNECT is being handled: the auth listener (where the session opens) has run, but the
     * namespace never registered the client, so no disconnect event ever comes (found by {@code HostileFramesTest});
     * without this the user would stay online, and the session counted, for ever. Only sessions older than
     * {@code minAgeMs} are judged, so one whose CONNECT is still being completed is not.
     */
    void closeForgotten(SocketIOServer server, long minAgeMs) {
        long now = System.nanoTime();
        for (Map.Entry<String, Long> opened : openedAt.entrySet()) {
            if (now - opened.getValue() < TimeUnit.MILLISECONDS.toNanos(minAgeMs)) {
                continue;
            }
            SocketSession session = sessions.get(opened.getKey());
            if (session == null) {
                openedAt.remove(opened.getKey());
            } else if (server.getClient(session.client().getSessionId()) == null) {
                log.info("closing session {} of user {}: its connection is gone without a disconnect event", opened.getKey(), session.userId());
                closed(session.client());
            }
        }
    }

    void closeAll() {
        sessions.values().forEach(session -> {
            session.client().del(SocketSession.KEY);
            lifecycles.forEach(lifecycle -> lifecycle.closed(session));
            recovery.closed(session);
        });
        sessions.clear();
        openedAt.clear();
    }
}
