package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.AuthorizationResult;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.HttpRequestDecoderConfiguration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.limits.PerUserRateLimits;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import dev.switchboard.gateway.store.StoreReads;
import dev.switchboard.gateway.web.WebConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO server: netty-socketio's settings and browser origins, and the lifecycle of its parts: who may connect
 * ({@link HandshakeAuthentication}), the sessions ({@link SocketSessions}), and every feature's events with their acks
 * ({@link EventTable}).
 */
@Component
public class SocketServer implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
    /** Socket.IO's own size limit; the contract's field limits are enforced per event with BAD_REQUEST. */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    static final long SWEEP_MS = 5_000;
    static final long SLOW_READERS_SWEEP_MS = 1_000;

    private final GatewaySettings settings;
    private final SocketIOServer server;
    private final SocketRooms rooms;
    private final List<SocketEvents> features;
    private final SocketSessions sessions;
    private final HandshakeAuthentication authentication;
    private final EventTable events;
    private final SlowReaders slowReaders;
    private volatile boolean running;

    public SocketServer(GatewaySettings settings, Tokens tokens, List<SocketEvents> features, List<ConnectionLifecycle> lifecycles,
                        GatewayMetrics metrics, SessionRecovery recovery, StoreReads storeReads, ConnectAnswers answers) {
        this.settings = settings;
        this.features = features;
        this.sessions = new SocketSessions(lifecycles, recovery, settings.maxRoomsPerConnection());
        this.authentication = new HandshakeAuthentication(tokens, recovery, sessions, answers, settings.maxConnectionsPerUser(),
                settings.connectRateLimitPerSecond(), settings.connectRateLimitBurst());
        this.events = new EventTable(new PerUserRateLimits(settings.rateLimitPerSecond(), settings.rateLimitBurst()), metrics, storeReads::execute);
        ContractJsonSupport json = new ContractJsonSupport(recovery::connectAnswer, EventTable.names(features));
        this.server = new SocketIOServer(configuration(json));
        this.slowReaders = new SlowReaders(settings.maxUnsentBytesPerConnection(), settings.maxUnsentPacketsPerConnection(), metrics);
        GuardedChannelInitializer.install(server, new GuardedChannelInitializer(authentication.withoutAuthObject(), answers, slowReaders,
                settings.upgradeTimeout(), settings.connectTimeout(), session -> sessions.isOpen(session.toString())));
        this.rooms = new SocketRooms(server, json, answers, slowReaders);
    }

    private Configuration configuration(ContractJsonSupport json) {
        Configuration config = new Configuration();
        config.setHostname(settings.socketHost());
        config.setPort(settings.socketPort());
        config.setAckMode(AckMode.MANUAL);
        config.setJsonSupport(json);
        config.setMaxFramePayloadLength(MAX_PAYLOAD_BYTES);
        config.setMaxHttpContentLength(MAX_PAYLOAD_BYTES);
        // a token in a header or in the query may be as long as REST takes it (Netty's defaults: 8 KiB and 4 KiB)
        int headerBytes = WebConfiguration.MAX_REQUEST_HEADER_KIB * 1024;
        config.setHttpRequestDecoderConfiguration(new HttpRequestDecoderConfiguration(headerBytes, headerBytes, 8192));
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
        authentication.scheduler().scheduleWithFixedDelay(() -> sessions.closeForgotten(server, SWEEP_MS), SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        authentication.scheduler().scheduleWithFixedDelay(() -> slowReaders.sweep(server.getAllClients()),
                SLOW_READERS_SWEEP_MS, SLOW_READERS_SWEEP_MS, TimeUnit.MILLISECONDS);
        authentication.attach(server);
        server.addDisconnectListener(sessions::closed);
        events.registerAll(server, features);
        server.start();
        running = true;
        log.info("Socket.IO listening on {}:{} as gateway {}", settings.socketHost(), settings.socketPort(), settings.gatewayId());
        if (settings.allowedOrigins().isEmpty()) {
            log.warn("ALLOWED_ORIGINS is empty: browser pages (requests with an Origin header) are refused; "
                    + "set it to your frontends' origins, e.g. ALLOWED_ORIGINS=https://app.example.com");
        }
    }

    @Override
    public void stop() {
        running = false;
        sessions.closeAll();
        authentication.stop();
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
