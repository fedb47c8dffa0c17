package dev.switchboard.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Map;

/** The gateway process: Socket.IO on SOCKET_PORT, REST on HTTP_PORT. */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        builder(Map.of()).run(args);
    }

    /** The gateway's application, with {@code defaults} below the environment (used by standalone and tests). */
    public static SpringApplicationBuilder builder(Map<String, Object> defaults) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "server.port", "${HTTP_PORT:8080}",
                "spring.application.name", "switchboard-gateway",
                "spring.main.banner-mode", "off",
                "logging.level.org.apache.kafka", "WARN"));
        properties.putAll(defaults);
        return new SpringApplicationBuilder(GatewayApplication.class).properties(properties);
    }
}
