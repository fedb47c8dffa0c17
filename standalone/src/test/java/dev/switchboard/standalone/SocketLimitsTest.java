package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Socket limits per user (defaults: 200 events/s sustained and 2,000 at once per user, 20 connections per user): a user
 * flooding from several connections is limited while a quiet user beside them is not, and a user's connection beyond
 * the limit is refused with a clear reason; a connection freed is taken again.
 */
class SocketLimitsTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void aUserFloodingFromSeveralConnectionsIsLimitedWhileAQuietUserIsNot() throws Exception {
        String flooder = Ids.newId();
        String chatId = Ids.newId();
        List<SocketClient> floods = new ArrayList<>();
        try (SocketClient quiet = SocketClient.connected(stack, Ids.newId(), "client")) {
            for (int i = 0; i < 3; i++) {
                floods.add(SocketClient.connected(stack, flooder, "client"));
            }
            // 1,200 per connection stays under a per-connection burst of 2,000: only a per-user limit refuses any
            for (int i = 0; i < 1200; i++) {
                for (SocketClient flood : floods) {
                    flood.emit("leave-chat", chatId);
                }
            }
            for (int i = 0; i < 20; i++) {
                JSONObject ack = quiet.emitWithAck("leave-chat", chatId);
                assertTrue(ack.getBoolean("ok"), "the quiet user was limited: " + ack);
            }
            boolean limited = false;
            long deadline = System.currentTimeMillis() + 15_000;
            while (!limited && System.currentTimeMillis() < deadline) {
                for (SocketClient flood : floods) {
                    Object error = flood.poll("socket-error", 200);
                    limited |= error instanceof JSONObject json && "RATE_LIMITED".equals(json.getString("code"));
                }
            }
            assertTrue(limited, "no RATE_LIMITED socket-error for 3,600 events of one user at once");
        } finally {
            floods.forEach(SocketClient::close);
        }
    }

    @Test
    void aUsersConnectionBeyondTheLimitIsRefusedWithItsReasonWhileOthersConnectAndAFreedPlaceIsTakenAgain() {
        String user = Ids.newId();
        List<SocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(SocketClient.connected(stack, user, "client"));
            }
            SocketClient oneTooMany = SocketClient.withToken(stack.socketUrl(), stack.token(user, "client"));
            open.add(oneTooMany);
            assertEquals("too many connections: at most 20 per user", oneTooMany.awaitRefusal());

            SocketClient someoneElse = SocketClient.connected(stack, Ids.newId(), "client");
            open.add(someoneElse);
            assertTrue(someoneElse.isConnected());

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                SocketClient retry = SocketClient.withToken(stack.socketUrl(), stack.token(user, "client"));
                open.add(retry);
                try {
                    retry.awaitConnected();
                    return true;
                } catch (RuntimeException refusedWhileTheCloseIsOnItsWay) {
                    return false;
                }
            });
        } finally {
            open.forEach(SocketClient::close);
        }
    }

    @Test
    void simultaneousConnectsOfOneUserBeyondTheLimitAreRefusedSoExactlyTheLimitIsOpen() {
        String user = Ids.newId();
        String token = stack.token(user, "client");
        List<SocketClient> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                attempts.add(SocketClient.withToken(stack.socketUrl(), token)); // none awaited: their CONNECTs overlap
            }
            int connected = 0;
            int refused = 0;
            for (SocketClient attempt : attempts) {
                try {
                    attempt.awaitConnected();
                    connected++;
                } catch (RuntimeException refusal) {
                    assertEquals("too many connections: at most 20 per user", attempt.awaitRefusal());
                    refused++;
                }
            }
            assertEquals(20, connected, "connections open for one user");
            assertEquals(10, refused);
        } finally {
            attempts.forEach(SocketClient::close);
        }
    }
}
