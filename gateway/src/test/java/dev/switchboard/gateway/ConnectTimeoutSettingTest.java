package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SOCKET_CONNECT_TIMEOUT_MS: Node's default when unset, and a timeout that would close every session refused. */
class ConnectTimeoutSettingTest {

    @Test
    void isFortyFiveSecondsUnlessSet() {
        assertEquals(45_000, new GatewaySettings(environment(Map.of())).connectTimeout());
        assertEquals(8_000, new GatewaySettings(environment(Map.of("SOCKET_CONNECT_TIMEOUT_MS", "8000"))).connectTimeout());
    }

    @Test
    void refusesATimeoutOfZeroOrLess() {
        for (String timeout : new String[]{"0", "-1"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new GatewaySettings(environment(Map.of("SOCKET_CONNECT_TIMEOUT_MS", timeout))));
            assertTrue(refused.getMessage().contains("SOCKET_CONNECT_TIMEOUT_MS"), refused.getMessage());
        }
    }

    /** The settings given, and a token secret (the gateway needs one to start). */
    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        environment.getPropertySources().addLast(new MapPropertySource("secret", Map.of("JWT_SECRET", "0123456789abcdef0123456789abcdef")));
        return environment;
    }
}
