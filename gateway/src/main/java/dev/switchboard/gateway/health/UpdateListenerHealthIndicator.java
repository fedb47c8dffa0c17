package dev.switchboard.gateway.health;

import dev.switchboard.gateway.kafka.UpdateListener;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness and readiness: the thread that follows the updates is alive (contributor {@code updateListener}). Without it
 * this gateway answers no ack that waits for an outcome and pushes nothing; it does not come back by itself.
 */
@Component
public class UpdateListenerHealthIndicator implements HealthIndicator {
    private final UpdateListener listener;

    public UpdateListenerHealthIndicator(UpdateListener listener) {
        this.listener = listener;
    }

    @Override
    public Health health() {
        return listener.isFollowing() ? Health.up().build()
                : Health.down().withDetail("error", "the update listener's thread is not running").build();
    }
}
