package dev.switchboard.projector.kafka;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EnvelopeHeader;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.kafka.CrashPoints.Point;
import dev.switchboard.projector.store.LogPositions;
import dev.switchboard.projector.store.ReadModels;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The projector's one consumer loop over every action topic. Per poll batch: each projection writes its read
 * models and returns updates; the updates are published and acknowledged by the log; then the batch's positions
 * are stored durably in the read-model database ({@link LogPositions}). On assignment the loop seeks to those stored
 * positions, so after a crash at any point it resumes where the store's effects end and applies everything after
 * again, which the projections make harmless (see {@link Projection}). The consumer group's offsets are committed too
 * (asynchronously), but only for monitoring: the store's positions are the ones the loop trusts.
 * <p>
 * A record that cannot be read (unknown type, newer version, malformed) is set aside at once. A failure of the store
 * or the log is retried until it passes. A batch that keeps failing otherwise is applied one action at a time, and an
 * action that still fails alone while the store takes writes is set aside. Setting aside publishes an
 * {@code ActionSetAside} dead letter (which answers the sender) and moves the position past the record, so one bad
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
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public ActionLoop(ProjectorSettings settings, List<Projection> projections, UpdatePublisher publisher, ReadModels readModels,
                      LogPositions positions, CrashPoints crashPoints) {
        this.settings = settings;
        this.readModels = readModels;
        this.positions = positions;
        this.crashPoints = crashPoints;
        this.projectionsByTopic = projections.stream()
                .collect(Collectors.toMap(p -> p.actionTopic().topicName(), Function.identity()));
        this.publisher = publisher;
    }

    @Override
    public void start() {
        TopicProvisioner.ensureTopics(settings.kafkaBootstrapServers(), (short) 1);
        String group = settings.rebuild() ? "switchboard-projector-rebuild-" + System.currentTimeMillis() : "switchboard-projector";
        consumer = KafkaClients.consumer(settings.kafkaBootstrapServers(), group, "switchboard-projector", "earliest");
        consumer.subscribe(projectionsByTopic.keySet(), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commitProcessed();
                projectionsByTopic.values().forEach(Projection::partitionsRevoked);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                seekToStoredPositions(partitions);
            }
        });
        running = true;
        thread = new Thread(this::run, "projector-action-loop");
        thread.start();
        log.info("projector consuming {}{}", projectionsByTopic.keySet(), settings.rebuild() ? " in rebuild mode" : "");
    }

    /** Called inside poll: the store's positions, not the group's offsets, say where the read models end. */
    private void seekToStoredPositions(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        while (running) {
            try {
                Map<TopicPartition, Long> stored = positions.of(partitions);
                Map<TopicPartition, Long> fallback = stored.isEmpty() && !positions.anyStored() ? committedByAnEarlierBuild(partitions) : Map.of();
                for (TopicPartition partition : partitions) {
                    Long next = stored.getOrDefault(partition, fallback.get(partition));
                    if (next != null) {
                        consumer.seek(partition, next);
                    } else {
                        consumer.seekToBeginning(List.of(partition));
                    }
                }
                log.info("resuming {} partitions at the store's positions {}{}", partitions.size(), stored,
                        fallback.isEmpty() ? "" : " and the group's committed offsets " + fallback);
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("cannot read the stored positions yet, retrying: {}", e.toString());
                sleep(RETRY_BACKOFF);
            }
        }
    }

    /**
     * A store written by a build that kept no positions continues once from the group's committed offsets (as that
     * build did), instead of applying and publishing the whole log again. A new database has no committed group
     * offsets to go by only if its group is new too, e.g. in rebuild mode: it is read from the beginning.
     */
    private Map<TopicPartition, Long> committedByAnEarlierBuild(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        consumer.committed(Set.copyOf(partitions)).forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition, offset.offset());
            }
        });
        return committed;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    crashPoints.batchStarted();
                    processWithRetry(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException | Error e) {
            log.error("the projector's loop died", e);
            throw e;
        } finally {
            running = false;
            commitProcessed();
            consumer.close();
        }
    }

    /** Whether the loop thread is alive and consuming (a dead loop makes the projector not ready). */
    public boolean isConsuming() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }

    private void commitProcessed() {
        if (processed.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(new HashMap<>(processed));
        } catch (RuntimeException e) {
            log.debug("could not commit the group's offsets {}: {}", processed, e.toString());
        } finally {
            processed.clear();
        }
    }

    private void processWithRetry(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        processWithRetry(batch);
    }

    private void processWithRetry(List<ConsumerRecord<String, byte[]>> records) {
        int deterministicFailures = 0;
        while (running) {
            try {
                process(records);
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                log.warn("batch of {} actions failed, retrying: {}", records.size(), e.toString());
                projectionsByTopic.values().forEach(Projection::partitionsRevoked); // re-decide from the store, not from memory
                // set aside only what fails while the store demonstrably works: an outage that looks like a bad
                // action (a full disk answers every write with an error) must be waited out, not skipped
                if (!Failures.isTransient(e) && ++deterministicFailures >= ATTEMPTS_BEFORE_ISOLATING && readModels.acceptsWrites()) {
                    if (records.size() > 1) {
                        oneAtATime(records);
                    } else {
                        setAside(records.get(0), Failures.describe(e));
                    }
                    return;
                }
                if (!waitInGroup(RETRY_BACKOFF, partitionsOf(records))) {
                    log.warn("partitions of the failed batch moved to another projector; it resumes from the stored positions");
                    return;
                }
            }
        }
    }

    /**
     * Waits before a retry while staying in the consumer group: polls with every partition paused, so a long outage
     * does not exceed {@code max.poll.interval.ms}, get this member thrown out and its partitions handed to another
     * projector while it still writes. Returns whether this member still owns {@code batch}'s partitions.
     */
    private boolean waitInGroup(Duration wait, Set<TopicPartition> batch) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            consumer.pause(consumer.assignment());
            ConsumerRecords<String, byte[]> unexpected = consumer.poll(Duration.ofMillis(100));
            // partitions assigned during the poll were not paused yet: leave their records to be polled again
            for (TopicPartition partition : unexpected.partitions()) {
                consumer.seek(partition, unexpected.records(partition).get(0).offset());
            }
        } while (running && System.nanoTime() < deadline);
        consumer.resume(consumer.assignment());
        return consumer.assignment().containsAll(batch);
    }

    private static Set<TopicPartition> partitionsOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> new TopicPartition(record.topic(), record.partition())).collect(Collectors.toSet());
    }

    /** In the order a batch applies them: by topic as declared (users before chats), then as polled. */
    private void oneAtATime(List<ConsumerRecord<String, byte[]>> records) {
        List<String> topicOrder = Topic.readBy(Topic.Reader.PROJECTOR).stream().map(Topic::topicName).toList();
        List<ConsumerRecord<String, byte[]>> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingInt(record -> topicOrder.indexOf(record.topic())));
        for (ConsumerRecord<String, byte[]> record : ordered) {
            processWithRetry(List.of(record));
        }
    }

    private void setAside(ConsumerRecord<String, byte[]> record, String error) {
        log.error("setting aside {}-{}@{} after {} failed attempts: {}", record.topic(), record.partition(), record.offset(),
                ATTEMPTS_BEFORE_ISOLATING, error);
        while (running) {
            try {
                if (!settings.rebuild()) {
                    publisher.publishAll(List.of(deadLetterOf(record, error)));
                }
                moveOn(Map.of(new TopicPartition(record.topic(), record.partition()), record.offset() + 1));
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                log.warn("could not record the dead letter for {}-{}@{}, retrying: {}", record.topic(), record.partition(), record.offset(), e.toString());
                if (!waitInGroup(RETRY_BACKOFF, partitionsOf(List.of(record)))) {
                    return;
                }
            }
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, List<Envelope<Event>>> byTopic = new LinkedHashMap<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        List<Envelope<?>> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            try {
                byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(EventJson.read(record.value()));
            } catch (EventJson.MalformedEventException e) {
                log.error("setting aside unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                unreadable.add(deadLetterOf(record, e.getMessage()));
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
        crashPoints.reached(Point.AFTER_WRITE);
        if (!settings.rebuild()) {
            publisher.publishAll(updates);
        }
        crashPoints.reached(Point.AFTER_PUBLISH);
        moveOn(nextOffsets);
    }

    /** Stores the positions durably (the ones the loop resumes from), then commits the group's offsets for monitoring. */
    private void moveOn(Map<TopicPartition, Long> nextOffsets) {
        positions.advance(nextOffsets);
        crashPoints.reached(Point.AFTER_POSITIONS);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        processed.putAll(offsets);
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug("could not commit the group's offsets: {}", failure.toString());
            }
        });
    }

    /**
     * The dead letter of a record: caused by it (same correlation id, so its sender's pending ack is answered) where
     * its envelope can be read at all; the action stays in the log and the letter carries a readable head of it.
     */
    private static Envelope<ActionSetAside> deadLetterOf(ConsumerRecord<String, byte[]> record, String error) {
        String json = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
        ActionSetAside setAside = new ActionSetAside(record.topic(), record.partition(), record.offset(), error,
                json.length() > MAX_DEAD_LETTER_CHARS ? json.substring(0, MAX_DEAD_LETTER_CHARS) + "…" : json);
        String key = record.key() != null ? record.key() : record.topic() + ":" + record.partition();
        return Optional.ofNullable(record.value()).flatMap(EventJson::readHeader)
                .filter(EnvelopeHeader::canCause)
                .map(header -> Envelope.causedByHeader(header, DEAD_LETTER_ORDINAL, setAside, key))
                .orElseGet(() -> new Envelope<>(Ids.derived(record.topic() + ":" + record.partition() + ":" + record.offset(), DEAD_LETTER_ORDINAL),
                        EventTypes.nameOf(setAside), EventTypes.versionOf(setAside), Instant.ofEpochMilli(record.timestamp()),
                        Actor.system("projector"), key, null, setAside));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread current2 = thread;
        if (current2 != null) {
            try {
                current2.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
