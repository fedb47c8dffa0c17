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
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.kafka.CrashPoints.Point;
import dev.switchboard.projector.metrics.ProjectorMetrics;
import dev.switchboard.projector.store.LogPositions;
import dev.switchboard.projector.store.LogPositions.PositionsLost;
import dev.switchboard.projector.store.OwnerEpoch.Superseded;
import dev.switchboard.projector.store.ReadModels;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies one poll batch of action records: each projection writes its read models and returns updates, the audit
 * trails record the batch's records, the updates are published and acknowledged by the log, then the batch's
 * positions are stored durably ({@link LogPositions}). The live loop ({@link ActionLoop}) and a rebuild
 * ({@code projector.logtools.Rebuild}) both apply batches here, so a rebuilt read model is made by exactly the code
 * that made the live one; a rebuild's context publishes nothing ({@link ProjectorSettings#rebuild()}).
 * <p>
 * A record that cannot be read is set aside at once; a failure of the store or the log is thrown as
 * {@link NotAppliedYet} for the caller to retry the whole batch; any other failure that repeats three times narrows the
 * batch down topic by topic, then one action at a time, and an action that still fails alone is set aside (an
 * {@code ActionSetAside} dead letter, and the position moves past it).
 */
@Component
public class BatchApplier {
    private static final Logger log = LoggerFactory.getLogger(BatchApplier.class);
    static final Duration RETRY_BACKOFF = Duration.ofMillis(500);
    private static final int ATTEMPTS_BEFORE_ISOLATING = 3;
    private static final int MAX_DEAD_LETTER_CHARS = 64 * 1024;
    /** The ordinal of an action's dead letter among the records it caused (its updates count from 0). */
    private static final int DEAD_LETTER_ORDINAL = -1;

    private final boolean publishing;
    private final Map<String, Projection> projectionsByTopic;
    private final Map<String, AuditTrail> trailsByTopic;
    private final UpdatePublisher publisher;
    private final ReadModels readModels;
    private final LogPositions positions;
    private final CrashPoints crashPoints;
    private final ProjectorMetrics metrics;
    private final PositionDurability durability;
    private final Map<TopicPartition, Long> notYetDurable = new HashMap<>();

    public BatchApplier(ProjectorSettings settings, List<Projection> projections, List<AuditTrail> trails, UpdatePublisher publisher,
                        ReadModels readModels, LogPositions positions, CrashPoints crashPoints, ProjectorMetrics metrics) {
        this.publishing = !settings.rebuild();
        this.durability = settings.rebuild() ? PositionDurability.rebuild(PositionDurability.REBUILD_ACTIONS_BETWEEN) : PositionDurability.everyBatch();
        this.projectionsByTopic = projections.stream().collect(Collectors.toMap(p -> p.actionTopic().topicName(), Function.identity()));
        this.trailsByTopic = trails.stream().collect(Collectors.toMap(t -> t.actionTopic().topicName(), Function.identity()));
        this.publisher = publisher;
        this.readModels = readModels;
        this.positions = positions;
        this.crashPoints = crashPoints;
        this.metrics = metrics;
    }

    /** The action topics applied here. */
    public List<String> topics() {
        return List.copyOf(projectionsByTopic.keySet());
    }

    /** A batch that failed because the store or the log is not available: apply it again later. */
    public static final class NotAppliedYet extends RuntimeException {
        NotAppliedYet(Throwable cause) {
            super("not applied yet: " + cause, cause);
        }
    }

    /** Forget any state cached for aggregates (partitions revoked, or a batch about to be re-run). */
    public void forgetCachedState() {
        projectionsByTopic.values().forEach(Projection::partitionsRevoked);
    }

    /**
     * Applies {@code records} (or sets some aside); {@code stopping} ends the waits between attempts.
     *
     * @throws NotAppliedYet when the store or the log failed, or another projector has taken the records' partitions
     *                       over ({@code OwnerEpoch.Superseded}): nothing may be skipped, apply the same records again
     * @throws PositionsLost when the database lost positions it held (dropped while in use): apply nothing more to it
     */
    public void apply(List<ConsumerRecord<String, byte[]>> records, BooleanSupplier stopping) {
        crashPoints.batchStarted(records);
        applyOrSetAside(records, stopping);
    }

