package dev.switchboard.gateway.health;

import dev.switchboard.gateway.kafka.LogDiskReserve;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The event log's disk has more than its reserve usable, so clients' actions are taken (contributor {@code logDisk};
 * {@link LogDiskReserve}). In the overall health, for alerts, not in readiness: a gateway under the reserve still
 * serves what it has, and taking it out of a load balancer would stop that too. Up with {@code watched: false} where
 * the log is on brokers elsewhere.
 */
@Component
public class LogDiskHealthIndicator implements HealthIndicator {
    private final LogDiskReserve reserve;

    public LogDiskHealthIndicator(LogDiskReserve reserve) {
        this.reserve = reserve;
    }

    @Override
    public Health health() {
        return reserve.space().map(space -> (space.refusesActions()
                        ? Health.down().withDetail("error", space.refusesBookkeeping()
                        ? "the log's disk is nearly full: every action is refused until space is freed"
                        : "the log's disk is nearly full: clients' actions are refused until space is freed")
                        : Health.up())
                        .withDetail("path", space.disk().toString())
                        .withDetail("usableBytes", space.usableBytes())
                        .withDetail("reserveBytes", space.reserveBytes())
                        .build())
                .orElseGet(() -> Health.up().withDetail("watched", false).build());
    }
}
