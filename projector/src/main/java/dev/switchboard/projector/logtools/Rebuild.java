package dev.switchboard.projector.logtools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.events.kafka.TopicProvisioner;
import dev.switchboard.projector.ProjectorApplication;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.kafka.BatchApplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Builds the read models again from the log into an empty database: notes the end offset of every action partition,
 * reads every action up to there in poll batches and applies each batch with the projector's own {@link BatchApplier}
 * (the live projector's code path: same projections, deciders, audit trail and stored positions; a rebuild's context
 * publishes nothing), then stops. The stored positions are the noted ends, so a projector pointed at the rebuilt
 * database continues from exactly there.
 */
public final class Rebuild {
    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long to wait for more records once a batch has some: about the consumer's fetch wait. */
    private static final Duration MORE = Duration.ofMillis(50);
    private static final Duration RETRY = Duration.ofMillis(500);
    /**
     * Actions per batch by default: the live projector's largest (it takes what arrived since its last poll, up to 500).
     * What a rebuild builds does not depend on how the log is cut into batches (the batch bookkeeping that
     * {@link ReadModelComparison} leaves out aside); larger batches cost fewer round trips per action.
     */
    public static final int DEFAULT_BATCH = 500;
    /**
     * Lanes by default: two. More lanes let the store answer one lane's batch while another reads and decides (see
     * {@link #run(BatchApplier, KafkaCluster, int, int, ProgressFactory)}). On the embedded store on two cores, two lanes
     * measured faster than one once the store's young pauses were short ({@code kafka.PositionDurability}: 14,900 →
     * 16,000–17,600 actions/s); three and four were no faster than two.
     */
    public static final int DEFAULT_LANES = 2;

    /** How many actions were applied, and where the log ended when the rebuild started. */
    public record Result(long actions, Duration took, Map<TopicPartition, Long> ends) {
    }

    private Rebuild() {
    }

    /** Why {@code database} cannot be rebuilt into (it holds documents), or empty when it can. */
    public static Optional<String> refusal(MongoDatabase database) {
        for (String name : database.listCollectionNames()) {
            long documents = database.getCollection(name).countDocuments();
            if (documents > 0) {
                return Optional.of("database " + database.getName() + " is not empty (" + name + " holds " + documents
                        + " documents): rebuild into a new database, or drop this one first");
            }
        }
        return Optional.empty();
    }

    /** The database is not empty: nothing was done. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Rebuilds the empty {@code database} from the log up to where it ends now, with a projector context of its own.
     *
     * @throws Refused when the database holds documents
     */
    public static Result intoEmpty(String bootstrapServers, String mongoUri, String database, ProgressFactory progress) {
        return intoEmpty(bootstrapServers, mongoUri, database, DEFAULT_BATCH, progress);
    }

    /** As {@link #intoEmpty(String, String, String, ProgressFactory)}, reading up to {@code batchSize} actions per batch. */
    public static Result intoEmpty(String bootstrapServers, String mongoUri, String database, int batchSize, ProgressFactory progress) {
        return intoEmpty(bootstrapServers, mongoUri, database, batchSize, DEFAULT_LANES, progress);
    }

