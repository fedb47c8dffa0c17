package dev.switchboard.gateway.health;

import dev.switchboard.gateway.kafka.LogDiskReserve;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: the event log's disk has more than its reserve usable, so clients' actions are taken (contributor
 * {@code logDisk}; {@link LogDiskReserve}). Up with {@code watched: false} where the log is on a broker elsewhere.
 */
@Component
public class LogDiskHealthIndicator implements HealthIndicator {
    private final LogDiskReserve reserve;

    public LogDiskHealthIndicator(LogDiskReserve reserve) {
        this.reserve = reserve;
    }

    @Override
    public Health health() {
        return reserve.space().map(space -> (space.refusingActions()
                        ? Health.down().withDetail("error", "the log's disk is nearly full: clients' actions are refused until space is freed")
                        : Health.up())
                        .withDetail("path", space.disk().toString())
                        .withDetail("usableBytes", space.usableBytes())
                        .withDetail("reserveBytes", space.reserveBytes())
                        .build())
                .orElseGet(() -> Health.up().withDetail("watched", false).build());
    }
}
