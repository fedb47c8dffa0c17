package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.gateway.kafka.LogCut;
import dev.switchboard.gateway.kafka.RoomTopics;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live packets to a recovering connection: held during the replay, then sent unless the client already had them. */
class RecoveringConnectionsTest {
    private final RecoveringConnections recovering = new RecoveringConnections();
    private final List<String> sent = new ArrayList<>();
    private final RecoveringConnections.Sender sender = (client, event, payload, offset) -> sent.add(event + "@" + offset);
    private final SocketIOClient client = client(UUID.randomUUID());

    private static SocketIOClient client(UUID id) {
        return (SocketIOClient) Proxy.newProxyInstance(SocketIOClient.class.getClassLoader(), new Class<?>[]{SocketIOClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSessionId" -> id;
                    case "hashCode" -> id.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static LogCut cut(long p0, long p1) {
        long[] positions = new long[RoomTopics.uniform(6).size()];
        positions[0] = p0;
        positions[1] = p1;
        return LogCut.of(positions);
    }

    /** The live packet of the record at {@code offset} of partition 0, pushed by a gateway whose partition 1 is at {@code p1}. */
    private static RecoveringConnections.LivePacket packet(String event, long offset, long p1) {
        LogCut after = cut(offset, p1).within(0, offset, 1);
        return new RecoveringConnections.LivePacket(0, offset, 0, after, after.encode(), event, "{}");
    }

    @Test
    void anOrdinaryConnectionIsLeftAlone() {
        assertFalse(recovering.live(client, packet("a", 1, 0), sender));
        assertTrue(sent.isEmpty());
    }

    @Test
    void holdsLivePacketsUntilReleaseThenSendsOnlyThoseTheClientDidNotHave() {
        recovering.hold(client.getSessionId(), cut(5, 0));
        assertTrue(recovering.live(client, packet("had", 4, 0), sender));
        assertTrue(recovering.live(client, packet("new", 5, 0), sender));
        assertTrue(sent.isEmpty(), "held while the replay runs");

        recovering.release(client, sender);
        assertEquals(List.of("new@" + cut(5, 0).within(0, 5, 1).encode()), sent);
    }

    @Test
    void aGatewayBehindTheClientsCutSendsTheLaterOfTheTwoCutsUntilItIsPastIt() {
        recovering.hold(client.getSessionId(), cut(0, 9));
        recovering.release(client, sender);
        recovering.live(client, packet("behind", 3, 4), sender);
        assertEquals("behind@" + cut(3, 9).within(0, 3, 1).encode(), sent.get(0), "the offset never goes back before what the client had");
        assertTrue(recovering.isRecovering(client.getSessionId()));

        recovering.live(client, packet("past", 4, 9), sender);
        assertEquals("past@" + cut(4, 9).within(0, 4, 1).encode(), sent.get(1));
        assertFalse(recovering.isRecovering(client.getSessionId()), "an ordinary connection again");
    }

    @Test
    void aClosedConnectionIsForgotten() {
        recovering.hold(client.getSessionId(), cut(5, 0));
        recovering.forget(client.getSessionId());
        assertFalse(recovering.live(client, packet("a", 6, 0), sender));
    }
}
