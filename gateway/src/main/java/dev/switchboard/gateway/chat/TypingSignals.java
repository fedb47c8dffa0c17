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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the typing signals of chat and support rooms, and remembers each connection's typing that has not stopped,
 * so that a connection that leaves the room or closes while typing tells the room it stopped: otherwise the other side
 * shows "… is typing" until something else clears it. A gateway that dies sends nothing; the typist then shows offline.
 */
@Component
public class TypingSignals implements ConnectionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TypingSignals.class);

    private final ActionRecorder recorder;
    /** connection id → room → the stop to signal for it */
    private final Map<String, Map<String, TypingSignal>> started = new ConcurrentHashMap<>();

    public TypingSignals(ActionRecorder recorder) {
        this.recorder = recorder;
    }

    /** Records {@code signal} of the connection, and remembers or forgets its typing in the signal's room. */
    public CompletableFuture<?> signal(SocketSession session, TypingSignal signal) {
        if (!signal.isTyping()) {
            // the stop of a start that was recorded must reach the room whatever the log's disk says (one per start)
            return forget(session, signal.room()) != null ? recordStop(session, signal) : record(session, signal);
        }
        CompletableFuture<?> recorded = record(session, signal);
        if (recorded.isCompletedExceptionally()) {
            return recorded; // refused before the log (its disk nearly full): no stop owed for it
        }
        started.computeIfAbsent(session.connectionId(), id -> new ConcurrentHashMap<>()).put(signal.room(), signal.stopped());
        if (!session.isOpen()) {
            // it closed while this start was handled, and its close may not have seen the start: stop it here (the map
            // is taken by one of the two, so the stop goes once)
            stopAll(session);
        }
        return recorded;
    }

    /** The connection left {@code room}: if it was typing there, the room hears it stopped. */
    public void left(SocketSession session, String room) {
        TypingSignal stop = forget(session, room);
        if (stop != null) {
            recordStop(session, stop);
        }
    }

    /** Forgets the connection's typing in {@code room}; the stop it would have needed, or null when it was not typing there. */
    private TypingSignal forget(SocketSession session, String room) {
        Map<String, TypingSignal> rooms = started.get(session.connectionId());
        return rooms == null ? null : rooms.remove(room);
    }

    @Override
    public void opened(SocketSession session) {
    }

    @Override
    public void closed(SocketSession session) {
        stopAll(session);
    }

    private void stopAll(SocketSession session) {
        Map<String, TypingSignal> open = started.remove(session.connectionId());
        if (open != null) {
            open.values().forEach(stop -> recordStop(session, stop));
        }
    }

    private CompletableFuture<?> record(SocketSession session, TypingSignal signal) {
        return recorder.record(Envelope.newAction(signal, session.user().actor(), signal.room(), Instant.now()));
    }

    /** The stop of a typing start this gateway recorded: bookkeeping, so the room does not show the typing forever. */
    private CompletableFuture<?> recordStop(SocketSession session, TypingSignal stop) {
        CompletableFuture<?> recorded = recorder.recordBookkeeping(Envelope.newAction(stop, session.user().actor(), stop.room(), Instant.now()));
        recorded.whenComplete((ok, failure) -> {
            if (failure != null) {
                log.debug("the stop of {}'s typing in {} was not recorded: {}", session.userId(), stop.room(), failure.toString());
            }
        });
        return recorded;
    }
}
