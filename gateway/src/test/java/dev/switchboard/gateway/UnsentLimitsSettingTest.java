package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MAX_UNSENT_BYTES_PER_CONNECTION and MAX_UNSENT_PACKETS_PER_CONNECTION: 4 MiB and 1,000 unless set, and limits so low
 * that a replay would pass them (and close its connection again on every return) refused at start.
 */
class UnsentLimitsSettingTest {

    @Test
    void areFourMebibytesAndAThousandPacketsUnlessSet() {
        GatewaySettings defaults = new GatewaySettings(SettingsEnvironment.of(Map.of()));
        assertEquals(4 * 1024 * 1024, defaults.maxUnsentBytesPerConnection());
        assertEquals(1000, defaults.maxUnsentPacketsPerConnection());
        GatewaySettings set = new GatewaySettings(SettingsEnvironment.of(Map.of("MAX_UNSENT_BYTES_PER_CONNECTION", "1048576",
                "MAX_UNSENT_PACKETS_PER_CONNECTION", "200")));
        assertEquals(1024 * 1024, set.maxUnsentBytesPerConnection());
        assertEquals(200, set.maxUnsentPacketsPerConnection());
    }

    @Test
    void refusesLimitsAReplayWouldPass() {
        assertRefused("MAX_UNSENT_BYTES_PER_CONNECTION", "1048575", "must be at least 1048576");
        assertRefused("MAX_UNSENT_BYTES_PER_CONNECTION", "0", "must be at least 1048576");
        assertRefused("MAX_UNSENT_PACKETS_PER_CONNECTION", "199", "must be at least 200");
    }

    private static void assertRefused(String name, String value, String why) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new GatewaySettings(SettingsEnvironment.of(Map.of(name, value))));
        assertTrue(refused.getMessage().contains(name + " " + why), refused.getMessage());
    }
}
