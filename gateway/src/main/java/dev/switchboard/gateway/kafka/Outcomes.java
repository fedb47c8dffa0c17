package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Rejection;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.errors.ErrorCode;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/** Records an action and waits for the projector's outcome; a rejection fails the future with its code. */
@Component
public class Outcomes {
    private final ActionRecorder recorder;
    private final PendingReplies replies;

    public Outcomes(ActionRecorder recorder, PendingReplies replies) {
        this.recorder = recorder;
        this.replies = replies;
    }

    public CompletableFuture<Envelope<?>> submit(Envelope<? extends Event> action) {
        CompletableFuture<Envelope<?>> reply = replies.expect(action.correlationId());
        return recorder.record(action)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        replies.forget(action.correlationId());
                    }
                })
                .thenCompose(recorded -> reply)
                .thenApply(Outcomes::failOnRejection);
    }

    private static Envelope<?> failOnRejection(Envelope<?> update) {
        if (update.payload() instanceof Rejection rejection) {
            throw new ClientError(codeOf(rejection.code()), rejection.message());
        }
        return update;
    }

    private static ErrorCode codeOf(String code) {
        try {
            return ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return ErrorCode.RULE_VIOLATION;
        }
    }
}
