package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Refusal;
import dev.switchboard.gateway.GatewaySettings;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Actions whose socket event waits for the projector's outcome, by correlation id. Every gateway sees every
 * update; only the one holding the pending reply answers it. An action's outcome is its first update of the expected
 * type, or its rejection: a decision may publish other updates before it (a read that also delivers publishes the
 * deliveries first).
 */
@Component
public class PendingReplies {
    private record Pending(CompletableFuture<Envelope<?>> reply, Class<? extends Event> outcome) {
        boolean answeredBy(Envelope<?> update) {
            return update.payload() instanceof Refusal.Recorded || outcome.isInstance(update.payload());
        }
    }

    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final long timeoutMs;

    @org.springframework.beans.factory.annotation.Autowired
    public PendingReplies(GatewaySettings settings) {
        this(settings.replyTimeout().toMillis());
    }

    PendingReplies(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Register before recording the action, so that a fast outcome cannot be missed. */
    public CompletableFuture<Envelope<?>> expect(String correlationId, Class<? extends Event> outcome) {
        CompletableFuture<Envelope<?>> reply = new CompletableFuture<>();
        Pending waiting = new Pending(reply, outcome);
        pending.put(correlationId, waiting);
        reply.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> pending.remove(correlationId, waiting));
        return reply;
    }

    public void forget(String correlationId) {
        Pending waiting = pending.remove(correlationId);
        if (waiting != null) {
            waiting.reply().cancel(false);
        }
    }

    void complete(Envelope<?> update) {
        if (update.correlationId() == null) {
            return;
        }
        Pending waiting = pending.get(update.correlationId());
        if (waiting != null && waiting.answeredBy(update) && pending.remove(update.correlationId(), waiting)) {
            waiting.reply().complete(update);
        }
    }
}
