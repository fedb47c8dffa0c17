package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.limits.RateLimiter;
import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.AuthTokenResult;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.HandshakeTokens;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Socket.IO server: authentication (docs/PROTOCOL.md §1), the event table of every feature with one ack /
 * {@code socket-error} path (docs/PROTOCOL.md §3), and the connection lifecycle.
 */
@Component
public class SocketServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    static final String UNAUTHORIZED = "unauthorized";
    /** Socket.IO's own size limit; the contract's field limits are enforced per event with BAD_REQUEST. */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private final GatewaySettings settings;
    private final Tokens tokens;
    private final SocketIOServer server;
    private final SocketRooms rooms;
    private final List<SocketEvents> features;
    private final List<ConnectionLifecycle> lifecycles;
    private final GatewayMetrics metrics;
    private final SessionRecovery recovery;
    private final Map<String, SocketSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    static final long SWEEP_MS = 5_000;
    private volatile boolean running;
    static final long EVICT_REFUSED_AFTER_MS = 1000;
    private final java.util.concurrent.ScheduledExecutorService evictions = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "socket-refused-evictions");
        thread.setDaemon(true);
        return thread;
    });

    public SocketServer(GatewaySettings settings, Tokens tokens, List<SocketEvents> features, List<ConnectionLifecycle> lifecycles,
                        GatewayMetrics metrics, SessionRecovery recovery) {
        this.settings = settings;
        this.metrics = metrics;
        this.tokens = tokens;
        this.features = features;
        this.lifecycles = lifecycles;
        this.recovery = recovery;
        ContractJsonSupport json = new ContractJsonSupport(recovery::connectAnswer);
        this.server = new SocketIOServer(configuration(json));
        this.server.setPipelineFactory(new GuardedChannelInitializer(new HandshakeTokenDecision(), settings.upgradeTimeout()));
        this.rooms = new SocketRooms(server, json);
    }

    private Configuration configuration(ContractJsonSupport json) {
        Configuration config = new Configuration();
        config.setHostname(settings.socketHost());
        config.setPort(settings.socketPort());
        config.setAckMode(AckMode.MANUAL);
        config.setJsonSupport(json);
        config.setMaxFramePayloadLength(MAX_PAYLOAD_BYTES);
        config.setMaxHttpContentLength(MAX_PAYLOAD_BYTES);
        config.setPingInterval(settings.pingInterval());
        config.setPingTimeout(settings.pingTimeout());
        config.setUpgradeTimeout(settings.upgradeTimeout());
        // by default netty-socketio takes the session id from an `io` cookie or header: never let clients choose it
        config.setRandomSession(true);
        // compressed frames are inflated asynchronously by the client, which widens the upgrade race window
        config.setWebsocketCompression(false);
        SocketConfig socketConfig = new SocketConfig();
        socketConfig.setReuseAddress(true);
        socketConfig.setTcpNoDelay(true);
        config.setSocketConfig(socketConfig);
        config.setAuthorizationListener(handshake -> {
            String origin = handshake.getHttpHeaders().get("Origin");
            boolean allowed = origin == null || settings.allowedOrigins().contains(origin) || settings.allowedOrigins().contains("*");
            return allowed ? AuthorizationResult.SUCCESSFUL_AUTHORIZATION : AuthorizationResult.FAILED_AUTHORIZATION;
        });
        return config;
    }

    public SocketRooms rooms() {
        return rooms;
    }

    public int openConnections() {
        return sessions.size();
    }

    @Override
    public void start() {
        evictions.scheduleWithFixedDelay(this::forgetSessionsTheServerForgot, SWEEP_MS, SWEEP_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        var namespace = server.getNamespace("");
        namespace.addAuthTokenListener((authData, client) -> authenticate(authData, client));
        server.addConnectListener(this::connected);
        server.addDisconnectListener(this::disconnected);
        for (SocketEvents feature : features) {
            for (SocketEvent<?> event : feature.events()) {
                register(event);
            }
        }
        server.start();
        running = true;
        log.info("Socket.IO listening on {}:{} as gateway {}", settings.socketHost(), settings.socketPort(), settings.gatewayId());
        if (settings.allowedOrigins().isEmpty()) {
            log.warn("ALLOWED_ORIGINS is empty: browser pages (requests with an Origin header) are refused; "
                    + "set it to your frontends' origins, e.g. ALLOWED_ORIGINS=https://app.example.com");
        }
    }

    /**
     * A refused client keeps its Engine.IO session open until it closes it itself; the JS client does at once, but
     * nothing obliges a client to. Once the refusal has had time to reach it, the server closes the session.
     */
    private void evictLater(java.util.UUID sessionId) {
        evictions.schedule(() -> {
            SocketIOClient client = server.getClient(sessionId);
            if (client != null && !sessions.containsKey(sessionId.toString())) {
                client.disconnect();
            }
        }, EVICT_REFUSED_AFTER_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A CONNECT without an auth object: the token must come from the handshake's query or header. */
    private final class HandshakeTokenDecision implements BareConnectGuard.Decision {
        @Override
        public boolean admitWithoutAuthObject(ClientHead client) {
            if (tokens.verify(HandshakeTokens.find(null, client.getHandshakeData())).isPresent()) {
                recovery.prepare(client.getSessionId(), new SessionRecovery.NewSession()); // no auth object, so no pid
                return true;
            }
            Packet refusal = new Packet(PacketType.MESSAGE, client.getEngineIOVersion());
            refusal.setSubType(PacketType.ERROR);
            refusal.setNsp("");
            refusal.setData(Map.of("message", UNAUTHORIZED));
            client.send(refusal);
            evictLater(client.getSessionId());
            return false;
        }

        @Override
        public void admitted(ClientHead client) {
            SocketIOClient socket = server.getClient(client.getSessionId());
            tokens.verify(HandshakeTokens.find(null, client.getHandshakeData()))
                    .ifPresent(user -> {
                        if (socket != null) {
                            opened(socket, user);
                        }
                    });
        }
    }

    /**
     * A CONNECT with an auth object (netty-socketio asks this listener only then). A client coming back with a
     * recovered session's {@code pid} sends it here too: its token must be valid and be the same user's.
     */
    private AuthTokenResult authenticate(Object authData, SocketIOClient client) {
        String token = HandshakeTokens.find(authData, client.getHandshakeData());
        AuthenticatedUser user = tokens.verify(token).orElse(null);
        SessionRecovery.Decision decision = user == null ? null : recovery.decide(authData, user);
        if (decision == null || decision instanceof SessionRecovery.Refused) {
            evictLater(client.getSessionId());
            return new AuthTokenResult(false, Map.of("message", UNAUTHORIZED));
        }
        recovery.prepare(client.getSessionId(), decision);
        opened(client, user);
        return AuthTokenResult.AuthTokenResultSuccess;
    }

    private void connected(SocketIOClient client) {
        // The v4 auth object may arrive after this; authentication happens in authenticate().
    }

    private void opened(SocketIOClient client, AuthenticatedUser user) {
        SocketSession session = new SocketSession(client, user, new RateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst()), recovery);
        client.set(SocketRooms.USER_ID, user.userId());
        if (sessions.putIfAbsent(session.connectionId(), session) == null) {
            openedAt.put(session.connectionId(), System.nanoTime());
            recovery.opened(session);
            lifecycles.forEach(lifecycle -> lifecycle.opened(session));
        }
    }

    /**
     * A session whose connection netty-socketio no longer knows is closed here too. It happens when a client's
     * transport dies while its CONNECT is being handled: the auth listener (where the session opens) has run, but the
     * namespace never registered the client, so no disconnect event ever comes (found by {@code HostileFramesTest});
     * without this the user would stay online, and the session counted, for ever. Only sessions older than one sweep are
     * judged, so one whose CONNECT is still being completed is not.
     */
    private void forgetSessionsTheServerForgot() {
        long now = System.nanoTime();
        for (Map.Entry<String, Long> opened : openedAt.entrySet()) {
            if (now - opened.getValue() < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SWEEP_MS)) {
                continue;
            }
            SocketSession session = sessions.get(opened.getKey());
            if (session == null) {
                openedAt.remove(opened.getKey());
            } else if (server.getClient(session.client().getSessionId()) == null) {
                log.info("closing session {} of user {}: its connection is gone without a disconnect event", opened.getKey(), session.userId());
                disconnected(session.client());
            }
        }
    }

    private void disconnected(SocketIOClient client) {
        openedAt.remove(client.getSessionId().toString());
        SocketSession session = sessions.remove(client.getSessionId().toString());
        if (session != null) {
            lifecycles.forEach(lifecycle -> lifecycle.closed(session));
            recovery.closed(session);
        } else {
            recovery.discarded(client.getSessionId());
        }
    }

    private <T> void register(SocketEvent<T> event) {
        server.addEventListener(event.name(), Object.class, (client, data, ack) -> {
            metrics.eventReceived(event.name());
            SocketSession session = sessions.get(client.getSessionId().toString());
            if (session == null) {
                answer(client, event.name(), ack, null, new ClientError(dev.switchboard.events.ErrorCode.UNAUTHORIZED, UNAUTHORIZED));
                return;
            }
            if (!session.rateLimiter().tryAcquire()) {
                answer(client, event.name(), ack, null, new ClientError(dev.switchboard.events.ErrorCode.RATE_LIMITED,
                        "too many events; slow down"));
                return;
            }
            try {
                T payload = event.parser().parse(data);
                event.handler().handle(session, payload)
                        .whenComplete((result, failure) -> answer(client, event.name(), ack, result, failure));
            } catch (RuntimeException e) {
                answer(client, event.name(), ack, null, e);
            }
        });
    }

    private void answer(SocketIOClient client, String event, AckRequest ack, Map<String, Object> result, Throwable failure) {
        if (failure == null) {
            if (ack.isAckRequested()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ok", true);
                if (result != null) {
                    body.putAll(result);
                }
                ack.sendAckData(body);
            }
            return;
        }
        ClientError error = ClientError.from(failure);
        metrics.refused(error.code().name(), event);
        if (!(failure instanceof ClientError)) {
            log.debug("{} failed", event, failure);
        }
        if (ack.isAckRequested()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", false);
            body.put("error", error.body());
            ack.sendAckData(body);
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", event);
            body.putAll(error.body());
            client.sendEvent("socket-error", body);
        }
    }

    @Override
    public void stop() {
        running = false;
        sessions.values().forEach(session -> {
            lifecycles.forEach(lifecycle -> lifecycle.closed(session));
            recovery.closed(session);
        });
        sessions.clear();
        evictions.shutdownNow();
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

}
