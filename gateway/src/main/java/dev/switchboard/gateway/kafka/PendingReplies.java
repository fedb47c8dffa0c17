package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.gateway.GatewaySettings;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Actions whose socket event waits for the projector's outcome, by correlation id. Every gateway sees every
 * update; only the one holding the pending reply answers it.
 */
@Component
public class PendingReplies {
    private final ConcurrentHashMap<String, CompletableFuture<Envelope<?>>> pending = new ConcurrentHashMap<>();
    private final long timeoutMs;

    @org.springframework.beans.factory.annotation.Autowired
    public PendingReplies(GatewaySettings settings) {
        this(settings.replyTimeout().toMillis());
    }

    PendingReplies(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Register before recording the action, so that a fast outcome cannot be missed. */
    public CompletableFuture<Envelope<?>> expect(String correlationId) {
        CompletableFuture<Envelope<?>> reply = new CompletableFuture<>();
        pending.put(correlationId, reply);
        reply.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> pending.remove(correlationId, reply));
        return reply;
    }

    public void forget(String correlationId) {
        CompletableFuture<Envelope<?>> reply = pending.remove(correlationId);
        if (reply != null) {
            reply.cancel(false);
        }
    }

    void complete(Envelope<?> update) {
        if (update.correlationId() == null) {
            return;
        }
        CompletableFuture<Envelope<?>> reply = pending.remove(update.correlationId());
        if (reply != null) {
            reply.complete(update);
        }
    }
}
