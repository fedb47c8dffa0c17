package dev.switchboard.gateway.chat;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.chat.TypingSignal.TypingChanged;
import dev.switchboard.events.kafka.EnvelopeSerializer;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.kafka.LogDiskReserve;
import dev.switchboard.gateway.socket.SocketSession;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typing that a connection leaves behind is stopped for the room: on close, on leave, and when the close came first. */
class TypingSignalsTest {
    private final MockProducer<String, Envelope<?>> log = new MockProducer<>(true, null, new StringSerializer(), new EnvelopeSerializer());
    private final AtomicLong usableDisk = new AtomicLong(Long.MAX_VALUE);
    private final LogDiskReserve diskReserve = LogDiskReserve.readOnDemand(Path.of("/data/kafka"), usableDisk::get, 1 << 20);
    private final TypingSignals typing = new TypingSignals(new ActionRecorder(log, diskReserve));

    private static SocketSession session(boolean open) {
        UUID id = UUID.randomUUID();
        Map<String, Object> attributes = new HashMap<>();
        SocketIOClient client = (SocketIOClient) Proxy.newProxyInstance(SocketIOClient.class.getClassLoader(), new Class<?>[]{SocketIOClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSessionId" -> id;
                    case "get" -> attributes.get(args[0]);
                    case "set" -> attributes.put((String) args[0], args[1]);
                    case "hashCode" -> id.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SocketSession session = new SocketSession(client, new AuthenticatedUser("u1", Role.CLIENT, null, null, Instant.now().plusSeconds(60)), null, 10);
        if (open) {
            attributes.put(SocketSession.KEY, session);
        }
        return session;
    }

    private List<Boolean> signalled() {
        return log.history().stream().map(record -> ((TypingChanged) record.value().payload()).isTyping()).toList();
    }

    private static TypingChanged typingIn(String room, boolean isTyping) {
        return new TypingChanged(room, "u1", room, isTyping);
    }

    @Test
    void aConnectionThatClosesWhileTypingStopsItsTypingInEveryRoom() {
        SocketSession session = session(true);
        typing.signal(session, typingIn("chat-1", true));
        typing.signal(session, typingIn("chat-2", true));
        typing.signal(session, typingIn("chat-2", false));

        typing.closed(session);
        typing.closed(session);

        assertEquals(List.of(true, true, false, false), signalled(), "chat-1's stop, once");
    }

    @Test
    void theStopOfARecordedTypingGoesInUnderTheDiskReserveAndAStrayStopDoesNot() {
        SocketSession session = session(true);
        typing.signal(session, typingIn("chat-1", true));
        usableDisk.set((1 << 20) - 1);
        diskReserve.check();

        boolean startRefused = typing.signal(session, typingIn("chat-2", true)).isCompletedExceptionally();
        boolean strayStopRefused = typing.signal(session, typingIn("chat-3", false)).isCompletedExceptionally();
        typing.signal(session, typingIn("chat-1", false)).join();

        assertTrue(startRefused, "a new typing is a client's action");
        assertTrue(strayStopRefused, "a stop of nothing recorded is a client's action");
        assertEquals(List.of(true, false), signalled(), "chat-1's start and its stop");
    }

    @Test
    void leavingTheRoomWhileTypingStopsIt() {
        SocketSession session = session(true);
        typing.signal(session, typingIn("chat-1", true));

        typing.left(session, "chat-1");
        typing.left(session, "chat-1");
        typing.closed(session);

        assertEquals(List.of(true, false), signalled());
    }

    @Test
    void aStartHandledAfterItsConnectionClosedIsStoppedAtOnce() {
        SocketSession closed = session(false);

        typing.signal(closed, typingIn("chat-1", true));
        typing.closed(closed);

        assertEquals(List.of(true, false), signalled(), "started, then stopped once: nothing left behind");
    }
}
