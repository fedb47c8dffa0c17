package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.DaemonThreads;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.HandshakeTokens;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.limits.PerUserRateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who may connect (docs/PROTOCOL.md §1 and §10): a valid token, from the CONNECT's auth object or the handshake, no
 * more CONNECTs of the same user on this gateway than the connect rate, and no more than {@code maxConnectionsPerUser}
 * connections of the same user open here. A refused client gets {@code connect_error} and is evicted a second later.
 */
final class HandshakeAuthentication {
    private static final Logger log = LoggerFactory.getLogger(HandshakeAuthentication.class);
    static final String UNAUTHORIZED = "unauthorized";
    static final long EVICT_REFUSED_AFTER_MS = 1000;

    private final Tokens tokens;
    private final SessionRecovery recovery;
    private final SocketSessions sessions;
    private final ConnectAnswers answers;
    private final int maxConnectionsPerUser;
    private final int connectsPerSecond;
    private final PerUserRateLimits connects;
    private SocketIOServer server;
    /** The socket server's one housekeeping thread: closes refused sessions here, and forgotten ones and slow readers ({@link #scheduler}). */
    private final ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socket-sweeps"));

    /** Each user may make {@code connectsPerSecond} CONNECTs a second, {@code connectsAtOnce} at once. */
    HandshakeAuthentication(Tokens tokens, SessionRecovery recovery, SocketSessions sessions, ConnectAnswers answers, int maxConnectionsPerUser,
                            int connectsPerSecond, int connectsAtOnce) {
        this.tokens = tokens;
        this.recovery = recovery;
        this.sessions = sessions;
        this.answers = answers;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.connectsPerSecond = connectsPerSecond;
        this.connects = new PerUserRateLimits(connectsPerSecond, connectsAtOnce);
    }

    void attach(SocketIOServer server) {
        this.server = server;
        server.getNamespace("").addAuthTokenListener(this::authenticate);
    }

    ScheduledExecutorService scheduler() {
        return sweeps;
    }

    void stop() {
        sweeps.shutdownNow();
    }

    /**
     * The refusal's {@code connect_error} data ({@code message}, and {@code data.code} when it is not the token) for
     * what is known before any lookup: no valid token, or the user connects faster than the connect rate (a client
     * reconnecting in a loop: each connection puts its opening and closing in the log, and its recovery would read
     * the store).
     */
    private Optional<Map<String, Object>> refusalBeforeLookup(AuthenticatedUser user) {
        if (user == null) {
            return Optional.of(Map.of("message", UNAUTHORIZED));
        }
        if (!connects.tryAcquire(user.userId())) {
            return Optional.of(rateLimited("too many connection attempts: at most " + connectsPerSecond + " a second per user"));
        }
        return Optional.empty();
    }

    /** Refused when the user has their limit of connections here; otherwise this connection now counts against it. */
    private Optional<Map<String, Object>> admission(AuthenticatedUser user, UUID connection) {
        if (!sessions.admit(connection, user.userId(), maxConnectionsPerUser)) {
            return Optional.of(rateLimited("too many connections: at most " + maxConnectionsPerUser + " per user"));
        }
        return Optional.empty();
    }

    private static Map<String, Object> rateLimited(String message) {
        return Map.of("message", message, "data", Map.of("code", ErrorCode.RATE_LIMITED.name()));
    }

    /**
     * A CONNECT with an auth object (netty-socketio asks this listener only then). A client coming back with a
     * recovered session's {@code pid} sends it here too: its token must be valid and be the same user's.
     */
    private AuthTokenResult authenticate(Object authData, SocketIOClient client) {
        AuthenticatedUser user = tokens.verify(HandshakeTokens.find(authData, client.getHandshakeData())).orElse(null);
        Optional<Map<String, Object>> refused = refusalBeforeLookup(user);
        SessionRecovery.Decision decision = null;
        if (refused.isEmpty()) {
            decision = recovery.decide(authData, user);
            refused = decision instanceof SessionRecovery.Refused ? Optional.of(Map.of("message", UNAUTHORIZED)) : admission(user, client.getSessionId());
        }
        if (refused.isPresent()) {
            if (client instanceof NamespaceClient connection) { // as netty-socketio asks: the CONNECT's namespace client
                evictLater(connection.getBaseClient());
            }
            return new AuthTokenResult(false, refused.get());
        }
        recovery.prepare(client.getSessionId(), decision);
        // netty-socketio queues the answer after this returns; the rooms joined here must not be pushed to before it
        answers.awaitAnswer(client.getSessionId());
        sessions.opened(client, user);
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    /**
     * A refused client keeps its Engine.IO session open until it closes it itself; the JS client does at once, but
     * nothing obliges a client to. Once the refusal has had time to reach it, the server closes the session: the
     * session's own disconnect (the namespace client's only sends a DISCONNECT packet, and the session stayed).
     */
    private void evictLater(ClientHead session) {
        sweeps.schedule(() -> {
            if (!sessions.isOpen(session.getSessionId().toString())) {
                log.debug("evicting Engine.IO session {}: its CONNECT was refused a second ago", session.getSessionId());
                session.disconnect();
            }
        }, EVICT_REFUSED_AFTER_MS, TimeUnit.MILLISECONDS);
    }

    /** A CONNECT without an auth object: the token must come from the handshake's query or header. */
    BareConnectGuard.Decision withoutAuthObject() {
        return new BareConnectGuard.Decision() {
            @Override
            public boolean admitWithoutAuthObject(ClientHead client) {
                AuthenticatedUser user = tokens.verify(HandshakeTokens.find(null, client.getHandshakeData())).orElse(null);
                Optional<Map<String, Object>> refused = refusalBeforeLookup(user).or(() -> admission(user, client.getSessionId()));
                if (refused.isEmpty()) {
                    recovery.prepare(client.getSessionId(), new SessionRecovery.NewSession()); // no auth object, so no pid
                    return true;
                }
                Packet refusal = new Packet(PacketType.MESSAGE, client.getEngineIOVersion());
                refusal.setSubType(PacketType.ERROR);
                refusal.setNsp("");
                refusal.setData(refused.get());
                client.send(refusal);
                evictLater(client);
                return false;
            }

            @Override
            public void admitted(ClientHead client) {
                SocketIOClient socket = server.getClient(client.getSessionId());
                tokens.verify(HandshakeTokens.find(null, client.getHandshakeData()))
                        .ifPresent(user -> {
                            if (socket != null) {
                                sessions.opened(socket, user);
                            }
                        });
            }
        };
    }
}
