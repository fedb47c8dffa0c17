package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.LogTail;
import dev.switchboard.gateway.GatewaySettings;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Follows every topic the gateways read (updates and live signals) and, for each record, answers a pending reply
 * and pushes it to the rooms of this instance's connections. Every gateway instance sees every update.
 */
@Component
public class UpdateListener implements SmartLifecycle {
    private final GatewaySettings settings;
    private final PendingReplies pendingReplies;
    private final UpdateRoutes routes = new UpdateRoutes();
    private volatile LogTail tail;

    public UpdateListener(GatewaySettings settings, PendingReplies pendingReplies, List<UpdatePushes> pushes) {
        this.settings = settings;
        this.pendingReplies = pendingReplies;
        pushes.forEach(p -> p.register(routes));
    }

    @Override
    public void start() {
        tail = LogTail.start(settings.kafkaBootstrapServers(), "switchboard-gateway-updates-" + settings.gatewayId(),
                Topic.readBy(Topic.Reader.GATEWAYS), this::dispatch, () -> { });
    }

    private void dispatch(Envelope<?> update) {
        pendingReplies.complete(update);
        routes.dispatch(update);
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
