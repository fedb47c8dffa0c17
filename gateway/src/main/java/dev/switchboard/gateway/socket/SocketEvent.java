package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.input.PayloadParser;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One row of the socket event table: the event's name, how its payload is parsed and validated, and the
 * handler. The handler's result is the ack's body ({@code ok: true} is added); a failed stage becomes
 * {@code { ok: false, error }} or a {@code socket-error}.
 */
public record SocketEvent<T>(String name, PayloadParser<T> parser, Handler<T> handler) {

    @FunctionalInterface
    public interface Handler<T> {
        CompletionStage<Map<String, Object>> handle(SocketSession session, T payload);
    }
}
