package dev.switchboard.projector.health;

import dev.switchboard.projector.kafka.ActionLoop;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness, not liveness: the read models' database still holds the positions the action loop stored (contributor
 * {@code readModels}). One dropped while in use stops the loop, and a restart does not cure it: the database must be
 * rebuilt from the log.
 */
@Component
public class ReadModelsHealthIndicator implements HealthIndicator {
    private final ActionLoop loop;

    public ReadModelsHealthIndicator(ActionLoop loop) {
        this.loop = loop;
    }

    @Override
    public Health health() {
        return loop.readModelsLost()
                .map(what -> Health.down().withDetail("error", "the read models' database lost its positions in the log: "
                        + "nothing more is applied to it until it is rebuilt from the log").withDetail("lost", what).build())
                .orElseGet(() -> Health.up().build());
    }
}
