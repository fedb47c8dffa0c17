package dev.switchboard.projector;

import dev.switchboard.projector.logtools.LogTools;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/** The projector process: consumes actions, decides, writes the read models, publishes updates. */
@SpringBootApplication
public class ProjectorApplication {

    /**
     * Runs the projector, or one of the log tools ({@code rebuild}, {@code export}: see {@code --help}). With
     * {@code PROJECTOR_REBUILD=true} the (empty) {@code MONGODB_DATABASE} is first rebuilt from the log, then the
     * projector goes on from where the rebuild stopped.
     */
    public static void main(String[] args) {
        if (LogTools.isCommand(args)) {
            System.exit(LogTools.runProjectorCommand(args));
        }
        if (Boolean.parseBoolean(System.getenv("PROJECTOR_REBUILD"))) {
            String database = env("MONGODB_DATABASE", "switchboard");
            if (!LogTools.rebuildBeforeStarting(env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"), env("MONGODB_URI", "mongodb://127.0.0.1:27017"), database)) {
                System.exit(2);
            }
            System.clearProperty("org.springframework.boot.logging.LoggingSystem"); // the projector logs as usual again
        }
        builder(Map.of()).run(args);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The projector's application, with {@code defaults} below the environment (used by standalone and tests). */
    public static SpringApplicationBuilder builder(Map<String, Object> defaults) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "spring.application.name", "switchboard-projector",
                "spring.main.banner-mode", "off",
                "logging.level.org.apache.kafka", "WARN"));
        properties.putAll(defaults);
        return new SpringApplicationBuilder(ProjectorApplication.class).web(WebApplicationType.NONE).properties(properties);
    }
}
