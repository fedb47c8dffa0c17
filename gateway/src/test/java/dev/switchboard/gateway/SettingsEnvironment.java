package dev.switchboard.gateway;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

/** An environment for {@link GatewaySettings} tests: the settings given, and a token secret (a gateway needs one to start). */
public final class SettingsEnvironment {
    private SettingsEnvironment() {
    }

    public static StandardEnvironment of(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        environment.getPropertySources().addLast(new MapPropertySource("secret", Map.of("JWT_SECRET", "0123456789abcdef0123456789abcdef")));
        return environment;
    }
}
