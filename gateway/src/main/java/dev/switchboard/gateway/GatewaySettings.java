package dev.switchboard.gateway;

import dev.switchboard.events.Ids;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.events.presence.GatewayExpiry;
import dev.switchboard.gateway.auth.TokenSettings;
import dev.switchboard.readmodels.StoreLocation;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings read from the environment (see the README's settings table). */
@Component
public class GatewaySettings {
    /** Where standalone keeps its generated development secret, so that extra gateways can join it. */
    public static final String DEV_SECRET_FILE = "jwt-secret";
    public static final int MIN_SECRET_BYTES = 32;

    private final String socketHost;
    private final int socketPort;
    private final int pingInterval;
    private final int pingTimeout;
    private final int upgradeTimeout;
    private final int connectTimeout;
    private final KafkaCluster kafkaCluster;
    private final StoreLocation store;
    private final Duration storeTimeout;
    private final TokenSettings tokenSettings;
    private final String gatewayDatabase;
    private final List<String> allowedOrigins;
    private final String gatewayId;
    private final String gatewayRunId = Ids.newId();
    private final Duration heartbeatInterval;
    private final Duration replyTimeout;
    private final int rateLimitPerSecond;
    private final int rateLimitBurst;
    private final int maxConnectionsPerUser;
    private final int connectRateLimitPerSecond;
    private final int connectRateLimitBurst;
    private final int maxRoomsPerConnection;
    private final long maxUnsentBytesPerConnection;
    private final int maxUnsentPacketsPerConnection;
    private final boolean demoTokens;
    private final int restRateLimitPerSecond;
    private final int restRateLimitBurst;
    private final Duration recoveryWindow;
    private final Optional<Path> logDisk;
    private final long logDiskReserveBytes;

    public GatewaySettings(Environment env) {
        this.socketHost = env.getProperty("SOCKET_HOST", "0.0.0.0");
        this.socketPort = env.getProperty("SOCKET_PORT", Integer.class, 5000);
        this.pingInterval = env.getProperty("SOCKET_PING_INTERVAL_MS", Integer.class, 25_000);
        this.pingTimeout = env.getProperty("SOCKET_PING_TIMEOUT_MS", Integer.class, 20_000);
        this.upgradeTimeout = env.getProperty("SOCKET_UPGRADE_TIMEOUT_MS", Integer.class, 10_000);
        this.connectTimeout = (int) atLeastOne("SOCKET_CONNECT_TIMEOUT_MS", env.getProperty("SOCKET_CONNECT_TIMEOUT_MS", Integer.class, 45_000));
        this.kafkaCluster = KafkaCluster.fromSettings(env::getProperty, Binder.get(env)
                .bind(KafkaCluster.CLIENT_PROPERTIES, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        this.store = StoreLocation.fromSettings(env::getProperty);
        this.storeTimeout = Duration.ofMillis(atLeastOne("STORE_TIMEOUT_MS", env.getProperty("STORE_TIMEOUT_MS", Long.class, 3_000L)));
        this.tokenSettings = tokenSettings(env);
        this.gatewayDatabase = env.getProperty("GATEWAY_DATABASE", store.database() + "_gateway");
        this.allowedOrigins = Arrays.stream(env.getProperty("ALLOWED_ORIGINS", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.gatewayId = env.getProperty("GATEWAY_ID", hostName() + ":" + socketPort);
        this.heartbeatInterval = Duration.ofMillis(env.getProperty("GATEWAY_HEARTBEAT_MS", Long.class, 3_000L));
        Long expiryMs = env.getProperty("GATEWAY_EXPIRY_MS", Long.class); // the projector's, known here when both run in one place
        if (expiryMs != null) {
            GatewayExpiry.requireTwoHeartbeats(heartbeatInterval.toMillis(), expiryMs);
        }
        this.replyTimeout = Duration.ofMillis(env.getProperty("REPLY_TIMEOUT_MS", Long.class, 10_000L));
        this.rateLimitPerSecond = env.getProperty("RATE_LIMIT_PER_SECOND", Integer.class, 200);
        this.rateLimitBurst = env.getProperty("RATE_LIMIT_BURST", Integer.class, 2000);
        this.maxConnectionsPerUser = env.getProperty("MAX_CONNECTIONS_PER_USER", Integer.class, 20);
        this.connectRateLimitPerSecond = (int) atLeastOne("CONNECT_RATE_LIMIT_PER_SECOND", env.getProperty("CONNECT_RATE_LIMIT_PER_SECOND", Integer.class, 5));
        // every connection of a user coming back at once (a gateway restarted) twice over
        this.connectRateLimitBurst = (int) atLeastOne("CONNECT_RATE_LIMIT_BURST",
                env.getProperty("CONNECT_RATE_LIMIT_BURST", Integer.class, (int) Math.max(1, Math.min(Integer.MAX_VALUE, 2L * maxConnectionsPerUser))));
        this.maxRoomsPerConnection = env.getProperty("MAX_ROOMS_PER_CONNECTION", Integer.class, 1000);
        // a replay keeps up to half the byte limit and 100 packets waiting (socket.SlowReaders), and one push may weigh
        // about 100 KB: lower limits would close a connection with every replay
        this.maxUnsentBytesPerConnection = atLeast("MAX_UNSENT_BYTES_PER_CONNECTION",
                env.getProperty("MAX_UNSENT_BYTES_PER_CONNECTION", Long.class, 4L * 1024 * 1024), 1024 * 1024);
        this.maxUnsentPacketsPerConnection = (int) atLeast("MAX_UNSENT_PACKETS_PER_CONNECTION",
                env.getProperty("MAX_UNSENT_PACKETS_PER_CONNECTION", Integer.class, 1000), 200);
        this.demoTokens = env.getProperty("DEMO_TOKENS", Boolean.class, false);
        this.restRateLimitPerSecond = env.getProperty("REST_RATE_LIMIT_PER_SECOND", Integer.class, 100);
        this.restRateLimitBurst = env.getProperty("REST_RATE_LIMIT_BURST", Integer.class, 1000);
        this.recoveryWindow = recoveryWindow(env.getProperty("RECOVERY_WINDOW", "24h"));
        this.logDisk = Optional.ofNullable(env.getProperty("LOG_DISK")).map(String::trim).filter(path -> !path.isEmpty()).map(Path::of);
        this.logDiskReserveBytes = Math.multiplyExact(atLeast("LOG_DISK_RESERVE_MB", env.getProperty("LOG_DISK_RESERVE_MB", Long.class, 256L), 0), 1L << 20);
    }

    private static long atLeastOne(String name, long value) {
        return atLeast(name, value, 1);
    }

    private static long atLeast(String name, long value, long least) {
        if (value < least) {
            throw new IllegalStateException(name + " must be at least " + least + ", got " + value);
        }
        return value;
    }

    /** {@code 24h}, {@code 90s}, {@code 500ms} or ISO-8601 ({@code PT24H}); 0 turns recovery off. */
    static Duration recoveryWindow(String text) {
        Duration window = DurationStyle.detectAndParse(text.trim());
        if (window.isNegative()) {
            throw new IllegalStateException("RECOVERY_WINDOW must not be negative: " + text);
        }
        return window;
    }

    /** An HS256 secret, when given, must be long enough for the algorithm. */
    private static void requireSecretLength(String name, String secret) {
        if (secret != null && !secret.isBlank() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(name + " must be at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    private static TokenSettings tokenSettings(Environment env) {
        String secret = env.getProperty("JWT_SECRET");
        if (secret == null || secret.isBlank()) {
            Path devSecret = Path.of(env.getProperty("DATA_DIR", "./data")).resolve(DEV_SECRET_FILE);
            if (Files.isReadable(devSecret)) {
                try {
                    secret = Files.readString(devSecret, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + devSecret, e);
                }
            }
        }
        requireSecretLength("JWT_SECRET", secret);
        String previous = env.getProperty("JWT_PREVIOUS_SECRET");
        requireSecretLength("JWT_PREVIOUS_SECRET", previous);
        String jwks = env.getProperty("JWT_JWKS_URL");
        return new TokenSettings(secret, previous, env.getProperty("JWT_PUBLIC_KEY"), jwks == null || jwks.isBlank() ? null : URI.create(jwks.trim()),
                env.getProperty("JWT_ISSUER"), env.getProperty("JWT_AUDIENCE"),
                Duration.ofSeconds(env.getProperty("JWT_CLOCK_SKEW_SECONDS", Long.class, 0L)));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "gateway";
        }
    }

    public String socketHost() {
        return socketHost;
    }

    public int pingInterval() {
        return pingInterval;
    }

    public int pingTimeout() {
        return pingTimeout;
    }

    public int upgradeTimeout() {
        return upgradeTimeout;
    }

    /** How long an Engine.IO session may stay without its CONNECT accepted (Node's {@code connectTimeout}). */
    public int connectTimeout() {
        return connectTimeout;
    }

    public int socketPort() {
        return socketPort;
    }

    public KafkaCluster kafkaCluster() {
        return kafkaCluster;
    }

    /** Where the read models are. */
    public StoreLocation store() {
        return store;
    }

    /** How tokens are verified (and, with a secret, minted). */
    public TokenSettings tokenSettings() {
        return tokenSettings;
    }

    /**
     * The gateways' own database (recoverable sessions), apart from the read models: the projector judges its database
     * by what is in it (an empty one is read from the log's beginning), so nothing else writes there.
     */
    public String gatewayDatabase() {
        return gatewayDatabase;
    }

    /** Browser origins allowed to connect (CORS); empty allows no cross-origin browser page. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public String gatewayId() {
        return gatewayId;
    }

    /** Changes at every start, so the projector can tell this run's connections from a previous run's. */
    public String gatewayRunId() {
        return gatewayRunId;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Socket events one user may send per second on this gateway, all their connections together, sustained ({@code RATE_LIMITED} beyond). */
    public int rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    /** Socket events one user may send at once on this gateway. */
    public int rateLimitBurst() {
        return rateLimitBurst;
    }

    /** Connections one user may have open on this gateway; the next is refused ({@code connect_error}, RATE_LIMITED). */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /** Socket.IO connects one user may make to this gateway, sustained (a second) and at once. */
    public int connectRateLimitPerSecond() {
        return connectRateLimitPerSecond;
    }

    public int connectRateLimitBurst() {
        return connectRateLimitBurst;
    }

    /** Rooms one connection may join by its events (its personal room aside); the next join is refused RATE_LIMITED. */
    public int maxRoomsPerConnection() {
        return maxRoomsPerConnection;
    }

    /** Bytes sent to a websocket connection and not yet read by it, beyond which it is closed (it recovers them). */
    public long maxUnsentBytesPerConnection() {
        return maxUnsentBytesPerConnection;
    }

    /** Packets waiting for a long-polling connection's next poll, beyond which it is closed (it recovers them). */
    public int maxUnsentPacketsPerConnection() {
        return maxUnsentPacketsPerConnection;
    }

    /**
     * Development only: whether {@code POST /api/dev/tokens} signs tokens for anyone who asks (the demo page's sign-in).
     * Off in the gateway jar; standalone turns it on unless {@code DEMO_TOKENS=false}.
     */
    public boolean demoTokens() {
        return demoTokens;
    }

    /** REST requests one token's user may make per second on this gateway, sustained ({@code RATE_LIMITED}, 429, beyond). */
    public int restRateLimitPerSecond() {
        return restRateLimitPerSecond;
    }

    /** REST requests one token's user may make at once. */
    public int restRateLimitBurst() {
        return restRateLimitBurst;
    }

    /**
     * How long after a connection closes its session can still be recovered (Socket.IO connection state recovery):
     * the rooms and every room packet missed meanwhile, read from the log. Bounded by the update topics' retention
     * (kept forever) and, for typing signals only, by theirs (1 hour).
     */
    public Duration recoveryWindow() {
        return recoveryWindow;
    }

    /** A path on the event log's disk, when this gateway can see it (standalone's embedded broker); see {@code LogDiskReserve}. */
    public Optional<Path> logDisk() {
        return logDisk;
    }

    /** The usable space under which clients' actions are refused; 0 turns the refusals off. */
    public long logDiskReserveBytes() {
        return logDiskReserveBytes;
    }

    /** How long a socket event waits for the projector's answer before it is answered TIMEOUT. */
    public Duration replyTimeout() {
        return replyTimeout;
    }

    /**
     * The longest one read or write of the store may take, finding a server included, unless {@code MONGODB_URI} sets
     * {@code timeoutMS} or {@code serverSelectionTimeoutMS}: socket events that read the store run on the socket
     * server's threads, so a store that is down or hangs must not hold them for the driver's default 30 s (or, hanging,
     * for as long as it hangs: the driver sets no read timeout by default).
     */
    public Duration storeTimeout() {
        return storeTimeout;
    }
}
