package dev.switchboard.standalone;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One running stack (embedded Kafka, store, projector, gateway) shared by every integration test of this
 * module; tests keep apart by using fresh user ids, never by restarting it.
 */
public final class TestStack {
    public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
    /** How long a socket session may stay without connecting to a namespace (45 s by default, shorter to test it). */
    public static final int CONNECT_TIMEOUT_MS = 8_000;
    private static TestStack shared;

    private final Standalone standalone;
    private final Map<String, Object> settings;
    private final Tokens tokens = new Tokens(SECRET);

    private TestStack(Standalone standalone, Map<String, Object> settings) {
        this.standalone = standalone;
        this.settings = settings;
    }

    public static synchronized TestStack shared() {
        if (shared == null) {
            try {
                Path dataDir = Files.createTempDirectory("switchboard-test");
                shared = start(settings(dataDir));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test stack", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared.standalone::close));
        }
        return shared;
    }

    /** Settings for a stack under {@code dataDir} on free loopback ports, with fast gateway expiry and connect timeout. */
    public static Map<String, Object> settings(Path dataDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("DATA_DIR", dataDir.toString());
        settings.put("JWT_SECRET", SECRET);
        settings.put("SOCKET_HOST", "127.0.0.1");
        settings.put("SOCKET_PORT", FreePorts.find());
        settings.put("HTTP_PORT", FreePorts.find());
        settings.put("PROJECTOR_HTTP_PORT", FreePorts.find());
        settings.put("KAFKA_PORT", FreePorts.find());
        settings.put("KAFKA_CONTROLLER_PORT", FreePorts.find());
        settings.put("MONGO_PORT", FreePorts.find());
        settings.put("GATEWAY_ID", "test-gateway");
        settings.put("GATEWAY_HEARTBEAT_MS", 500);
        settings.put("GATEWAY_EXPIRY_MS", 3000);
        settings.put("SOCKET_CONNECT_TIMEOUT_MS", CONNECT_TIMEOUT_MS);
        return settings;
    }

    public static TestStack start(Map<String, Object> settings) throws Exception {
        TestStack stack = new TestStack(Standalone.start(new Standalone.Settings(settings)), settings);
        ServerSessions.watch(stack.gateway());
        return stack;
    }

    public void stop() {
        ServerSessions.forget(gateway());
        standalone.close();
    }

    public String socketUrl() {
        return "http://127.0.0.1:" + socketPort();
    }

    public int socketPort() {
        return Integer.parseInt(String.valueOf(settings.get("SOCKET_PORT")));
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + settings.get("HTTP_PORT");
    }

    /** The projector's health and metrics ({@code /actuator/...}). */
    public String projectorHttpUrl() {
        return "http://127.0.0.1:" + settings.get("PROJECTOR_HTTP_PORT");
    }

    public Standalone standalone() {
        return standalone;
    }

    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + settings.get("KAFKA_PORT");
    }

    public KafkaCluster kafkaCluster() {
        return KafkaCluster.at(kafkaBootstrapServers());
    }

    public String mongoUri() {
        return "mongodb://127.0.0.1:" + settings.get("MONGO_PORT");
    }

    public String token(String userId, String role) {
        return tokens.mint(userId, Role.fromWire(role).orElseThrow(), "User " + userId, "https://example.com/" + userId + ".jpg",
                Duration.ofHours(1));
    }

    /** The gateway's application context (its handler mappings, its settings). */
    public ConfigurableApplicationContext gateway() {
        return standalone.gateway();
    }

    /**
     * Settings for one more gateway on this stack's broker and store, at {@code socketPort} and {@code httpPort} as
     * {@code gatewayId}; the caller adds what the test needs.
     */
    public Map<String, Object> gatewaySettings(String gatewayId, int socketPort, int httpPort) {
        Map<String, Object> gateway = new HashMap<>();
        gateway.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers());
        gateway.put("MONGODB_URI", mongoUri());
        gateway.put("JWT_SECRET", SECRET);
        gateway.put("SOCKET_HOST", "127.0.0.1");
        gateway.put("SOCKET_PORT", socketPort);
        gateway.put("HTTP_PORT", httpPort);
        gateway.put("GATEWAY_ID", gatewayId);
        gateway.put("DATA_DIR", settings.get("DATA_DIR"));
        return gateway;
    }

    /** The settings the stack was started with (ports, secret, data dir). */
    public Map<String, Object> settings() {
        return settings;
    }

    public Tokens tokens() {
        return tokens;
    }
}
