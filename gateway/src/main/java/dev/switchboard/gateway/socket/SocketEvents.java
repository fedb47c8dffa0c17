package dev.switchboard.gateway.socket;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A feature's rows of the socket event table ({@link EventTable} listens to every row of every feature). */
public interface SocketEvents {
    List<Row<?>> events();

    /**
     * One row: the event's name, how its payload (a String, a Map, a number, or nothing) is parsed and validated (a
     * malformed one throws {@link dev.switchboard.gateway.errors.ClientError} BAD_REQUEST), and the handler. The
     * handler's result is the ack's body ({@code ok: true} is added); a failed stage becomes {@code { ok: false, error }}
     * or a {@code socket-error}.
     */
    record Row<T>(String name, Function<Object, T> parser, Handler<T> handler) {
    }

    @FunctionalInterface
    interface Handler<T> {
        CompletionStage<Map<String, Object>> handle(SocketSession session, T payload);
    }
}
