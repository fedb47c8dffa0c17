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
 * Socket limits per user (defaults: 200 events/s sustained and 2,000 at once per user, 20 connections per user, 5
 * connects a second and 40 at once): a user flooding from several connections is limited while a quiet user beside them
 * is not, a user's connection beyond the limit is refused with a clear reason and a connection freed is taken again,
 * and a user reconnecting in a loop is refused beyond the connect rate.
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
    void aUserReconnectingInALoopIsRefusedBeyondTheConnectRateWhileOthersConnectAndTheUserCanConnectAgainASecondLater() throws Exception {
        String user = Ids.newId();
        String token = stack.token(user, "client");
        int connected = 0;
        String refusal = null;
        long started = System.nanoTime();
        // until the first refusal for the rate (a close still on its way may make one "too many connections" first)
        for (int i = 0; i < 300 && (refusal == null || !refusal.startsWith("too many connection attempts")); i++) {
            SocketClient attempt = SocketClient.withToken(stack.socketUrl(), token);
            try {
                attempt.awaitConnected();
                connected++;
            } catch (RuntimeException e) {
                refusal = attempt.awaitRefusal();
            } finally {
                attempt.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("one user reconnecting in a loop: %d connected in %.1f s, then refused: %s%n", connected, seconds, refusal);
        assertEquals("too many connection attempts: at most 5 a second per user", refusal);
        // a burst of 40 (twice MAX_CONNECTIONS_PER_USER) and 5 more each second
        assertTrue(connected <= 40 + Math.ceil(5 * seconds), connected + " connected in " + seconds + " s");

        try (SocketClient someoneElse = SocketClient.connected(stack, Ids.newId(), "client")) {
            assertTrue(someoneElse.isConnected());
        }
        Thread.sleep(1_000);
        try (SocketClient again = SocketClient.connected(stack, user, "client")) {
            assertTrue(again.isConnected());
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
