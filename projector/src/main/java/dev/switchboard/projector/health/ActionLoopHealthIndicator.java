package dev.switchboard.projector.health;

import dev.switchboard.projector.kafka.ActionLoop;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness and readiness: the action loop's consumer is running as expected (contributor {@code actionLoop}). A loop that
 * stopped applies nothing and does not come back by itself. A broker or store outage does not stop it: it retries
 * with its partitions paused, and the {@code kafka} and {@code store} contributors report the outage.
 */
@Component
public class ActionLoopHealthIndicator implements HealthIndicator {
    private final ActionLoop loop;

    public ActionLoopHealthIndicator(ActionLoop loop) {
        this.loop = loop;
    }

    @Override
    public Health health() {
        return loop.isConsuming() ? Health.up().build()
                : Health.down().withDetail("error", "the action loop's consumer is not running").build();
    }
}
