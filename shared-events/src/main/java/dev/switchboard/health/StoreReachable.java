package dev.switchboard.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Readiness of the gateway and the projector alike: the read-model store answers a ping within {@link #TIMEOUT}. Each
 * process registers it as the bean {@code storeHealthIndicator} (contributor {@code store}).
 */
public class StoreReachable implements HealthIndicator {
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Consumer<Duration> ping;

    /** {@code ping} throws unless the store answers within the duration it is given. */
    public StoreReachable(Consumer<Duration> ping) {
        this.ping = ping;
    }

    @Override
    public Health health() {
        try {
            ping.accept(TIMEOUT);
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", "no answer from the store within " + TIMEOUT.toMillis() + " ms: " + e).build();
        }
    }
}
