package dev.switchboard.gateway.web;

import dev.switchboard.gateway.GatewaySettings;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /health}: the readiness group of {@code /actuator/health/readiness} in a short form, 200 when {@code up},
 * 503 otherwise.
 */
@RestController
public class HealthController {
    private final GatewaySettings settings;
    private final HealthEndpoint health;

    public HealthController(GatewaySettings settings, HealthEndpoint health) {
        this.settings = settings;
        this.health = health;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        Status status = health.healthForPath("readiness").getStatus();
        boolean up = Status.UP.equals(status);
        return ResponseEntity.status(up ? 200 : 503).body(Map.of("status", status.getCode().toLowerCase(Locale.ROOT),
                "gatewayId", settings.gatewayId(), "socketPort", settings.socketPort()));
    }
}
