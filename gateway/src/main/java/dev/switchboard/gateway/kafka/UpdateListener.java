package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.LogContext;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.LogTail;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Supplier;

/**
 * Follows every topic the gateways read (updates and live signals) and, for each record, answers a pending reply
 * and pushes it to the rooms of this instance's connections. Every gateway instance sees every update. An update
 * published again with the same id (a projector batch re-run) still answers a pending reply but is not pushed again.
 * Each record is pushed under {@link PushedPositions}, so every room packet carries the cut just after it.
 */
@Component
public class UpdateListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(UpdateListener.class);

    /** Makes a record's room packets for this gateway's connections (the socket server's rooms). */
    public interface LivePackets {
        RoomPackets live(int index, long offset, Supplier<LogCut> cutBefore);
    }

    private final GatewaySettings settings;
    private final GatewayMetrics metrics;
    private final PendingReplies pendingReplies;
    private final PushedPositions positions;
    private final LivePackets livePackets;
    private final UpdateRoutes routes = new UpdateRoutes();
    /** More than the updates of one projector poll batch (at most 500 actions) on one partition. */
    private static final int RECENTLY_PUBLISHED_PER_PARTITION = 2_000;
    private final RepeatedUpdateFilter pushed = new RepeatedUpdateFilter(RepeatedUpdateFilter.DEFAULT_CAPACITY);
    private volatile LogTail tail;

    @Autowired
    public UpdateListener(GatewaySettings settings, PendingReplies pendingReplies, List<UpdatePushes> pushes, PushedPositions positions,
                          LivePackets livePackets, GatewayMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.pendingReplies = pendingReplies;
        this.positions = positions;
        this.livePackets = livePackets;
        pushes.forEach(p -> p.register(routes));
    }


    UpdateListener(GatewaySettings settings, PendingReplies pendingReplies, List<UpdatePushes> pushes, PushedPositions positions,
                   LivePackets livePackets) {
        this(settings, pendingReplies, pushes, positions, livePackets, GatewayMetrics.inMemory());
    }

    @Override
    public void start() {
        String clientId = "switchboard-gateway-updates-" + settings.gatewayId();
        RoomTopics layout = RoomTopics.onBroker(settings.kafkaCluster(), clientId);
        log.info("room topics: {}", layout);
        positions.use(layout);
        // the recent past of each partition counts as pushed: a projector re-running its last batch after a crash
        // republishes those ids, and this gateway (restarted with it, or started since) must not push them again
        tail = LogTail.startPositioned(settings.kafkaCluster(), clientId, Topic.readBy(Topic.Reader.GATEWAYS), RECENTLY_PUBLISHED_PER_PARTITION,
                (update, partition, offset) -> pushed.firstTime(update.id(), RepeatedUpdateFilter.place(layout.indexOf(partition), offset)),
                this::dispatch, () -> { });
        positions.startAt(tail.startPositions());
    }

    void dispatch(Envelope<Event> update, TopicPartition partition, long offset) {
        positions.push(partition, offset, index -> dispatch(update, index, offset));
    }

    /**
     * Replies come before the repeat check and are never filtered: whatever this gateway pushed before, an outcome
     * whose ack is still pending answers it. A repeat of an outcome already answered is harmless there: the first copy
     * removed the pending reply, so the repeat finds none (at worst a completed future, which ignores it).
     */
    void dispatch(Envelope<?> update, int index, long offset) {
        try (LogContext.Scope ignored = LogContext.of(update)) {
            log.debug("update {} {}", update.type(), update.id());
            pendingReplies.complete(update);
            if (pushed.firstTime(update.id(), RepeatedUpdateFilter.place(index, offset))) {
                routes.dispatch(update, livePackets.live(index, offset, positions::current));
                if (routes.pushes(update)) {
                    metrics.pushed(update.type(), update.occurredAt());
                }
            }
        }
    }

    /** Whether the thread following the updates is alive: without it this gateway answers and pushes nothing. */
    public boolean isFollowing() {
        LogTail current = tail;
        return current != null && current.isRunning() && current.isAlive();
    }

    /**
     * A recovered session's replay: the record's room packets to {@code packets}, unless it is a copy of an update
     * first seen at an earlier place (a projector re-run's copy, which was not pushed live either).
     */
    public boolean replay(Envelope<?> update, int index, long offset, RoomPackets packets) {
        long first = pushed.firstSeenAt(update.id());
        long here = RepeatedUpdateFilter.place(index, offset);
        if (first >= 0 && first < here && first >> 48 == here >> 48) {
            return false;
        }
        routes.replay(update, packets);
        return true;
    }

    /** Whether a record of this type makes room packets at all (a replay decodes, but routes only those). */
    public boolean pushes(Envelope<?> update) {
        return routes.pushes(update);
    }

    @Override
    public void stop() {
        if (tail != null) {
            tail.close();
        }
    }

    /** Runs before the socket server starts and after it stops, so no connection misses an update. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    @Override
    public boolean isRunning() {
        return tail != null && tail.isRunning();
    }
}
