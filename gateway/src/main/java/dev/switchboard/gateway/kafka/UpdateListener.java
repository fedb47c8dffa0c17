package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.gateway.GatewaySettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads every update topic (all partitions, from the end, no consumer group: every gateway instance sees every
 * update), answers pending replies and pushes each update to the rooms of this instance's connections.
 */
@Component
public class UpdateListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(UpdateListener.class);

    private final GatewaySettings settings;
    private final PendingReplies pendingReplies;
    private final UpdateRoutes routes = new UpdateRoutes();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public UpdateListener(GatewaySettings settings, PendingReplies pendingReplies, List<UpdatePushes> pushes) {
        this.settings = settings;
        this.pendingReplies = pendingReplies;
        pushes.forEach(p -> p.register(routes));
    }

    @Override
    public void start() {
        consumer = KafkaClients.consumer(settings.kafkaBootstrapServers(), null, "switchboard-gateway-updates-" + settings.gatewayId(), "latest");
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : Topic.readBy(Topic.Reader.GATEWAYS)) {
            for (PartitionInfo info : consumer.partitionsFor(topic.topicName())) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, so nothing recorded after start is missed
        running = true;
        thread = new Thread(this::run, "gateway-update-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    dispatch(record);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close();
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        Envelope<?> update;
        try {
            update = EventJson.read(record.value());
        } catch (EventJson.MalformedEventException e) {
            log.warn("skipping malformed update {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        try {
            pendingReplies.complete(update);
            routes.dispatch(update);
        } catch (RuntimeException e) {
            log.warn("could not push {} {}: {}", update.type(), update.id(), e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    /** Runs before the socket server starts and after it stops, so no connection misses an update. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