    /** As {@link #intoEmpty(String, String, String, int, ProgressFactory)}, on {@code lanes} lanes. */
    public static Result intoEmpty(String bootstrapServers, String mongoUri, String database, int batchSize, int lanes, ProgressFactory progress) {
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            Optional<String> refusal = refusal(mongo.getDatabase(database));
            if (refusal.isPresent()) {
                throw new Refused(refusal.get());
            }
        }
        try (ConfigurableApplicationContext context = context(bootstrapServers, mongoUri, database)) {
            return run(context.getBean(BatchApplier.class), context.getBean(ProjectorSettings.class).kafkaCluster(), batchSize, lanes, progress);
        }
    }

    /**
     * A projector context over {@code database} that applies batches only when told to (see {@link ProjectorSettings#rebuild()}).
     * Its settings rank above the environment's: a {@code MONGODB_DATABASE} naming the live database must not make the
     * rebuild write there.
     */
    public static ConfigurableApplicationContext context(String bootstrapServers, String mongoUri, String database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        properties.put("MONGODB_URI", mongoUri);
        properties.put("MONGODB_DATABASE", database);
        properties.put("PROJECTOR_INSTANCE_ID", "");
        properties.put(ProjectorSettings.REBUILD_CONTEXT, "true");
        properties.put("spring.main.log-startup-info", "false");
        ConfigurableApplicationContext context = ProjectorApplication.builder(Map.of())
                .web(WebApplicationType.NONE) // no health/metrics port: the live projector may hold it
                .initializers(created -> created.getEnvironment().getPropertySources().addFirst(new MapPropertySource("rebuild", properties)))
                .run();
        ProjectorSettings settings = context.getBean(ProjectorSettings.class);
        if (!settings.rebuild() || !settings.store().database().equals(database)) {
            context.close();
            throw new IllegalStateException("the rebuild's projector context is not over " + database + " in rebuild mode");
        }
        return context;
    }

    /** Applies every action up to the ends noted now, with {@code applier}; {@code progress} is told of each batch. */
    public static Result run(BatchApplier applier, KafkaCluster cluster, int batchSize, ProgressFactory progressFactory) {
        return run(applier, cluster, batchSize, DEFAULT_LANES, progressFactory);
    }

    /**
     * As {@link #run(BatchApplier, KafkaCluster, int, ProgressFactory)}, on {@code lanes} lanes: each partition of every
     * action topic is applied by one lane, each lane with a consumer and a thread of its own, and the lanes are given
     * about the same number of actions ({@link Lanes}).
     */
    public static Result run(BatchApplier applier, KafkaCluster cluster, int batchSize, int lanes, ProgressFactory progressFactory) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, got " + lanes);
        }
        TopicProvisioner.ensureTopics(cluster);
        long started = System.nanoTime();
        Map<String, Object> config = KafkaClients.consumerConfig(cluster, null, "switchboard-rebuild", "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
        Map<TopicPartition, Long> ends;
        List<List<TopicPartition>> byLane;
        long total = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : applier.topics()) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> actions = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long count = ends.get(partition) - beginnings.get(partition);
                actions.put(partition, count);
                total += count;
            }
            byLane = Lanes.byActions(actions, lanes);
        }
        long applied = 0;
        try (Progress progress = progressFactory.start("rebuild", total)) {
            applied = inLanes(byLane, lane -> applyLane(applier, config, lane, ends, batchSize, progress));
            applier.makeDurable();
        }
        return new Result(applied, Duration.ofNanos(System.nanoTime() - started), ends);
    }

    /**
     * Runs one task per lane, each on a thread of its own, and adds up what they applied. The first lane that fails
     * stops the others (they are interrupted between batches) and its failure is thrown.
     */
    private static long inLanes(List<List<TopicPartition>> byLane, Function<Set<TopicPartition>, Long> task) {
        if (byLane.isEmpty()) {
            return 0;
        }
        if (byLane.size() == 1) {
            return task.apply(new HashSet<>(byLane.get(0)));
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(byLane.size(), runnable -> {
            Thread thread = new Thread(runnable, "rebuild-lane-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            ExecutorCompletionService<Long> lanes = new ExecutorCompletionService<>(pool);
            byLane.forEach(partitions -> lanes.submit(() -> task.apply(new HashSet<>(partitions))));
            long applied = 0;
            for (int done = 0; done < byLane.size(); done++) {
                try {
                    applied += lanes.take().get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("rebuild interrupted", e);
                }
            }
            return applied;
        } finally {
            pool.shutdownNow();
        }
    }

    /** One lane: reads its partitions up to their noted ends in batches and applies them, in log order per partition. */
    private static long applyLane(BatchApplier applier, Map<String, Object> config, Set<TopicPartition> remaining,
                                  Map<TopicPartition, Long> ends, int batchSize, Progress progress) {
        long applied = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(remaining);
            consumer.seekToBeginning(remaining);
            Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
            while (!remaining.isEmpty() || !pending.isEmpty()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("rebuild lane stopped: another lane failed");
                }
                fill(consumer, pending, remaining, ends, batchSize);
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(Math.min(batchSize, pending.size()));
                while (batch.size() < batchSize && !pending.isEmpty()) {
                    batch.add(pending.poll());
                }
                if (!batch.isEmpty()) {
                    applyUntilItPasses(applier, batch);
                    applied += batch.size();
                    progress.advance(batch.size());
                }
            }
        }
        return applied;
    }

    /**
     * Polls until {@code pending} holds a whole batch or the log has nothing more at hand. One poll returns what the
     * consumer has fetched so far, often a single partition's share (about half a batch on average when profiled):
     * batches of the size asked for make fewer round trips to the store per action.
     */
    private static void fill(KafkaConsumer<String, byte[]> consumer, Deque<ConsumerRecord<String, byte[]>> pending,
                             Set<TopicPartition> remaining, Map<TopicPartition, Long> ends, int batchSize) {
        boolean first = true;
        while (pending.size() < batchSize && !remaining.isEmpty()) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(first ? POLL : MORE);
            first = false;
            for (ConsumerRecord<String, byte[]> record : polled) {
                if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                    pending.add(record);
                }
            }
            List<TopicPartition> done = remaining.stream().filter(p -> consumer.position(p) >= ends.get(p)).toList();
            if (!done.isEmpty()) {
                done.forEach(remaining::remove);
                consumer.pause(done);
            }
            if (polled.isEmpty() && !pending.isEmpty()) {
                return;
            }
        }
    }

    /** The store or the log failing is waited out, as the live loop does: nothing is skipped. */
    private static void applyUntilItPasses(BatchApplier applier, List<ConsumerRecord<String, byte[]>> batch) {
        while (true) {
            try {
                applier.apply(batch, () -> Thread.currentThread().isInterrupted());
                return;
            } catch (BatchApplier.NotAppliedYet e) {
                log.warn("batch not applied yet, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Starts the progress display once the total is known. */
    @FunctionalInterface
    public interface ProgressFactory {
        Progress start(String what, long total);
    }
}
