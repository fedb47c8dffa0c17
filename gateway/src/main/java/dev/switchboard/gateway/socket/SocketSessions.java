package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
    /** Since when each admitted connection has counted against its user's limit (admitted, then opened). */
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> connectionsByUser = new ConcurrentHashMap<>();
    private final Map<String, String> userByConnection = new ConcurrentHashMap<>();

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

    /** How many connections of {@code userId} count against their limit on this gateway. */
    int countOf(String userId) {
        return connectionsByUser.getOrDefault(userId, Set.of()).size();
    }

    /**
     * Counts the connection against its user's limit, unless the user has {@code max} connections here already; check
     * and count are one step, so simultaneous CONNECTs of one user cannot all pass. It counts until the connection
     * closes (or is found forgotten, see {@link #closeForgotten}).
     */
    boolean admit(UUID connection, String userId, int max) {
        String connectionId = connection.toString();
        boolean[] admitted = {false};
        connectionsByUser.compute(userId, (user, ids) -> {
            Set<String> counted = ids == null ? new HashSet<>() : ids;
            if (counted.contains(connectionId) || counted.size() < max) {
                counted.add(connectionId);
                admitted[0] = true;
            }
            return counted.isEmpty() ? null : counted;
        });
        if (admitted[0]) {
            userByConnection.put(connectionId, userId);
            openedAt.putIfAbsent(connectionId, System.nanoTime());
        }
        return admitted[0];
    }

    private void release(String connectionId) {
        openedAt.remove(connectionId);
        String userId = userByConnection.remove(connectionId);
        if (userId != null) {
            connectionsByUser.computeIfPresent(userId, (user, ids) -> {
                ids.remove(connectionId);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    /** The session of a connection {@link #admit admitted} for {@code user}. */
    void opened(SocketIOClient client, AuthenticatedUser user) {
        SocketSession session = new SocketSession(client, user, recovery, maxRoomsPerConnection);
        client.set(SocketRooms.USER_ID, user.userId());
        if (sessions.putIfAbsent(session.connectionId(), session) == null) {
            log.debug("session {} of user {} opened", session.connectionId(), user.userId());
            client.set(SocketSession.KEY, session);
            openedAt.put(session.connectionId(), System.nanoTime());
            Optional<String> superseded = recovery.opened(session);
            lifecycles.forEach(lifecycle -> lifecycle.opened(session));
            // after the new connection counts for presence, so that the user never shows offline in between
            superseded.map(sessions::get).ifPresent(SocketSessions::closeSuperseded);
        }
    }

    /**
     * Closes the Engine.IO session of a connection whose Socket.IO session another connection recovered: left half-open
     * by a network change, it would otherwise count as the user's until its ping timeout (45 s).
     */
    private static void closeSuperseded(SocketSession old) {
        log.info("closing connection {} of user {}: its session was recovered on another connection", old.connectionId(), old.userId());
        if (old.client() instanceof NamespaceClient client) {
            client.getBaseClient().disconnect();
        } else {
            old.client().disconnect();
        }
    }

    void closed(SocketIOClient client) {
        release(client.getSessionId().toString());
        SocketSession session = sessions.remove(client.getSessionId().toString());
        if (session != null) {
            log.debug("session {} closed", session.connectionId());
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
                if (server.getClient(UUID.fromString(opened.getKey())) == null) {
                    release(opened.getKey()); // admitted, never opened, and gone
                }
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
        connectionsByUser.clear();
        userByConnection.clear();
    }
}
