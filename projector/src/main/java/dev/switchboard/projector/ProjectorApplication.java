package dev.switchboard.projector;

import dev.switchboard.projector.logtools.LogTools;
import dev.switchboard.readmodels.StoreLocation;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.HashMap;
import java.util.Map;

/**
 * The projector process: consumes actions, decides, writes the read models, publishes updates. Its HTTP port
 * ({@code PROJECTOR_HTTP_PORT}, 8081) serves only health and metrics under {@code /actuator}.
 */
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
            StoreLocation store = StoreLocation.fromSettings(name -> env(name, null));
            if (!LogTools.rebuildBeforeStarting(env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"), store.uri(), store.database())) {
                System.exit(2);
            }
        }
        builder(Map.of()).run(args);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The projector's application, with {@code defaults} below the environment (used by standalone and tests). */
    public static SpringApplicationBuilder builder(Map<String, Object> defaults) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "spring.application.name", "switchboard-projector",
                "spring.main.banner-mode", "off",
                "logging.level.org.apache.kafka", "WARN"));
        properties.putAll(operations());
        properties.putAll(defaults);
        return new SpringApplicationBuilder(ProjectorApplication.class).web(WebApplicationType.SERVLET).properties(properties);
    }

    /**
     * The management server, health groups, metrics and log format (README, "Health, metrics and logs"). Liveness holds
     * only what a restart cures (the action loop's consumer); readiness adds the broker, the store and the read models'
     * positions (a database dropped while in use).
     */
    public static Map<String, Object> operations() {
        return Map.ofEntries(
                Map.entry("server.port", "${PROJECTOR_HTTP_PORT:8081}"),
                Map.entry("management.endpoints.web.exposure.include", "health,prometheus,info"),
                Map.entry("management.endpoint.health.probes.enabled", "true"),
                Map.entry("management.endpoint.health.show-details", "always"),
                Map.entry("management.endpoint.health.group.liveness.include", "livenessState,actionLoop"),
                Map.entry("management.endpoint.health.group.readiness.include", "readinessState,kafka,store,actionLoop,readModels"),
                Map.entry("management.metrics.tags.application", "${spring.application.name}"),
                // LOG_FORMAT: text (default), json (Logstash JSON lines), or one of Spring Boot's ecs, gelf, logstash
                Map.entry("logging.structured.format.console", "${switchboard.log-format.${LOG_FORMAT:text}:${LOG_FORMAT:}}"),
                Map.entry("switchboard.log-format.text", ""),
                Map.entry("switchboard.log-format.json", "logstash"));
    }
}
