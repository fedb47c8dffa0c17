package dev.switchboard.projector.kafka;

import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.metrics.ProjectorMetrics;
import dev.switchboard.projector.store.LogPositions;
import dev.switchboard.projector.store.LogPositions.PositionsLost;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.projector.store.ReadModels;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The projector's consumer loop over every action topic, on spring-kafka's listener container. Each poll batch goes to
 * {@link BatchApplier}: each projection writes its read models and returns updates; the updates are published and
 * acknowledged by the log; then the batch's positions are stored durably in the read-model database ({@link LogPositions}). On assignment the loop
 * seeks to those stored positions, so after a crash at any point it resumes where the store's effects end and applies
 * everything after again, which the projections make harmless (see {@link Projection}). The container commits the
 * consumer group's offsets too, but only for monitoring: the store's positions are the ones the loop trusts.
 * <p>
 * A record that cannot be read (unknown type, newer version, malformed) is set aside at once. A failure of the store
 * or the log is handed to the container's error handler, which retries the batch until it passes, pausing the
 * partitions and polling meanwhile so this member stays in its group (a long outage does not get it replaced by
 * another projector while it still writes). A batch that keeps failing otherwise while the store takes writes is
 * applied one action at a time, and an action that still fails alone is set aside. Setting aside publishes an
 * {@code ActionSetAside} dead letter (which answers the sender) and moves the position past the record: one bad
 * record cannot stall every aggregate, and none is skipped without a trace.
 * <p>
 * Each assignment takes a new {@link OwnerEpoch} before anything is applied, so a projector that had these partitions
 * before and still writes (frozen past its session, cut off from the brokers) cannot write over this one's heads.
 * <p>
 * A database that loses the positions the loop stored (dropped while in use) makes the loop stop applying for good
 * ({@link #readModelsLost()}): going on would fill it with what comes next over nothing before, and a projector
 * restarted on it finds the mark {@link LogPositions#markLost} left and stops too. The actions wait in the log for the
 * database to be rebuilt (README, "The log's own tools").
 */
@Component
public class ActionLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ActionLoop.class);
    private static final Duration RETRY_BACKOFF = BatchApplier.RETRY_BACKOFF;
    private static final String GROUP = "switchboard-projector";

    private final ProjectorSettings settings;
    private final BatchApplier applier;
    private final ReadModels readModels;
    private final LogPositions positions;
    private final OwnerEpoch owner;
    private final ProjectorMetrics metrics;
    private final MeterRegistry registry;
    private final ApplicationContext context;
    private volatile KafkaMessageListenerContainer<String, byte[]> container;
    private volatile String readModelsLost;

    public ActionLoop(ProjectorSettings settings, BatchApplier applier, ReadModels readModels, LogPositions positions,
                      OwnerEpoch owner, ProjectorMetrics metrics, MeterRegistry registry, ApplicationContext context) {
        this.owner = owner;
        this.settings = settings;
        this.applier = applier;
        this.metrics = metrics;
        this.registry = registry;
        this.context = context;
        this.readModels = readModels;
        this.positions = positions;
    }

    /** A rebuild's context applies batches itself ({@code projector.logtools.Rebuild}): no consumer group, no loop. */
    @Override
    public boolean isAutoStartup() {
        return !settings.rebuild();
    }

    @Override
    public void start() {
        TopicProvisioner.ensureTopics(settings.kafkaCluster());
        String group = GROUP;
        ContainerProperties properties = new ContainerProperties(applier.topics().toArray(String[]::new));
        properties.setGroupId(group);
        properties.setClientId("switchboard-projector");
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setPollTimeout(200);
        properties.setIdleEventInterval(LogPositions.CHECK_EVERY.toMillis()); // Listener.onIdleContainer
        properties.setMessageListener(new Listener());
        Map<String, Object> consumerConfig = KafkaClients.consumerConfig(settings.kafkaCluster(), group, "switchboard-projector", "earliest");
        // a crashed projector's partitions wait for its session to time out before anyone (itself restarted) gets them
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        if (!settings.instanceId().isBlank()) {
            consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        }
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(
                consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        consumers.addListener(new MicrometerConsumerListener<>(registry)); // the client's own kafka.consumer.* meters
        KafkaMessageListenerContainer<String, byte[]> created = new KafkaMessageListenerContainer<>(consumers, properties);
        created.setCommonErrorHandler(retryingUntilItPasses());
        created.setBeanName("projector-action-loop");
        created.setApplicationContext(context); // where the container finds the registry for its spring.kafka.listener timer
        container = created; // before it starts: an assignment may need to pause it
        created.start();
        log.info("projector consuming {}", applier.topics());
    }

    /**
     * Only {@link NotAppliedYet} reaches the container (every other failure is handled in the listener); it retries the
     * whole batch forever, polling with the partitions paused. Nothing is ever skipped by the container: were its
     * attempts to run out, the recoverer refuses, and the batch is sought back and delivered again.
     */
    private static DefaultErrorHandler retryingUntilItPasses() {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            throw new IllegalStateException("the projector never skips an action it has not applied or set aside", failure);
        }, new FixedBackOff(RETRY_BACKOFF.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS));
        handler.setClassifications(Map.of(BatchApplier.NotAppliedYet.class, true), false); // forwarded to the batch fallback too
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    /** Whether the loop's consumer thread is alive and consuming (a dead loop makes the projector not ready). */
    public boolean isConsuming() {
        KafkaMessageListenerContainer<String, byte[]> current = container;
        return current != null && current.isRunning() && current.isInExpectedState();
    }

    /** Why the loop stopped applying, when the read models' database lost its positions under it. */
    public Optional<String> readModelsLost() {
        return Optional.ofNullable(readModelsLost);
    }

    /** Applies nothing more (the container's consumer stays in its group, paused) and leaves the mark for a restart. */
    private void stopApplying(String what, boolean marked) {
        readModelsLost = what;
        KafkaMessageListenerContainer<String, byte[]> current = container;
        if (current != null) {
            current.pause();
        }
        log.error("the read models' database lost the projector's positions: {}. Applying nothing more to it; the actions "
                + "wait in the log. Rebuild the read models from the log into another database and switch to it (README, "
                + "\"The log's own tools\").", what);
        if (!marked) {
            untilTheStoreHas(() -> positions.markLost(what));
        }
    }

    private final class Listener implements BatchConsumerAwareMessageListener<String, byte[]>, ConsumerSeekAware {
        /** Only the consumer thread touches it. */
        private final Set<TopicPartition> owned = new HashSet<>();

        @Override
        public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
            if (readModelsLost != null) {
                return; // fetched before the pause took effect
            }
            // a batch retried by the error handler keeps its records after a rebalance took their partitions away:
            // those now belong to another projector, which resumes from the stored positions
            List<ConsumerRecord<String, byte[]>> ours = records.stream()
                    .filter(record -> owned.contains(new TopicPartition(record.topic(), record.partition()))).toList();
            if (!ours.isEmpty()) {
                long started = System.nanoTime();
                try {
                    unlessPositionsAreLost(() -> applier.apply(ours, () -> {
                        KafkaMessageListenerContainer<String, byte[]> current = container;
                        return current != null && !current.isRunning();
                    }));
                    metrics.batch(Duration.ofNanos(System.nanoTime() - started));
                } finally {
                    reportLag(consumer);
                }
            }
        }

        /** Every owned partition's lag as the consumer last fetched it (idle ones too, once a fetch has covered them). */
        private void reportLag(Consumer<?, ?> consumer) {
            owned.forEach(partition -> consumer.currentLag(partition).ifPresent(lag -> metrics.lag(partition, lag)));
        }

        /** The store's positions, not the group's offsets, say where the read models end. */
        @Override
        public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
            if (assignments.isEmpty()) {
                return;
            }
            owned.addAll(assignments.keySet());
            metrics.owned(assignments.keySet());
            Optional<String> lostBefore = untilTheStoreAnswers(positions::lostMark);
            if (lostBefore.isPresent()) {
                stopApplying(lostBefore.get(), true);
                return;
            }
            // before anything is applied: from now on a projector that had these partitions before cannot write over
            // what this one writes (OwnerEpoch)
            long epoch = untilTheStoreAnswers(owner::takeOver);
            log.info("writing under owner epoch {}", epoch);
            unlessPositionsAreLost(() -> seekToStoredPositions(assignments, callback));
        }

        private void seekToStoredPositions(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
            Map<TopicPartition, Long> stored = storedPositions(assignments.keySet());
            // read models written by a build that kept no positions go on from the group's committed offsets, as that
            // build did (the consumer's position on assignment), instead of applying and publishing the whole log again;
            // those become the stored positions at once. Otherwise a partition without a position (a new or dropped
            // database) is read from the beginning.
            boolean earlierBuild = stored.isEmpty() && untilTheStoreAnswers(() -> !positions.anyStored() && readModels.holdsReadModels());
            if (earlierBuild) {
                untilTheStoreHas(() -> positions.advance(assignments));
            }
            for (TopicPartition partition : assignments.keySet()) {
                Long next = stored.get(partition);
                if (next != null) {
                    callback.seek(partition.topic(), partition.partition(), next);
                } else if (!earlierBuild) {
                    callback.seekToBeginning(partition.topic(), partition.partition());
                }
            }
            log.info("resuming {} partitions at the store's positions {}{}", assignments.size(), stored,
                    earlierBuild ? " (a store of an earlier build: the others at the group's offsets)" : "");
        }

        /** A quiet log brings no batch to notice a dropped or restored database with: look every few seconds. */
        @Override
        public void onIdleContainer(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
            if (readModelsLost != null) {
                return;
            }
            try {
                unlessPositionsAreLost(positions::verify);
            } catch (RuntimeException storeNotAnswering) {
                log.debug("could not look at the stored positions while idle (looking again in {}): {}", LogPositions.CHECK_EVERY,
                        storeNotAnswering.toString());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            metrics.released(partitions);
            applier.forgetCachedState();
        }
    }

    /** Runs {@code step}; positions found lost on the way stop the loop for good. */
    private void unlessPositionsAreLost(Runnable step) {
        try {
            step.run();
        } catch (PositionsLost e) {
            stopApplying("the database was dropped or restored from an earlier copy, or its positions deleted or moved back,"
                    + " while the projector used it (" + e.getMessage() + ")", false);
        }
    }

    private Map<TopicPartition, Long> storedPositions(Collection<TopicPartition> partitions) {
        return untilTheStoreAnswers(() -> positions.of(partitions));
    }

    private void untilTheStoreHas(Runnable write) {
        untilTheStoreAnswers(() -> {
            write.run();
            return true;
        });
    }

    /** Inside a rebalance nothing can be consumed without the positions: wait for the store (unless stopping). */
    private <T> T untilTheStoreAnswers(Supplier<T> read) {
        while (true) {
            try {
                return read.get();
            } catch (PositionsLost e) {
                throw e;
            } catch (RuntimeException e) {
                KafkaMessageListenerContainer<String, byte[]> current = container;
                if (current != null && !current.isRunning()) {
                    throw e;
                }
                log.warn("cannot read the stored positions yet, retrying: {}", e.toString());
                BatchApplier.sleep(RETRY_BACKOFF, () -> container != null && !container.isRunning());
            }
        }
    }

    @Override
    public void stop() {
        KafkaMessageListenerContainer<String, byte[]> current = container;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public boolean isRunning() {
        KafkaMessageListenerContainer<String, byte[]> current = container;
        return current != null && current.isRunning();
    }
}
