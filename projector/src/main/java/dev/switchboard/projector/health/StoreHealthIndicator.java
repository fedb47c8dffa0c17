package dev.switchboard.projector.health;

import dev.switchboard.projector.store.ReadModels;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Readiness: the read-model store answers a ping within {@link #TIMEOUT} (contributor {@code store}). */
@Component
public class StoreHealthIndicator implements HealthIndicator {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ReadModels readModels;

    public StoreHealthIndicator(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public Health health() {
        try {
            readModels.ping(TIMEOUT);
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", "no answer from the store within " + TIMEOUT.toMillis() + " ms: " + e).build();
        }
    }
}
