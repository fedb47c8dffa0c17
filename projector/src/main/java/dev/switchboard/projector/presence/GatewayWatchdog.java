package dev.switchboard.projector.presence;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.gateway.GatewaySignal.GatewayHeartbeat;
import dev.switchboard.events.kafka.LogTail;
import dev.switchboard.projector.ProjectorSettings;
import dev.switchboard.projector.kafka.UpdatePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.events.presence.PresenceAction.ConnectionClosed;

/**
 * Closes the connections of a gateway run whose heartbeats stopped. The decision uses the clock, so it is
 * written to the log as ordinary {@link ConnectionClosed} actions (reason {@code gateway-expired}) and the
 * presence projection applies them like any other: a replay needs no clock.
 */
@Component
public class GatewayWatchdog implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GatewayWatchdog.class);
    static final String EXPIRED = "gateway-expired";

    private final ProjectorSettings settings;
    private final PresenceStore store;
    private final UpdatePublisher publisher;
    private final Clock clock = Clock.systemUTC();
    private volatile HeartbeatWatch watch;
    /**
     * When the store is next asked which runs have open connections. The heartbeat tail calls after every poll (about
     * twice a second); the question reads an index of every user's presence, and a fifth of the expiry is often enough.
     */
    private volatile Instant nextCheck = Instant.MIN;
    private volatile LogTail tail;

    public GatewayWatchdog(ProjectorSettings settings, PresenceStore store, UpdatePublisher publisher) {
        this.settings = settings;
        this.store = store;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        if (settings.rebuild()) {
            return;
        }
        watch = new HeartbeatWatch(settings.gatewayExpiry(), clock.instant());
        tail = LogTail.start(settings.kafkaCluster(), "switchboard-gateway-watchdog", List.of(Topic.GATEWAY_HEARTBEATS),
                signal -> {
                    if (signal.payload() instanceof GatewayHeartbeat heartbeat) {
                        watch.heard(heartbeat.gatewayRunId(), clock.instant());
                    }
                },
                () -> {
                    try {
                        expireSilentRuns();
                    } catch (Exception e) {
                        log.warn("gateway watchdog check failed: {}", e.toString());
                    }
                });
    }

    private void expireSilentRuns() throws Exception {
        Instant now = clock.instant();
        if (watch.lookedAt(now)) {
            log.info("gateway watchdog: away for a while (a pause of this process, or a slow store); judging no gateway run "
                    + "silent until it has listened for {} ms again", settings.gatewayExpiry().toMillis());
        }
        if (!watch.judges(now) || now.isBefore(nextCheck)) {
            return;
        }
        nextCheck = now.plus(settings.gatewayExpiry().dividedBy(5));
        for (HeartbeatWatch.Silent silent : watch.silentAmong(store.gatewayRunsWithOpenConnections(), now)) {
            expire(silent.run(), silent.closedAt());
        }
    }

    private void expire(String run, Instant closedAt) throws Exception {
        List<Envelope<?>> closes = new ArrayList<>();
        for (PresenceState state : store.withConnectionsOn(run)) {
            state.connections().stream()
                    .filter(c -> c.gatewayRunId().equals(run))
                    .forEach(c -> closes.add(Envelope.newAction(
                            new ConnectionClosed(state.userId(), c.connectionId(), c.gatewayId(), run, EXPIRED),
                            Actor.system("gateway-watchdog"), state.userId(), closedAt)));
        }
        log.info("gateway run {} is silent: closing its {} connections", run, closes.size());
        publisher.publishAll(closes);
    }

    @Override
    public void stop() {
        if (tail != null) {
            tail.close();
        }
    }

    @Override
    public boolean isRunning() {
        return tail != null && tail.isRunning();
    }
}
