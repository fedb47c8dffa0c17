package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JWT_PREVIOUS_SECRET: the secret being rotated out, held to the same length as JWT_SECRET. */
class JwtPreviousSecretSettingTest {

    @Test
    void aPreviousSecretIsTakenBesideTheSecretAndUnsetByDefault() {
        String previous = "the-previous-secret-that-is-long-enough-0123456789";
        assertEquals(previous, new GatewaySettings(SettingsEnvironment.of(Map.of("JWT_PREVIOUS_SECRET", previous))).tokenSettings().previousSecret());
        assertNull(new GatewaySettings(SettingsEnvironment.of(Map.of())).tokenSettings().previousSecret());
    }

    @Test
    void aShortPreviousSecretIsRefusedAtStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new GatewaySettings(SettingsEnvironment.of(Map.of("JWT_PREVIOUS_SECRET", "too-short"))));
        assertTrue(refused.getMessage().contains("JWT_PREVIOUS_SECRET must be at least 32 bytes"), refused.getMessage());
    }
}
