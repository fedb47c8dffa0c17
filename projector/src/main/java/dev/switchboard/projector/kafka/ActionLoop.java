package dev.switchboard.projector.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.deadletter.DeadLetter.ActionSetAside;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.projector.ProjectorSettings;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The projector's one consumer loop over every action topic. Per poll batch: each projection writes its read
 * models and returns updates; the updates are published and acknowledged by the log; only then are the
 * offsets committed. Any failure re-runs the batch, which the projections make harmless (see {@link Projection}).
 * The commit is asynchronous, so the next batch does not wait for it: a commit that fails or is lost in a crash
 * only means a batch is applied again. Offsets are committed synchronously when partitions are taken away and
 * when the loop stops.
 * <p>
 * A failure of the store or the log is retried until it passes. A batch that keeps failing otherwise is applied
 * one action at a time, and an action that still fails alone while the store takes writes is set aside: an {@code ActionSetAside} dead letter
 * names it (and answers its sender), and the loop goes on, so one bad record cannot stall every aggregate.
 */
@Component
public class ActionLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ActionLoop.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);
    private static final int ATTEMPTS_BEFORE_ISOLATING = 3;
    private static final int MAX_DEAD_LETTER_CHARS = 64 * 1024;

    private final ProjectorSettings settings;
    private final Map<String, Projection> projectionsByTopic;
    private final UpdatePublisher publisher;
    private final ReadModels readModels;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public ActionLoop(ProjectorSettings settings, List<Projection> projections, UpdatePublisher publisher, ReadModels readModels) {
        this.settings = settings;
        this.readModels = readModels;
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
                // caches fill on demand
            }
        });
        running = true;
        thread = new Thread(this::run, "projector-action-loop");
        thread.start();
        log.info("projector consuming {}{}", projectionsByTopic.keySet(), settings.rebuild() ? " in rebuild mode" : "");
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    processWithRetry(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            commitProcessed();
            consumer.close();
        }
    }

    private void commitProcessed() {
        if (processed.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(new HashMap<>(processed));
        } catch (RuntimeException e) {
            log.warn("could not commit offsets {}: {} (those batches will be applied again)", processed, e.toString());
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
                        setAside(records.get(0), e);
                    }
                    return;
                }
                sleep(RETRY_BACKOFF);
            }
        }
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

    private void setAside(ConsumerRecord<String, byte[]> record, Exception failure) {
        String error = Failures.describe(failure);
        log.error("setting aside {}-{}@{} after {} failed attempts: {}", record.topic(), record.partition(), record.offset(),
                ATTEMPTS_BEFORE_ISOLATING, error);
        String json = new String(record.value(), StandardCharsets.UTF_8);
        // the action stays in the log; the dead letter carries at most a readable head of it, so it always fits a record
        ActionSetAside setAside = new ActionSetAside(record.topic(), record.partition(), record.offset(), error,
                json.length() > MAX_DEAD_LETTER_CHARS ? json.substring(0, MAX_DEAD_LETTER_CHARS) + "…" : json);
        while (running) {
            try {
                if (!settings.rebuild()) {
                    Envelope<Event> action = EventJson.read(record.value());
                    publisher.publishAll(List.of(Envelope.causedBy(action, setAside, action.key())));
                }
                commitAsync(Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)));
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                log.warn("could not record the dead letter for {}-{}@{}, retrying: {}", record.topic(), record.partition(), record.offset(), e.toString());
                sleep(RETRY_BACKOFF);
            }
        }
    }

    private void process(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, List<Envelope<Event>>> byTopic = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            try {
                byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(EventJson.read(record.value()));
            } catch (EventJson.MalformedEventException e) {
                log.error("skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
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
        if (!settings.rebuild()) {
            publisher.publishAll(updates);
        }
        commitAsync(offsets);
    }

    private void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        processed.putAll(offsets);
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.warn("could not commit offsets: {} (a later commit covers them, or the batch is applied again)", failure.toString());
            }
        });
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
