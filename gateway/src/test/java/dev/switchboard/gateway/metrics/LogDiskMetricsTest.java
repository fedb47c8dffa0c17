package dev.switchboard.gateway.metrics;

import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.SettingsEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogDiskMetricsTest {

    @Test
    void theDiskMetersMeasureTheLogsDiskWhenSetAndTheWorkingDirectoryWhenUnsetOrBlank() {
        String logDisk = new File(System.getProperty("java.io.tmpdir")).getAbsolutePath();
        assertEquals(logDisk, measuredPath(Map.of("LOG_DISK", logDisk)));
        String workingDirectory = new File(".").getAbsolutePath();
        assertEquals(workingDirectory, measuredPath(Map.of()));
        assertEquals(workingDirectory, measuredPath(Map.of("LOG_DISK", " ")));
    }

    private static String measuredPath(Map<String, Object> env) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LogDiskMetrics.of(new GatewaySettings(SettingsEnvironment.of(env))).bindTo(registry);
        return registry.get("disk.free").gauge().getId().getTag("path");
    }
}
