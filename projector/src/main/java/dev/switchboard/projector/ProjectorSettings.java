package dev.switchboard.projector;

import dev.switchboard.events.presence.GatewayExpiry;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.readmodels.StoreLocation;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;

/** Settings read from the environment (see the README's settings table). */
@Component
public class ProjectorSettings {
    /** Set by {@code projector.logtools.Rebuild} on the context it applies batches with; not an operator setting. */
    public static final String REBUILD_CONTEXT = "switchboard.rebuild-context";

    private final KafkaCluster kafkaCluster;
    private final StoreLocation store;
    private final Duration gatewayExpiry;
    private final boolean rebuild;
    private final String instanceId;

    public ProjectorSettings(Environment env) {
        this.kafkaCluster = KafkaCluster.fromSettings(env::getProperty, clientProperties(env));
        this.store = StoreLocation.fromSettings(env::getProperty);
        this.gatewayExpiry = Duration.ofMillis(env.getProperty("GATEWAY_EXPIRY_MS", Long.class, 15_000L));
        Long heartbeatMs = env.getProperty("GATEWAY_HEARTBEAT_MS", Long.class); // the gateways', known here when both run in one place
        if (heartbeatMs != null) {
            GatewayExpiry.requireTwoHeartbeats(heartbeatMs, gatewayExpiry.toMillis());
        }
        this.rebuild = env.getProperty(REBUILD_CONTEXT, Boolean.class, false);
        this.instanceId = env.getProperty("PROJECTOR_INSTANCE_ID", "");
    }

    /** The Kafka client properties of {@code env} ({@link KafkaCluster#CLIENT_PROPERTIES}). */
    public static Map<String, String> clientProperties(Environment env) {
        return Binder.get(env).bind(KafkaCluster.CLIENT_PROPERTIES, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
    }

    /** The cluster, its client properties ({@code spring.kafka.properties.*}) and the topics' layout. */
    public KafkaCluster kafkaCluster() {
        return kafkaCluster;
    }

    /** Where the read models are. */
    public StoreLocation store() {
        return store;
    }

    /** How long a gateway run may stay silent before its connections are closed in the log. */
    public Duration gatewayExpiry() {
        return gatewayExpiry;
    }

    /**
     * This projector's static member id in its consumer group (empty: none). A restarted member with the same id takes its
     * partitions back at once, instead of after the dead member's session times out; two running projectors must differ.
     */
    public String instanceId() {
        return instanceId;
    }

    /**
     * A rebuild's context: its {@code Rebuild} feeds the batches (no consumer loop, no gateway watchdog) and nothing is
     * published.
     */
    public boolean rebuild() {
        return rebuild;
    }
}
