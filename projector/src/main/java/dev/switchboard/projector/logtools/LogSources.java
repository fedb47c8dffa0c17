package dev.switchboard.projector.logtools;

import com.mongodb.ConnectionString;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.readmodels.StoreLocation;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;


/**
 * Where the log and the read models are: the settings of the processes (environment variables), which the options
 * override. By default the ports a running standalone listens on.
 */
public final class LogSources {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:KAFKA_PORT, else 127.0.0.1:9092)")
    String kafka;

    @Option(names = "--mongodb-uri", paramLabel = "URI", description = "the read models' MongoDB (default: MONGODB_URI, else mongodb://127.0.0.1:MONGO_PORT, else port 27017)")
    String mongoUri;

    @Option(names = "--live", paramLabel = "DATABASE", description = "the live read models' database (default: MONGODB_DATABASE, else switchboard)")
    String live;

    public String kafka() {
        return kafka != null ? kafka : env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + env("KAFKA_PORT", "9092"));
    }

    /**
     * The cluster as the services see it ({@code KAFKA_*} settings and {@code spring.kafka.properties.*}, e.g. from
     * {@code SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL}), at {@link #kafka()}.
     */
    public KafkaCluster kafkaCluster() {
        StandardEnvironment env = new StandardEnvironment();
        return KafkaCluster.fromSettings(name -> name.equals("KAFKA_BOOTSTRAP_SERVERS") ? kafka() : env.getProperty(name),
                ProjectorSettings.clientProperties(env));
    }

    public String mongoUri() {
        return mongoUri != null ? mongoUri : env("MONGODB_URI", "mongodb://127.0.0.1:" + env("MONGO_PORT", "27017"));
    }

    public String liveDatabase() {
        return live != null ? live : env("MONGODB_DATABASE", StoreLocation.DEFAULT_DATABASE);
    }

    /** Refuses, as a bad option, a store location that is no MongoDB connection string. */
    public void check(CommandLine commandLine) {
        try {
            new ConnectionString(mongoUri());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, (mongoUri != null ? "--mongodb-uri" : "MONGODB_URI")
                    + " is not a MongoDB connection string (mongodb://host:port/...): " + e.getMessage());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
