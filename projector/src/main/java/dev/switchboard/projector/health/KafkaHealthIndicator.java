package dev.switchboard.projector.health;

import dev.switchboard.events.kafka.ClusterCheck;
import dev.switchboard.projector.ProjectorSettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Readiness: the broker answers within {@link #TIMEOUT} (contributor {@code kafka}). */
@Component
public class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ClusterCheck cluster;

    public KafkaHealthIndicator(ProjectorSettings settings) {
        this.cluster = new ClusterCheck(settings.kafkaCluster(), TIMEOUT);
    }

    @Override
    public Health health() {
        try {
            ClusterCheck.Reachable reachable = cluster.check();
            return Health.up().withDetail("clusterId", reachable.clusterId()).withDetail("brokers", reachable.brokers()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(e).build();
        } catch (Exception e) {
            return Health.down().withDetail("error", "no answer from the broker within " + TIMEOUT.toMillis() + " ms: " + e).build();
        }
    }

    @Override
    public void close() {
        cluster.close();
    }
}
