package dev.switchboard.gateway.metrics;

import dev.switchboard.gateway.GatewaySettings;
import org.springframework.boot.micrometer.metrics.system.DiskSpaceMetricsBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Spring Boot's {@code disk.free} / {@code disk.total} pointed at the event log's disk ({@code LOG_DISK}) when this
 * gateway sees it, else at the working directory. Built from the settings, which take a blank {@code LOG_DISK} for
 * unset; a property placeholder would have given the meters an empty path.
 */
@Configuration(proxyBeanMethods = false)
public class LogDiskMetrics {

    @Bean
    DiskSpaceMetricsBinder diskSpaceMetrics(GatewaySettings settings) {
        return of(settings);
    }

    static DiskSpaceMetricsBinder of(GatewaySettings settings) {
        return new DiskSpaceMetricsBinder(List.of(settings.logDisk().map(Path::toFile).orElse(new File("."))), List.of());
    }
}