    private void applyOrSetAside(List<ConsumerRecord<String, byte[]>> records, BooleanSupplier stopping) {
        int deterministicFailures = 0;
        while (true) {
            try {
                process(records);
                return;
            } catch (NotAppliedYet | PositionsLost e) {
                forgetCachedState();
                throw e;
            } catch (Superseded e) {
                // not the actions' fault: this process lost their partitions while it was applying them (its next poll
                // finds out), and whatever it is given back comes with a new epoch
                log.warn("batch of {} actions not applied: {}", records.size(), e.getMessage());
                forgetCachedState();
                throw new NotAppliedYet(e);
            } catch (Exception e) {
                forgetCachedState(); // re-decide from the store, not from memory
                // set aside only what fails while the store demonstrably works: an outage that looks like a bad
                // action (a full disk answers every write with an error) must be waited out, not skipped
                if (Failures.isTransient(e) || !readModels.acceptsWrites()) {
                    throw new NotAppliedYet(e);
                }
                log.warn("batch of {} actions failed, retrying: {}", records.size(), e.toString());
                if (++deterministicFailures < ATTEMPTS_BEFORE_ISOLATING) {
                    sleep(RETRY_BACKOFF, stopping);
                    continue;
                }
                if (records.size() > 1) {
                    oneAtATime(records, stopping);
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
    private void oneAtATime(List<ConsumerRecord<String, byte[]>> records, BooleanSupplier stopping) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new LinkedHashMap<>();
        for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
            byTopic.put(topic.topicName(), new ArrayList<>());
        }
        records.forEach(record -> byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record));
        byTopic.values().removeIf(List::isEmpty);
        if (byTopic.size() > 1) {
            byTopic.values().forEach(part -> applyOrSetAside(part, stopping));
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            applyOrSetAside(List.of(record), stopping);
        }
    }

    private void setAside(ConsumerRecord<String, byte[]> record, String error) {
        Envelope<ActionSetAside> deadLetter = deadLetterOf(record, error);
        try (LogContext.Scope ignored = LogContext.of(deadLetter)) {
            log.error("setting aside {}-{}@{} after {} failed attempts: {}", record.topic(), record.partition(), record.offset(),
                    ATTEMPTS_BEFORE_ISOLATING, error);
            AuditTrail trail = trailsByTopic.get(record.topic());
            if (trail != null) {
                trail.record(List.of(), List.of(), Map.of(record, deadLetter));
            }
            if (publishing) {
                publisher.publishAll(List.of(deadLetter));
            }
            moveOn(Map.of(new TopicPartition(record.topic(), record.partition()), record.offset() + 1), 1);
            metrics.setAside(record.topic());
        } catch (PositionsLost e) {
            throw e;
        } catch (Exception e) {
            throw new NotAppliedYet(e);
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, List<Envelope<Event>>> byTopic = new LinkedHashMap<>();
        Map<String, List<ConsumerRecord<String, byte[]>>> readableByTopic = new HashMap<>();
        Map<ConsumerRecord<String, byte[]>, Envelope<?>> unreadable = new LinkedHashMap<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            try {
                Envelope<Event> action = EventJson.read(record.value());
                byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(action);
                readableByTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
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
                unreadable.put(record, deadLetter);
            }
        }
        List<Envelope<?>> updates = new ArrayList<>();
        // topics in their declared order, so that e.g. a user seen in this batch is known to the chat actions after it
        for (Topic topic : Topic.readBy(Topic.Reader.PROJECTOR)) {
            List<Envelope<Event>> batch = byTopic.get(topic.topicName());
            if (batch != null) {
                List<Envelope<?>> outcomes = projectionsByTopic.get(topic.topicName()).apply(batch);
                updates.addAll(outcomes);
            }
        }
        for (AuditTrail trail : trailsByTopic.values()) {
            String topic = trail.actionTopic().topicName();
            Map<ConsumerRecord<String, byte[]>, Envelope<?>> setAside = new LinkedHashMap<>();
            unreadable.forEach((record, deadLetter) -> {
                if (record.topic().equals(topic)) {
                    setAside.put(record, deadLetter);
                }
            });
            List<ConsumerRecord<String, byte[]>> applied = readableByTopic.getOrDefault(topic, List.of());
            if (!applied.isEmpty() || !setAside.isEmpty()) {
                trail.record(applied, updates, setAside);
            }
        }
        updates.addAll(unreadable.values());
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
            if (publishing) {
                publisher.publishAll(updates);
            }
            crashPoints.reached(Point.AFTER_PUBLISH);
            moveOn(nextOffsets, records.size());
        } catch (PositionsLost e) {
            throw e;
        } catch (Exception e) {
            throw new NotAppliedYet(e);
        }
        byTopic.forEach((topic, actions) -> metrics.applied(topic, actions.size()));
        unreadable.keySet().forEach(record -> metrics.setAside(record.topic()));
    }

    /**
     * Stores the positions durably: the ones the loop resumes from. (The container then commits the group's offsets, for
     * monitoring.) A rebuild's context makes them durable only now and then and at its end ({@link #makeDurable()}),
     * see {@link PositionDurability}: a journaled write costs the embedded store a commit of everything written since
     * the last one, which took a fifth of a rebuild's time when it came every two seconds. Synchronized: a rebuild applies
     * batches of disjoint partitions on several threads, and a durable write makes every position written before it
     * durable, whichever thread wrote it.
     */
    private synchronized void moveOn(Map<TopicPartition, Long> nextOffsets, int actions) {
        boolean durably = durability.durableAfter(actions);
        positions.advance(nextOffsets, durably);
        if (durably) {
            notYetDurable.clear();
        } else {
            notYetDurable.putAll(nextOffsets);
        }
        crashPoints.reached(Point.AFTER_POSITIONS);
    }

    /** Makes the positions stored so far, and every effect before them, durable (the end of a rebuild). */
    public synchronized void makeDurable() {
        positions.advance(new HashMap<>(notYetDurable), true);
        notYetDurable.clear();
        durability.madeDurable();
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

    static void sleep(Duration duration, BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new NotAppliedYet(new IllegalStateException("stopping"));
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAppliedYet(e);
        }
    }
}
