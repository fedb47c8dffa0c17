package dev.switchboard.events.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows the end of some topics on a thread of its own: every partition, no consumer group (so every process
 * running one sees every record), starting at the end as it is when {@link #start} returns. Malformed records
 * are logged and skipped. Used for what is pushed live (updates, typing) and for heartbeats.
 */
public final class LogTail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogTail.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<Envelope<Event>> handler;
    private final Consumer<Envelope<Event>> earlier;
    private final Map<TopicPartition, Long> start;
    private final Runnable afterEachPoll;
    private final Thread thread;
    private volatile boolean running = true;

    private LogTail(KafkaConsumer<String, byte[]> consumer, Consumer<Envelope<Event>> handler, Consumer<Envelope<Event>> earlier,
                    Map<TopicPartition, Long> start, Runnable afterEachPoll, String name) {
        this.consumer = consumer;
        this.handler = handler;
        this.earlier = earlier;
        this.start = start;
        this.afterEachPoll = afterEachPoll;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public static LogTail start(KafkaCluster cluster, String clientId, List<Topic> topics, Consumer<Envelope<Event>> handler,
                                Runnable afterEachPoll) {
        return start(cluster, clientId, topics, 0, envelope -> { }, handler, afterEachPoll);
    }

    /**
     * As {@link #start(KafkaCluster, String, List, Consumer, Runnable)}, but first hands the last {@code earlierPerPartition}
     * records of each partition before the start to {@code earlier} (e.g. to know what was already sent out).
     */
    public static LogTail start(KafkaCluster cluster, String clientId, List<Topic> topics, int earlierPerPartition,
                                Consumer<Envelope<Event>> earlier, Consumer<Envelope<Event>> handler, Runnable afterEachPoll) {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(cluster, null, clientId, "latest");
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic.topicName())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        Map<TopicPartition, Long> start = new HashMap<>();
        partitions.forEach(partition -> start.put(partition, consumer.position(partition))); // fixed now: nothing recorded after start() is missed
        if (earlierPerPartition > 0) {
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            partitions.forEach(partition -> consumer.seek(partition, Math.max(beginning.get(partition), start.get(partition) - earlierPerPartition)));
        }
        LogTail tail = new LogTail(consumer, handler, earlier, start, afterEachPoll, clientId);
        tail.thread.start();
        return tail;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Envelope<Event> envelope;
                    try {
                        envelope = EventJson.read(record.value());
                    } catch (EventJson.MalformedEventException e) {
                        log.warn("skipping malformed record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    try {
                        if (record.offset() < start.get(new TopicPartition(record.topic(), record.partition()))) {
                            earlier.accept(envelope);
                        } else {
                            handler.accept(envelope);
                        }
                    } catch (RuntimeException e) {
                        log.warn("could not handle {} {}: {}", envelope.type(), envelope.id(), e.toString());
                    }
                }
                afterEachPoll.run();
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Whether the tail's thread is still alive (it is not once closed, nor after a failure it did not survive). */
    public boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
