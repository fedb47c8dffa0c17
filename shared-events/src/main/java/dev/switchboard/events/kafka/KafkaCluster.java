package dev.switchboard.events.kafka;

import org.apache.kafka.clients.CommonClientConfigs;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How to reach the Kafka cluster and how Switchboard's topics are laid out on it: the bootstrap servers, any client
 * property the cluster needs (security protocol, SASL, TLS: {@code spring.kafka.properties.*} in the services), and
 * the topics' partitions, replication factor and {@code min.insync.replicas}. Every producer, consumer and admin
 * client of Switchboard is made from one of these.
 */
public record KafkaCluster(String bootstrapServers, Map<String, String> clientProperties, TopicLayout topics) {

    /**
     * Partitions per topic, copies of each partition, and how many copies must have a record before the log acks it
     * (with {@code acks=all}). A cluster of three brokers or more wants {@code 6, 3, 2}; one broker can only do
     * {@code 1, 1}.
     */
    public record TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas) {
        public static final TopicLayout SINGLE_BROKER = new TopicLayout(6, (short) 1, 1);

        public TopicLayout {
            if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("topic layout needs partitions >= 1 and 1 <= min.insync.replicas <= replication factor, got "
                        + partitions + " partitions, replication factor " + replicationFactor + ", min.insync.replicas " + minInsyncReplicas);
            }
        }
    }

    public KafkaCluster {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        clientProperties = Map.copyOf(clientProperties);
        if (clientProperties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("set the bootstrap servers with KAFKA_BOOTSTRAP_SERVERS, not as a client property");
        }
    }

    /** Where a Spring service keeps the Kafka client properties it passes on ({@code spring.kafka.properties.*}). */
    public static final String CLIENT_PROPERTIES = "spring.kafka.properties";

    /**
     * From a service's settings: {@code KAFKA_BOOTSTRAP_SERVERS} (default {@code 127.0.0.1:9092}), {@code KAFKA_PARTITIONS}
     * (6), {@code KAFKA_REPLICATION_FACTOR} (1), {@code KAFKA_MIN_INSYNC_REPLICAS} (1), plus the client properties the
     * service collected (its {@code spring.kafka.properties.*}).
     */
    public static KafkaCluster fromSettings(Function<String, String> setting, Map<String, String> clientProperties) {
        TopicLayout layout = new TopicLayout(
                intSetting(setting, "KAFKA_PARTITIONS", TopicLayout.SINGLE_BROKER.partitions()),
                (short) intSetting(setting, "KAFKA_REPLICATION_FACTOR", TopicLayout.SINGLE_BROKER.replicationFactor()),
                intSetting(setting, "KAFKA_MIN_INSYNC_REPLICAS", TopicLayout.SINGLE_BROKER.minInsyncReplicas()));
        String bootstrap = setting.apply("KAFKA_BOOTSTRAP_SERVERS");
        return new KafkaCluster(bootstrap == null || bootstrap.isBlank() ? "127.0.0.1:9092" : bootstrap, clientProperties, layout);
    }

    private static int intSetting(Function<String, String> setting, String name, int fallback) {
        String value = setting.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    /** A plain cluster (no security settings) with the single-broker topic layout: the embedded default, tests, tools. */
    public static KafkaCluster at(String bootstrapServers) {
        return new KafkaCluster(bootstrapServers, Map.of(), TopicLayout.SINGLE_BROKER);
    }

    /** The settings every client starts from: the bootstrap servers, the cluster's client properties and a client id. */
    Map<String, Object> clientConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (clientId != null) {
            config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        }
        return config;
    }

    /** Never prints property values: they may hold passwords (e.g. {@code sasl.jaas.config}). */
    @Override
    public String toString() {
        return "KafkaCluster[" + bootstrapServers + ", properties " + new TreeMap<>(clientProperties).keySet() + ", " + topics + "]";
    }
}
