package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.embedded.EmbeddedStore;
import dev.switchboard.gateway.GatewayApplication;
import dev.switchboard.projector.ProjectorApplication;
import dev.switchboard.projector.logtools.LogTools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole stack in one JVM: a real Kafka broker and the document store (embedded unless
 * {@code KAFKA_BOOTSTRAP_SERVERS} / {@code MONGODB_URI} name real ones), then the projector and the gateway,
 * each as its own application context exactly as its own jar would run it.
 */
public final class Standalone implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Standalone.class);

    private final DataDirLock dataDirLock;
    private final EmbeddedKafka kafka;
    private final EmbeddedStore store;
    private final ConfigurableApplicationContext projector;
    private final ConfigurableApplicationContext gateway;

    private Standalone(DataDirLock dataDirLock, EmbeddedKafka kafka, EmbeddedStore store, ConfigurableApplicationContext projector,
                       ConfigurableApplicationContext gateway) {
        this.dataDirLock = dataDirLock;
        this.kafka = kafka;
        this.store = store;
        this.projector = projector;
        this.gateway = gateway;
    }

    /** Starts everything; {@code settings} are read like environment variables (the environment itself by default). */
    public static Standalone start(Settings settings) throws Exception {
        long started = System.nanoTime();
        StandaloneLogging.initialize(settings);
        Path dataDir = Path.of(settings.get("DATA_DIR", "./data")).toAbsolutePath();
        DataDirLock dataDirLock = DataDirLock.acquire(dataDir);
        try {
            return start(settings, dataDir, dataDirLock, started);
        } catch (Exception | Error e) {
            closeQuietly(dataDirLock);
            throw e;
        }
    }

    private static Standalone start(Settings settings, Path dataDir, DataDirLock dataDirLock, long started) throws Exception {
        String secret = DevSecret.resolve(settings, dataDir);

        EmbeddedKafka kafka = null;
        String bootstrap = settings.get("KAFKA_BOOTSTRAP_SERVERS", null);
        if (bootstrap == null) {
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"),
                    Integer.parseInt(settings.get("KAFKA_PORT", "9092")),
                    Integer.parseInt(settings.get("KAFKA_CONTROLLER_PORT", "9093")));
            bootstrap = kafka.bootstrapServers();
        }
        EmbeddedStore store = null;
        try {
            String mongoUri = settings.get("MONGODB_URI", null);
            if (mongoUri == null) {
                store = EmbeddedStore.start(dataDir.resolve("store"), Integer.parseInt(settings.get("MONGO_PORT", "27017")));
                mongoUri = store.connectionString();
            }
            return startApplications(settings, dataDir, dataDirLock, started, secret, kafka, bootstrap, store, mongoUri);
        } catch (Exception | Error e) {
            // the data directory's lock is let go after this: nothing of this start may still hold the directory
            closeQuietly(store);
            closeQuietly(kafka);
            throw e;
        }
    }

    private static Standalone startApplications(Settings settings, Path dataDir, DataDirLock dataDirLock, long started, String secret,
                                                EmbeddedKafka kafka, String bootstrap, EmbeddedStore store, String mongoUri) throws Exception {
        Map<String, Object> shared = new HashMap<>(settings.overrides());
        shared.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        shared.put("MONGODB_URI", mongoUri);
        shared.put("JWT_SECRET", secret);
        shared.put("DATA_DIR", dataDir.toString());
        shared.put("PROJECTOR_INSTANCE_ID", ProjectorInstanceId.resolve(settings, dataDir));
        shared.putAll(demoDefaults(settings));
        if (kafka != null) {
            // the broker writes its log under DATA_DIR: its gateway refuses actions before that disk fills (LogDiskReserve)
            shared.putIfAbsent("LOG_DISK", dataDir.resolve("kafka").toString());
        }
        // one JVM, one logging system, set up by the first context: its name would tag the gateway's lines too, and
        // the logger's own name (dev.switchboard.gateway… / …projector…) already says which part wrote a line
        shared.put("logging.include-application-name", "false");

        if (Boolean.parseBoolean(settings.get("PROJECTOR_REBUILD", "false"))
                && !LogTools.rebuildBeforeStarting(bootstrap, mongoUri, settings.get("MONGODB_DATABASE", "switchboard"))) {
            throw new IllegalStateException("PROJECTOR_REBUILD=true needs an empty MONGODB_DATABASE (see above)");
        }
        ConfigurableApplicationContext projector = ProjectorApplication.builder(shared).run();
        ConfigurableApplicationContext gateway;
        try {
            gateway = GatewayApplication.builder(shared).run();
        } catch (Exception | Error e) {
            closeQuietly(projector);
            throw e;
        }
        log.info("Switchboard standalone up in {} ms: Socket.IO :{}, REST :{}, projector health and metrics :{}, Kafka {}, store {}, data {}",
                (System.nanoTime() - started) / 1_000_000,
                gateway.getEnvironment().getProperty("SOCKET_PORT", "5000"),
                gateway.getEnvironment().getProperty("HTTP_PORT", "8080"),
                projector.getEnvironment().getProperty("local.server.port", "-"), bootstrap, withoutCredentials(mongoUri), dataDir);
        return new Standalone(dataDirLock, kafka, store, projector, gateway);
    }

    /** A MongoDB URI for the log: {@code user:password@} is left out. */
    static String withoutCredentials(String uri) {
        return uri.replaceFirst("^(mongodb(\\+srv)?://)[^@/]*@", "$1***@");
    }

    /**
     * The demo page at {@code /} works out of the box on a development machine: it signs in through the development
     * token endpoint ({@code DEMO_TOKENS}, on unless set to false) and, being served from the REST port, connects to the
     * Socket.IO port cross-origin, so its own origins are allowed unless {@code ALLOWED_ORIGINS} is set.
     */
    static Map<String, Object> demoDefaults(Settings settings) {
        String httpPort = settings.get("HTTP_PORT", "8080");
        return Map.of(
                "DEMO_TOKENS", settings.get("DEMO_TOKENS", "true"),
                "ALLOWED_ORIGINS", settings.get("ALLOWED_ORIGINS", "http://localhost:" + httpPort + ",http://127.0.0.1:" + httpPort));
    }

    public ConfigurableApplicationContext gateway() {
        return gateway;
    }

    public ConfigurableApplicationContext projector() {
        return projector;
    }

    @Override
    public void close() {
        closeQuietly(gateway);
        closeQuietly(projector);
        closeQuietly(store);
        closeQuietly(kafka);
        closeQuietly(dataDirLock);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("error while stopping {}: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }

    /** Settings looked up like environment variables: explicit overrides first, then the environment. */
    public record Settings(Map<String, Object> overrides) {
        public static Settings fromEnvironment() {
            return new Settings(Map.of());
        }

        public String get(String name, String fallback) {
            Object override = overrides.get(name);
            if (override != null) {
                return override.toString();
            }
            String env = System.getenv(name);
            return env == null || env.isBlank() ? fallback : env;
        }
    }
}
