package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RECOVERY_WINDOW: the forms an operator writes, and what is refused. */
class RecoveryWindowSettingTest {

    @Test
    void readsSimpleAndIsoDurations() {
        assertEquals(Duration.ofHours(24), GatewaySettings.recoveryWindow("24h"));
        assertEquals(Duration.ofSeconds(90), GatewaySettings.recoveryWindow("90s"));
        assertEquals(Duration.ofMillis(500), GatewaySettings.recoveryWindow(" 500ms "));
        assertEquals(Duration.ofHours(48), GatewaySettings.recoveryWindow("PT48H"));
        assertEquals(Duration.ZERO, GatewaySettings.recoveryWindow("0"), "0 turns recovery off");
    }

    @Test
    void refusesNegativeAndUnreadableWindows() {
        assertThrows(IllegalStateException.class, () -> GatewaySettings.recoveryWindow("-1h"));
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.recoveryWindow("a day"));
    }
}
