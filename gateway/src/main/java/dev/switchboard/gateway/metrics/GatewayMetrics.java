package dev.switchboard.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's own meters (see the README's metrics table). Names start with {@code switchboard.}; Prometheus shows them
 * with underscores ({@code switchboard_events_in_total}, {@code switchboard_action_outcome_seconds_bucket}, …).
 */
@Component
public class GatewayMetrics {
    /** Socket events received, by event name (before any check). */
    public static final String EVENTS_IN = "switchboard.events.in";
    /** Socket events handled off the event loop because they had to read the store first, by event name. */
    public static final String EVENTS_OFF_LOOP = "switchboard.events.off.loop";
    /** Refusals answered to clients (ack, socket-error or HTTP error body), by error code and where. */
    public static final String REFUSALS = "switchboard.refusals";
    /** From submitting an action to the log to the projector's outcome arriving at this gateway, by action type and outcome. */
    public static final String ACTION_OUTCOME = "switchboard.action.outcome";
    /** From the action's time (set when the gateway recorded it) to this gateway pushing its update, by update type. */
    public static final String PUSH_LATENCY = "switchboard.push.latency";
    /** Connections closed because they did not read what they were sent, by transport ({@code socket.SlowReaders}). */
    public static final String SLOW_READERS_CLOSED = "switchboard.sockets.slow.closed";

    private static final Duration[] SLOS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    /** Meters by name and tag values, so that the hot path does not build and look up a meter id per call. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    @Autowired
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters kept in memory only: for code built outside Spring (unit tests). */
    public static GatewayMetrics inMemory() {
        return new GatewayMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void eventReceived(String event) {
        counters.computeIfAbsent(List.of(EVENTS_IN, event), key -> Counter.builder(EVENTS_IN).description("socket events received")
                .tag("event", event).register(registry)).increment();
    }

    /** A socket event had to read the store first, so it (and its connection's events after it) left the event loop. */
    public void movedOffTheLoop(String event) {
        counters.computeIfAbsent(List.of(EVENTS_OFF_LOOP, event), key -> Counter.builder(EVENTS_OFF_LOOP)
                .description("socket events handled off the event loop to read the store").tag("event", event).register(registry)).increment();
    }

    /** {@code via}: the socket event's name, or {@code rest}. */
    public void refused(String code, String via) {
        counters.computeIfAbsent(List.of(REFUSALS, code, via), key -> Counter.builder(REFUSALS).description("refusals answered to clients")
                .tag("code", code).tag("via", via).register(registry)).increment();
    }

    /** {@code outcome}: {@code ok}, or the refusal's error code. */
    public void outcome(String actionType, String outcome, Duration took) {
        timers.computeIfAbsent(List.of(ACTION_OUTCOME, actionType, outcome), key -> Timer.builder(ACTION_OUTCOME)
                .description("action submitted to its outcome received").tag("action", actionType).tag("outcome", outcome)
                .serviceLevelObjectives(SLOS).register(registry)).record(took);
    }

    public void pushed(String updateType, Instant actionTime) {
        Duration took = Duration.between(actionTime, Instant.now());
        timers.computeIfAbsent(List.of(PUSH_LATENCY, updateType), key -> Timer.builder(PUSH_LATENCY)
                .description("action time to the push of its update by this gateway").tag("type", updateType)
                .serviceLevelObjectives(SLOS).register(registry)).record(took.isNegative() ? Duration.ZERO : took);
    }

    /** {@code transport}: {@code websocket} or {@code polling}. */
    public void slowReaderClosed(String transport) {
        counters.computeIfAbsent(List.of(SLOW_READERS_CLOSED, transport), key -> Counter.builder(SLOW_READERS_CLOSED)
                .description("connections closed for not reading what they were sent (they recover it when they come back)")
                .tag("transport", transport).register(registry)).increment();
    }
}
