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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, Instant> lastHeartbeatByRun = new ConcurrentHashMap<>();
    private final Map<String, Instant> expiredAt = new ConcurrentHashMap<>();
    private volatile Instant watchingSince;
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
        watchingSince = clock.instant();
        tail = LogTail.start(settings.kafkaCluster(), "switchboard-gateway-watchdog", List.of(Topic.GATEWAY_HEARTBEATS),
                signal -> {
                    if (signal.payload() instanceof GatewayHeartbeat heartbeat) {
                        lastHeartbeatByRun.put(heartbeat.gatewayRunId(), clock.instant());
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

    void expireSilentRuns() throws Exception {
        Instant now = clock.instant();
        Duration expiry = settings.gatewayExpiry();
        if (now.isBefore(watchingSince.plus(expiry)) || now.isBefore(nextCheck)) {
            return;
        }
        nextCheck = now.plus(expiry.dividedBy(5));
        for (String run : store.gatewayRunsWithOpenConnections()) {
            Instant lastSeen = lastHeartbeatByRun.get(run);
            Instant alreadyExpired = expiredAt.get(run);
            boolean silent = lastSeen == null || lastSeen.isBefore(now.minus(expiry));
            boolean notJustExpired = alreadyExpired == null || alreadyExpired.isBefore(now.minus(expiry));
            if (silent && notJustExpired) {
                expire(run, lastSeen == null ? now : lastSeen);
                expiredAt.put(run, now);
            }
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
