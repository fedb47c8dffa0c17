package dev.switchboard.projector.kafka;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EnvelopeHeader;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.LogContext;
import dev.switchboard.events.Topic;
import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.kafka.CrashPoints.Point;
import dev.switchboard.projector.metrics.ProjectorMetrics;
import dev.switchboard.projector.store.LogPositions;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The projector's consumer loop over every action topic, on spring-kafka's listener container. Per poll batch: each
 * projection writes its read models and returns updates; the updates are published and acknowledged by the log; then
 * the batch's positions are stored durably in the read-model database ({@link LogPositions}). On assignment the loop
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
 */
@Component
public class ActionLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ActionLoop.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);
    private static final int ATTEMPTS_BEFORE_ISOLATING = 3;
    private static final int MAX_DEAD_LETTER_CHARS = 64 * 1024;
    /** The ordinal of an action's dead letter among the records it caused (its updates count from 0). */
    private static final int DEAD_LETTER_ORDINAL = -1;

    private final ProjectorSettings settings;
    private final Map<String, Projection> projectionsByTopic;
    private final UpdatePublisher publisher;
    private final ReadModels readModels;
    private final LogPositions positions;
    private final CrashPoints crashPoints;
    private final ProjectorMetrics metrics;
    private final MeterRegistry registry;
    private final ApplicationContext context;
    private volatile KafkaMessageListenerContainer<String, byte[]> container;

    public ActionLoop(ProjectorSettings settings, List<Projection> projections, UpdatePublisher publisher, ReadModels readModels,
                      LogPositions positions, CrashPoints crashPoints, ProjectorMetrics metrics, MeterRegistry registry,
                      ApplicationContext context) {
        this.settings = settings;
        this.metrics = metrics;
        this.registry = registry;
        this.context = context;
        this.readModels = readModels;
        this.positions = positions;
        this.crashPoints = crashPoints;
        this.projectionsByTopic = projections.stream()
                .collect(Collectors.toMap(p -> p.actionTopic().topicName(), Function.identity()));
        this.publisher = publisher;
    }

    @Override
    public void start() {
        TopicProvisioner.ensureTopics(settings.kafkaCluster());
        String group = settings.rebuild() ? "switchboard-projector-rebuild-" + System.currentTimeMillis() : "switchboard-projector";
        ContainerProperties properties = new ContainerProperties(projectionsByTopic.keySet().toArray(String[]::new));
        properties.setGroupId(group);
        properties.setClientId("switchboard-projector");
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setPollTimeout(200);
        properties.setMessageListener(new Listener());
        Map<String, Object> consumerConfig = KafkaClients.consumerConfig(settings.kafkaCluster(), group, "switchboard-projector", "earliest");
        // a crashed projector's partitions wait for its session to time out before anyone (itself restarted) gets them
        consumerConfig.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        if (!settings.instanceId().isBlank() && !settings.rebuild()) {
            consumerConfig.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        }
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(
                consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        consumers.addListener(new MicrometerConsumerListener<>(registry)); // the client's own kafka.consumer.* meters
        KafkaMessageListenerContainer<String, byte[]> created = new KafkaMessageListenerContainer<>(consumers, properties);
        created.setCommonErrorHandler(retryingUntilItPasses());
        created.setBeanName("projector-action-loop");
        created.setApplicationContext(context); // where the container finds the registry for its spring.kafka.listener timer
        created.start();
        container = created;
        log.info("projector consuming {}{}", projectionsByTopic.keySet(), settings.rebuild() ? " in rebuild mode" : "");
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
        handler.setClassifications(Map.of(NotAppliedYet.class, true), false); // forwarded to the batch fallback too
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    /** A batch that failed because the store or the log is not available: the container applies it again later. */
    static final class NotAppliedYet extends RuntimeException {
        NotAppliedYet(Throwable cause) {
            super("not applied yet: " + cause, cause);
        }
    }

    /** Whether the loop's consumer thread is alive and consuming (a dead loop makes the projector not ready). */
    public boolean isConsuming() {
        KafkaMessageListenerContainer<String, byte[]> current = container;
        return current != null && current.isRunning() && current.isInExpectedState();
    }

    private final class Listener implements BatchConsumerAwareMessageListener<String, byte[]>, ConsumerSeekAware {
        /** Only the consumer thread touches it. */
        private final Set<TopicPartition> owned = new HashSet<>();

        @Override
        public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
            // a batch retried by the error handler keeps its records after a rebalance took their partitions away:
            // those now belong to another projector, which resumes from the stored positions
            List<ConsumerRecord<String, byte[]>> ours = records.stream()
                    .filter(record -> owned.contains(new TopicPartition(record.topic(), record.partition()))).toList();
            if (!ours.isEmpty()) {
                long started = System.nanoTime();
                try {
                    crashPoints.batchStarted();
                    applyOrSetAside(ours);
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
            Map<TopicPartition, Long> stored = storedPositions(assignments.keySet());
            // read models written by a build that kept no positions go on from the group's committed offsets, as that
            // build did (the consumer's position on assignment), instead of applying and publishing the whole log again;
            // those become the stored positions at once. Otherwise a partition without a position (a new or dropped
            // database) is read from the beginning.
            boolean earlierBuild = stored.isEmpty() && untilTheStoreAnswers(() -> !positions.anyStored() && readModels.holdsReadModels());
            if (earlierBuild) {
                untilTheStoreAnswers(() -> {
                    positions.advance(assignments);
                    return true;
                });
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

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            metrics.released(partitions);
            projectionsByTopic.values().forEach(Projection::partitionsRevoked);
        }
    }

    private Map<TopicPartition, Long> storedPositions(Collection<TopicPartition> partitions) {
        return untilTheStoreAnswers(() -> positions.of(partitions));
    }

    /** Inside a rebalance nothing can be consumed without the positions: wait for the store (unless stopping). */
    private <T> T untilTheStoreAnswers(Supplier<T> read) {
        while (true) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                KafkaMessageListenerContainer<String, byte[]> current = container;
                if (current != null && !current.isRunning()) {
                    throw e;
                }
                log.warn("cannot read the stored positions yet, retrying: {}", e.toString());
                sleep(RETRY_BACKOFF);
            }
        }
    }

    private void applyOrSetAside(List<ConsumerRecord<String, byte[]>> records) {
        int deterministicFailures = 0;
        while (true) {
            try {
                process(records);
                return;
            } catch (NotAppliedYet e) {
                projectionsByTopic.values().forEach(Projection::partitionsRevoked);
                throw e;
            } catch (Exception e) {
                projectionsByTopic.values().forEach(Projection::partitionsRevoked); // re-decide from the store, not from memory
                // set aside only what fails while the store demonstrably works: an outage that looks like a bad
                // action (a full disk answers every write with an error) must be waited out, not skipped
                if (Failures.isTransient(e) || !readModels.acceptsWrites()) {
                    throw new NotAppliedYet(e);
                }
                log.warn("batch of {} actions failed, retrying: {}", records.size(), e.toString());
                if (++deterministicFailures < ATTEMPTS_BEFORE_ISOLATING) {
                    sleep(RETRY_BACKOFF);
                    continue;
                }
                if (records.size() > 1) {
                    oneAtATime(records);
                } else {
                    setAside(records.get(0), Failures.describe(e));
                }
                return;
            }
        }
    }

    /**
     * Narrows a failing batch down: a batch of several topics is applied topic by topic in their declared order (each
     * topic's part whole, as the first run applied it, so a projection that had written re-runs exactly), and a
     * failing single topic's records one at a time.
     */
    private void oneAtATime(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new LinkedHashMap<>();
        for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
            byTopic.put(topic.topicName(), new ArrayList<>());
        }
        records.forEach(record -> byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record));
        byTopic.values().removeIf(List::isEmpty);
        if (byTopic.size() > 1) {
            byTopic.values().forEach(this::applyOrSetAside);
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            applyOrSetAside(List.of(record));
        }
    }

    private void setAside(ConsumerRecord<String, byte[]> record, String error) {
        Envelope<ActionSetAside> deadLetter = deadLetterOf(record, error);
        try (LogContext.Scope ignored = LogContext.of(deadLetter)) {
            log.error("setting aside {}-{}@{} after {} failed attempts: {}", record.topic(), record.partition(), record.offset(),
                    ATTEMPTS_BEFORE_ISOLATING, error);
            if (!settings.rebuild()) {
                publisher.publishAll(List.of(deadLetter));
            }
            moveOn(Map.of(new TopicPartition(record.topic(), record.partition()), record.offset() + 1));
            metrics.setAside(record.topic());
        } catch (Exception e) {
            throw new NotAppliedYet(e);
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, List<Envelope<Event>>> byTopic = new LinkedHashMap<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        List<Envelope<?>> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            try {
                Envelope<Event> action = EventJson.read(record.value());
                byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(action);
                if (log.isDebugEnabled()) {
                    try (LogContext.Scope ignored = LogContext.of(action)) {
                        log.debug("applying {} {} from {}-{}@{}", action.type(), action.id(), record.topic(), record.partition(), record.offset());
                    }
                }
            } catch (EventJson.MalformedEventException e) {
                Envelope<ActionSetAside> deadLetter = deadLetterOf(record, e.getMessage());
                try (LogContext.Scope ignored = LogContext.of(deadLetter)) {
                    log.error("setting aside unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                }
                unreadable.add(deadLetter);
            }
        }
        List<Envelope<?>> updates = new ArrayList<>();
        // topics in their declared order, so that e.g. a user seen in this batch is known to the chat actions after it
        for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
            List<Envelope<Event>> batch = byTopic.get(topic.topicName());
            if (batch != null) {
                updates.addAll(projectionsByTopic.get(topic.topicName()).apply(batch));
            }
        }
        updates.addAll(unreadable);
        if (log.isDebugEnabled()) {
            for (Envelope<?> update : updates) {
                try (LogContext.Scope ignored = LogContext.of(update)) {
                    log.debug("decided {} {}", update.type(), update.id());
                }
            }
        }
        crashPoints.reached(Point.AFTER_WRITE);
        // the effects are written: from here on a failure is the log's or the store's, never the actions' fault, so it
        // must be retried, not answered by setting the actions aside
        try {
            if (!settings.rebuild()) {
                publisher.publishAll(updates);
            }
            crashPoints.reached(Point.AFTER_PUBLISH);
            moveOn(nextOffsets);
        } catch (Exception e) {
            throw new NotAppliedYet(e);
        }
        byTopic.forEach((topic, actions) -> metrics.applied(topic, actions.size()));
        unreadable.forEach(deadLetter -> metrics.setAside(((ActionSetAside) deadLetter.payload()).topic()));
    }

    /** Stores the positions durably: the ones the loop resumes from. (The container then commits the group's offsets, for monitoring.) */
    private void moveOn(Map<TopicPartition, Long> nextOffsets) {
        positions.advance(nextOffsets);
        crashPoints.reached(Point.AFTER_POSITIONS);
    }

    /**
     * The dead letter of a record: caused by it (same correlation id, so its sender's pending ack is answered) where
     * its envelope can be read at all; the action stays in the log and the letter carries a readable head of it.
     */
    private static Envelope<ActionSetAside> deadLetterOf(ConsumerRecord<String, byte[]> record, String error) {
        String json = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        ActionSetAside setAside = new ActionSetAside(record.topic(), record.partition(), record.offset(), error,
                json.length() > MAX_DEAD_LETTER_CHARS ? json.substring(0, MAX_DEAD_LETTER_CHARS) + "…" : json);
        String key = record.key() != null && !record.key().isEmpty() ? record.key() : record.topic() + ":" + record.partition();
        return Optional.ofNullable(record.value()).flatMap(EventJson::readHeader)
                .filter(EnvelopeHeader::canCause)
                .map(header -> Envelope.causedByHeader(header, DEAD_LETTER_ORDINAL, setAside, key))
                .orElseGet(() -> new Envelope<>(Ids.derived(record.topic() + ":" + record.partition() + ":" + record.offset(), DEAD_LETTER_ORDINAL),
                        EventTypes.nameOf(setAside), EventTypes.versionOf(setAside), Instant.ofEpochMilli(record.timestamp()),
                        Actor.system("projector"), key, null, setAside));
    }

    private void sleep(Duration duration) {
        KafkaMessageListenerContainer<String, byte[]> current = container;
        if (current != null && !current.isRunning()) {
            throw new NotAppliedYet(new IllegalStateException("stopping"));
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAppliedYet(e);
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
