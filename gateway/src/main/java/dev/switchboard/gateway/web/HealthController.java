package dev.switchboard.gateway.web;

import dev.switchboard.gateway.GatewaySettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

@RestController
public class HealthController {
    private final GatewaySettings settings;

    public HealthController(GatewaySettings settings) {
        this.settings = settings;
    }

    @GetMapping("/health")
    Map<String, Object> health() {
        return Map.of("status", "up", "gatewayId", settings.gatewayId(), "socketPort", settings.socketPort());
    }
}
