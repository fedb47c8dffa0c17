package dev.switchboard.health;

import dev.switchboard.events.kafka.ClusterCheck;
import dev.switchboard.events.kafka.KafkaCluster;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;

/**
 * Readiness of the gateway and the projector alike: the broker answers within {@link #TIMEOUT}. Each process registers
 * it as the bean {@code kafkaHealthIndicator} (contributor {@code kafka}).
 */
public class KafkaReachable implements HealthIndicator, AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ClusterCheck cluster;

    public KafkaReachable(KafkaCluster kafka) {
        this.cluster = new ClusterCheck(kafka, TIMEOUT);
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
