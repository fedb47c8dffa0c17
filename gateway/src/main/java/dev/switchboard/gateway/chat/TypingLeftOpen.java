package dev.switchboard.gateway.chat;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.chat.TypingSignal;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.socket.ConnectionLifecycle;
import dev.switchboard.gateway.socket.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The typing each connection of this gateway started and has not stopped (chat and support rooms alike), so that a
 * connection that closes while typing tells the room it stopped: otherwise the other side shows "… is typing" until
 * something else clears it. A gateway that dies sends nothing; the typist then shows offline.
 */
@Component
public class TypingLeftOpen implements ConnectionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TypingLeftOpen.class);

    private final ActionRecorder recorder;
    /** connection id → room → the stop to signal for it */
    private final Map<String, Map<String, TypingSignal>> started = new ConcurrentHashMap<>();

    public TypingLeftOpen(ActionRecorder recorder) {
        this.recorder = recorder;
    }

    /** The connection signalled typing in {@code room}; {@code stop} is the signal that ends it. */
    public void started(SocketSession session, String room, TypingSignal stop) {
        started.computeIfAbsent(session.connectionId(), id -> new ConcurrentHashMap<>()).put(room, stop);
    }

    /** The connection signalled it stopped typing in {@code room}. */
    public void stopped(SocketSession session, String room) {
        Map<String, TypingSignal> rooms = started.get(session.connectionId());
        if (rooms != null) {
            rooms.remove(room);
        }
    }

    @Override
    public void opened(SocketSession session) {
    }

    @Override
    public void closed(SocketSession session) {
        Map<String, TypingSignal> open = started.remove(session.connectionId());
        if (open == null) {
            return;
        }
        open.forEach((room, stop) -> recorder.record(Envelope.newAction(stop, session.user().actor(), room, Instant.now()))
                .whenComplete((recorded, failure) -> {
                    if (failure != null) {
                        log.debug("the stop of {}'s typing in {} was not recorded: {}", session.userId(), room, failure.toString());
                    }
                }));
    }
}
