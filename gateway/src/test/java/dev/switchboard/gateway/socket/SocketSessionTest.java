package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.errors.ClientError;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rooms per connection: the personal room does not count; the join beyond the limit is refused RATE_LIMITED. */
class SocketSessionTest {
    private final Set<String> rooms = new LinkedHashSet<>(Set.of("", "u1"));
    private final SocketSession session = new SocketSession(client(rooms),
            new AuthenticatedUser("u1", Role.CLIENT, null, null, Instant.now().plusSeconds(60)), recovery(rooms), 2);

    SocketSessionTest() {
        session.client().set(SocketSession.KEY, session); // open
    }

    private static SocketIOClient client(Set<String> rooms) {
        UUID id = UUID.randomUUID();
        Map<String, Object> attributes = new HashMap<>();
        return (SocketIOClient) Proxy.newProxyInstance(SocketIOClient.class.getClassLoader(), new Class<?>[]{SocketIOClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSessionId" -> id;
                    case "getAllRooms" -> Set.copyOf(rooms);
                    case "get" -> attributes.get(args[0]);
                    case "set" -> attributes.put((String) args[0], args[1]);
                    case "hashCode" -> id.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SessionRecovery recovery(Set<String> rooms) {
        return (SessionRecovery) Proxy.newProxyInstance(SessionRecovery.class.getClassLoader(), new Class<?>[]{SessionRecovery.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "join" -> rooms.add((String) args[1]);
                    case "leave" -> rooms.remove((String) args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void joinsSentAtOnceHoldTheirPlacesSoNoneIsAcceptedBeyondTheLimit() {
        Runnable first = session.reserveRoomFor("ticket-1");
        Runnable second = session.reserveRoomFor("ticket-2");

        assertEquals(ErrorCode.RATE_LIMITED, assertThrows(ClientError.class, () -> session.reserveRoomFor("ticket-3")).code());
        assertEquals(ErrorCode.RATE_LIMITED, assertThrows(ClientError.class, () -> session.join("chat-1")).code(), "held places count");

        session.joinReserved("ticket-1", first);
        second.run(); // refused by the projector: its place goes back
        second.run();
        session.joinReserved("ticket-3", session.reserveRoomFor("ticket-3"));
        assertTrue(session.isIn("ticket-1") && session.isIn("ticket-3"));
    }

    @Test
    void aConnectionJoinsUpToItsLimitThenIsRefusedRateLimitedUntilItLeavesOne() {
        session.join("chat-1");
        session.join("chat-2");
        session.join("chat-2");

        ClientError refused = assertThrows(ClientError.class, () -> session.join("chat-3"));
        assertEquals(ErrorCode.RATE_LIMITED, refused.code());
        assertTrue(refused.getMessage().contains("at most 2 rooms"), refused.getMessage());

        session.leave("chat-1");
        session.join("chat-3");
        assertTrue(session.isIn("chat-3"));
    }

    @Test
    void aJoinHandledAfterTheConnectionClosedJoinsNoRoom() {
        session.client().set(SocketSession.KEY, null); // closed: SocketSessions clears its session first

        session.join("chat-1");
        session.joinReserved("ticket-1", session.reserveRoomFor("ticket-1"));

        assertFalse(session.isIn("chat-1"));
        assertFalse(session.isIn("ticket-1"));
    }
}
