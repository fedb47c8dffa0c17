package dev.switchboard.gateway.health;

import dev.switchboard.events.Topic;
import dev.switchboard.gateway.kafka.ActionRecorder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: the producer that records actions is open and knows where to put them (contributor {@code actionProducer}).
 * It reads the partitions from the producer's metadata, which it keeps up to date; the broker's own reachability is
 * {@code KafkaReachable}'s part.
 */
@Component
public class ActionProducerHealthIndicator implements HealthIndicator {
    private final ActionRecorder recorder;

    public ActionProducerHealthIndicator(ActionRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Health health() {
        if (!recorder.isOpen()) {
            return Health.down().withDetail("error", "the action producer is closed").build();
        }
        try {
            return Health.up().withDetail("chatActionPartitions", recorder.partitionsOf(Topic.CHAT_ACTIONS.topicName())).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.toString()).build();
        }
    }
}
