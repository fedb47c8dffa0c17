package dev.switchboard.projector.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The projector's own meters (see the README's metrics table). Names start with {@code switchboard.}; Prometheus shows
 * them with underscores ({@code switchboard_projector_lag}, {@code switchboard_dead_letters_total}, …).
 */
@Component
public class ProjectorMetrics {
    /** Records of an owned action partition not read yet, as of the loop's last batch (NaN until a fetch covered it). */
    public static final String LAG = "switchboard.projector.lag";
    /** Actions set aside as dead letters ({@code ActionSetAside} on {@code switchboard.dead-letters}), by action topic. */
    public static final String DEAD_LETTERS = "switchboard.dead.letters";
    /** Actions applied, by action topic. */
    public static final String ACTIONS = "switchboard.projector.actions";
    /** One poll batch: read, decide, write, publish, store positions. */
    public static final String BATCH = "switchboard.projector.batch";

    private static final long UNKNOWN = -1;

    private final MeterRegistry registry;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer batches;

    public ProjectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batches = Timer.builder(BATCH).description("one poll batch applied, published and its positions stored")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry);
    }

    public void setAside(String topic) {
        counter(DEAD_LETTERS, "actions set aside as dead letters", topic).increment();
    }

    public void applied(String topic, int actions) {
        counter(ACTIONS, "actions applied", topic).increment(actions);
    }

    public void batch(Duration took) {
        batches.record(took);
    }

    private Counter counter(String name, String description, String topic) {
        return counters.computeIfAbsent(name + " " + topic,
                key -> Counter.builder(name).description(description).tag("topic", topic).register(registry));
    }

    /** Partitions this projector now owns: their lag is unknown until a batch of theirs arrives. */
    public void owned(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> lags.computeIfAbsent(partition, p -> new Lag(p, registry)).value.set(UNKNOWN));
    }

    public void lag(TopicPartition partition, long records) {
        lags.computeIfAbsent(partition, p -> new Lag(p, registry)).value.set(records);
    }

    /** Partitions another projector took over: their lag is no longer this one's to report. */
    public void released(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            Lag lag = lags.remove(partition);
            if (lag != null) {
                registry.remove(lag.gauge);
            }
        });
    }

    private static final class Lag {
        final AtomicLong value = new AtomicLong(UNKNOWN);
        final Gauge gauge;

        Lag(TopicPartition partition, MeterRegistry registry) {
            this.gauge = Gauge.builder(LAG, value, v -> v.get() == UNKNOWN ? Double.NaN : v.get())
                    .description("records of an owned action partition not read yet")
                    .tag("topic", partition.topic()).tag("partition", Integer.toString(partition.partition()))
                    .register(registry);
        }
    }
}
