package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.limits.PerUserRateLimits;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Every feature's socket events, one listener per row, with the one ack / {@code socket-error} path (docs/PROTOCOL.md
 * §3): an event from a connection without a session is UNAUTHORIZED, a user over their rate (all their connections on
 * this gateway together) is RATE_LIMITED, then the row's parser and handler run.
 */
final class EventTable {
    private static final Logger log = LoggerFactory.getLogger(EventTable.class);
    /** The metrics' name for every event this server does not have: clients choose those names, so they are no label. */
    static final String UNKNOWN_METRIC = "unknown";
    static final String UNREADABLE_REFUSED = "the payload cannot be read: not JSON, or nested deeper than 1,000 levels";
    static final String UNKNOWN_REFUSED = "no such event: docs/PROTOCOL.md lists the events this server takes";
    static final String BINARY_REFUSED = "binary attachments are not accepted: payloads are JSON, send media as URLs";

    private final PerUserRateLimits rates;
    private final GatewayMetrics metrics;
    private final Executor offTheLoop;

    /** {@code offTheLoop}: where events that read the store are handled ({@link EventsInOrder}). */
    EventTable(PerUserRateLimits rates, GatewayMetrics metrics, Executor offTheLoop) {
        this.rates = rates;
        this.metrics = metrics;
        this.offTheLoop = offTheLoop;
    }

    static Set<String> names(List<SocketEvents> features) {
        Set<String> names = new HashSet<>();
        features.forEach(feature -> feature.events().forEach(event -> names.add(event.name())));
        return names;
    }

    void registerAll(SocketIOServer server, List<SocketEvents> features) {
        for (SocketEvents feature : features) {
            for (SocketEvents.Row<?> event : feature.events()) {
                register(server, event);
            }
        }
        registerUnknown(server);
    }

    /** Events this server does not have, gathered under one name by {@link ContractJsonSupport}: refused, and counted as one. */
    private void registerUnknown(SocketIOServer server) {
        server.addEventListener(ContractJsonSupport.UNKNOWN_EVENT, Object.class, (client, data, ack) -> {
            metrics.eventReceived(UNKNOWN_METRIC);
            ClientError refusal = refusedBeforeParsing(SocketSession.of(client), data)
                    .orElse(new ClientError(ErrorCode.BAD_REQUEST, UNKNOWN_REFUSED));
            answer(client, ((ContractJsonSupport.UnknownEvent) data).name(), UNKNOWN_METRIC, ack, null, refusal);
        });
    }

    private <T> void register(SocketIOServer server, SocketEvents.Row<T> event) {
        server.addEventListener(event.name(), Object.class, (client, data, ack) -> {
            metrics.eventReceived(event.name());
            SocketSession session = SocketSession.of(client);
            Optional<ClientError> refused = refusedBeforeParsing(session, data);
            if (refused.isPresent()) {
                answer(client, event.name(), ack, null, refused.get());
                return;
            }
            T payload;
            try {
                payload = event.parser().apply(data);
            } catch (RuntimeException e) {
                answer(client, event.name(), ack, null, e);
                return;
            }
            EventsInOrder.of(client).handle(new EventsInOrder.Event() {
                @Override
                public CompletionStage<Map<String, Object>> start() {
                    return event.handler().handle(session, payload);
                }

                @Override
                public void answer(Map<String, Object> result, Throwable failure) {
                    EventTable.this.answer(client, event.name(), ack, result, failure);
                }

                @Override
                public void movedOffTheLoop() {
                    metrics.movedOffTheLoop(event.name());
                }
            }, offTheLoop);
        });
    }

    /** What every event is refused for before its payload is parsed: no session, over the rate, a payload not to be read. */
    private Optional<ClientError> refusedBeforeParsing(SocketSession session, Object data) {
        if (session == null) {
            return Optional.of(new ClientError(ErrorCode.UNAUTHORIZED, HandshakeAuthentication.UNAUTHORIZED));
        }
        if (!rates.tryAcquire(session.userId())) {
            return Optional.of(new ClientError(ErrorCode.RATE_LIMITED, "too many events; slow down"));
        }
        if (data == ContractJsonSupport.UNREADABLE) {
            return Optional.of(new ClientError(ErrorCode.BAD_REQUEST, UNREADABLE_REFUSED));
        }
        if (data == ContractJsonSupport.BINARY) {
            return Optional.of(new ClientError(ErrorCode.BAD_REQUEST, BINARY_REFUSED));
        }
        return Optional.empty();
    }

    private void answer(SocketIOClient client, String event, AckRequest ack, Map<String, Object> result, Throwable failure) {
        answer(client, event, event, ack, result, failure);
    }

    /** {@code event}: the name the answer names; {@code metric}: the name it is counted under. */
    private void answer(SocketIOClient client, String event, String metric, AckRequest ack, Map<String, Object> result, Throwable failure) {
        if (failure == null) {
            if (ack.isAckRequested()) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ok", true);
                if (result != null) {
                    body.putAll(result);
                }
                ack.sendAckData(body);
            }
            return;
        }
        ClientError error = ClientError.from(failure);
        metrics.refused(error.code().name(), metric);
        if (!(failure instanceof ClientError)) {
            log.debug("{} failed", event, failure);
        }
        if (ack.isAckRequested()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", false);
            body.put("error", error.body());
            ack.sendAckData(body);
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", event);
            body.putAll(error.body());
            client.sendEvent("socket-error", body);
        }
    }
}
