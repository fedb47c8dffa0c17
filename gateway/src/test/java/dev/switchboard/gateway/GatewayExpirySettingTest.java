package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GATEWAY_HEARTBEAT_MS against GATEWAY_EXPIRY_MS, where one process reads both (standalone, or both set for a gateway). */
class GatewayExpirySettingTest {

    @Test
    void anExpiryShorterThanTwoHeartbeatsIsRefusedAtStart() {
        StandardEnvironment env = SettingsEnvironment.of(Map.of("GATEWAY_HEARTBEAT_MS", "5000", "GATEWAY_EXPIRY_MS", "3000"));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new GatewaySettings(env));

        assertTrue(refused.getMessage().contains("GATEWAY_EXPIRY_MS (3000) must be at least twice GATEWAY_HEARTBEAT_MS (5000)"), refused.getMessage());
    }

    @Test
    void anExpiryOfTwoHeartbeatsOrMoreOrNoneKnownHereIsTaken() {
        assertEquals(500, new GatewaySettings(SettingsEnvironment.of(Map.of("GATEWAY_HEARTBEAT_MS", "500", "GATEWAY_EXPIRY_MS", "1000")))
                .heartbeatInterval().toMillis());
        assertEquals(5000, new GatewaySettings(SettingsEnvironment.of(Map.of("GATEWAY_HEARTBEAT_MS", "5000"))).heartbeatInterval().toMillis(),
                "the projector's expiry is not known to a gateway on its own");
    }
}
