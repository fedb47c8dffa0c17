package dev.switchboard.gateway;

import dev.switchboard.gateway.web.WebConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.HashMap;
import java.util.Map;

/** The gateway process: Socket.IO on SOCKET_PORT, REST on HTTP_PORT. */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        builder(Map.of()).run(args);
    }

    /** The gateway's application, with {@code defaults} below the environment (used by standalone and tests). */
    public static SpringApplicationBuilder builder(Map<String, Object> defaults) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "server.port", "${HTTP_PORT:8080}",
                "server.max-http-request-header-size", WebConfiguration.MAX_REQUEST_HEADER_KIB + "KB",
                "spring.application.name", "switchboard-gateway",
                "spring.main.banner-mode", "off",
                "logging.level.org.apache.kafka", "WARN"));
        properties.putAll(operations());
        properties.putAll(defaults);
        return new SpringApplicationBuilder(GatewayApplication.class).properties(properties);
    }

    /**
     * Health groups, metrics and log format (README, "Health, metrics and logs"). Liveness holds only what a restart
     * cures (the update listener's thread); readiness adds what this gateway needs from outside to answer clients.
     */
    static Map<String, Object> operations() {
        return Map.of(
                "management.endpoints.web.exposure.include", "health,prometheus,info",
                "management.endpoint.health.probes.enabled", "true",
                "management.endpoint.health.show-details", "always",
                "management.endpoint.health.group.liveness.include", "livenessState,updateListener",
                "management.endpoint.health.group.readiness.include", "readinessState,kafka,store,updateListener,actionProducer",
                "management.metrics.tags.application", "${spring.application.name}",
                // LOG_FORMAT: text (default), json (Logstash JSON lines), or one of Spring Boot's ecs, gelf, logstash
                "logging.structured.format.console", "${switchboard.log-format.${LOG_FORMAT:text}:${LOG_FORMAT:}}",
                "switchboard.log-format.text", "",
                "switchboard.log-format.json", "logstash");
    }
}
