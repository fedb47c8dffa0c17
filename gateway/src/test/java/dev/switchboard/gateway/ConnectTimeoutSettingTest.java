package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SOCKET_CONNECT_TIMEOUT_MS: Node's default when unset, and a timeout that would close every session refused. */
class ConnectTimeoutSettingTest {

    @Test
    void isFortyFiveSecondsUnlessSet() {
        assertEquals(45_000, new GatewaySettings(SettingsEnvironment.of(Map.of())).connectTimeout());
        assertEquals(8_000, new GatewaySettings(SettingsEnvironment.of(Map.of("SOCKET_CONNECT_TIMEOUT_MS", "8000"))).connectTimeout());
    }

    @Test
    void refusesATimeoutOfZeroOrLess() {
        for (String timeout : new String[]{"0", "-1"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new GatewaySettings(SettingsEnvironment.of(Map.of("SOCKET_CONNECT_TIMEOUT_MS", timeout))));
            assertTrue(refused.getMessage().contains("SOCKET_CONNECT_TIMEOUT_MS"), refused.getMessage());
        }
    }
}
