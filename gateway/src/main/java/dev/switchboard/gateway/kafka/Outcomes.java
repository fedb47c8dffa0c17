package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.LogContext;
import dev.switchboard.events.Refusal;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Records an action and waits for the projector's outcome; a rejection fails the future with its code. */
@Component
public class Outcomes {
    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);

    private final ActionRecorder recorder;
    private final PendingReplies replies;
    private final GatewayMetrics metrics;

    @Autowired
    public Outcomes(ActionRecorder recorder, PendingReplies replies, GatewayMetrics metrics) {
        this.recorder = recorder;
        this.replies = replies;
        this.metrics = metrics;
    }

    Outcomes(ActionRecorder recorder, PendingReplies replies) {
        this(recorder, replies, GatewayMetrics.inMemory());
    }

    /**
     * Records the action and waits for its outcome, its first update of type {@code outcome}: a rejection fails with its
     * code (a {@link ClientError}); no outcome within the reply timeout is answered as "recorded, its outcome could not
     * be given" ({@link ClientError#afterRecording}).
     */
    public <R extends Event> CompletableFuture<R> submit(Envelope<? extends Event> action, Class<R> outcome) {
        long submittedAt = System.nanoTime();
        CompletableFuture<Envelope<?>> reply = replies.expect(action.correlationId(), outcome);
        return recorder.record(action)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        replies.forget(action.correlationId());
                    }
                })
                .thenCompose(recorded -> timed(action, reply, submittedAt)
                        .thenApply(update -> outcomeOf(update, outcome))
                        .exceptionally(failure -> {
                            throw ClientError.afterRecording(failure);
                        }));
    }

    /** The outcome's latency from the submission (recording included), and one line on the action's path. */
    private CompletableFuture<Envelope<?>> timed(Envelope<? extends Event> action, CompletableFuture<Envelope<?>> reply, long submittedAt) {
        return reply.whenComplete((update, failure) -> {
            Duration took = Duration.ofNanos(System.nanoTime() - submittedAt);
            String outcome = failure != null ? ClientError.afterRecording(failure).code().name()
                    : update.payload() instanceof Refusal.Recorded rejection ? rejection.code().name() : "ok";
            metrics.outcome(action.type(), outcome, took);
            try (LogContext.Scope ignored = LogContext.of(action)) {
                log.debug("outcome of {} {}: {} in {} ms", action.type(), action.id(), update != null ? update.type() : outcome,
                        took.toMillis());
            }
        });
    }

    private static <R extends Event> R outcomeOf(Envelope<?> update, Class<R> outcome) {
        if (update.payload() instanceof Refusal.Recorded rejection) {
            throw ClientError.of(rejection.refusal());
        }
        return outcome.cast(update.payload());
    }
}
