package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Given a token that has expired by the time its connection opens (accepted within {@code JWT_CLOCK_SKEW_SECONDS}),
 * when the connection's CONNECT is still being answered, then its socket-error and disconnect come after the answer.
 */
class TokenExpiryTest {
    private final ConnectAnswers answers = new ConnectAnswers();
    private final TokenExpiry expiry = new TokenExpiry(answers);
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final UUID connection = UUID.randomUUID();
    private final SocketSession session = new SocketSession(client(), new AuthenticatedUser("u1", Role.CLIENT, null, null,
            Instant.now().minusSeconds(5)), null, 10);

    @AfterEach
    void stop() {
        expiry.close();
    }

    @Test
    void aTokenExpiredAsItConnectsIsToldAndDisconnectedOnlyAfterTheConnectAnswer() throws Exception {
        answers.awaitAnswer(connection); // the auth listener, before the connection opens

        expiry.opened(session);
        TimeUnit.MILLISECONDS.sleep(300);
        sent.add("40 answer");
        answers.answered(connection);

        assertEquals(List.of("40 answer", "socket-error", "disconnect"), sent);
    }

    @Test
    void aTokenExpiringOnAnAnsweredConnectionIsToldAndDisconnectedAtOnce() throws Exception {
        expiry.opened(session);

        long deadline = System.currentTimeMillis() + 5_000;
        while (sent.size() < 2 && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertEquals(List.of("socket-error", "disconnect"), sent);
    }

    private SocketIOClient client() {
        return (SocketIOClient) Proxy.newProxyInstance(SocketIOClient.class.getClassLoader(), new Class<?>[]{SocketIOClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSessionId" -> connection;
                    case "sendEvent" -> sent.add((String) args[0]);
                    case "disconnect" -> sent.add("disconnect");
                    case "hashCode" -> connection.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
