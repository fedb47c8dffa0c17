package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Engine.IO sessions that hold no Socket.IO connection are closed by the server and forgotten (a request naming them
 * is then refused), whatever the client does meanwhile: one whose CONNECT was refused a second after the refusal, one
 * that never connects once the connect timeout ({@link TestStack#CONNECT_TIMEOUT_MS} on the test stack) has passed. A
 * client here ignores everything the server sends but pings, which it answers, as a careless or hostile one would.
 */
class UnconnectedSessionsTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(TestStack.CONNECT_TIMEOUT_MS);
    /** Longer than the ping interval (25 s): a poll on a live session with nothing to say is answered by a ping. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);
    private final TestStack stack = TestStack.shared();
    private final RawEngineIo engineIo = new RawEngineIo(stack, POLL_TIMEOUT);

    /** Refused by the guard of a CONNECT without an auth object, and by the auth listener. */
    @ParameterizedTest
    @ValueSource(strings = {"40", "40{\"token\":\"not-a-jwt\"}"})
    void aRefusedClientIsClosedAndForgottenASecondLaterThoughItKeepsPolling(String connect) throws Exception {
        String sid = engineIo.handshake();
        assertEquals(200, engineIo.post(sid, connect).statusCode());
        assertTrue(engineIo.get(sid).body().contains("44{\"message\":\"unauthorized\"}"));

        Duration took = pollUntilForgotten(sid, CONNECT_TIMEOUT.plusSeconds(20));
        assertTrue(took.compareTo(CONNECT_TIMEOUT) < 0, "evicted a second after the refusal, not at the connect timeout: " + took);
    }

    @Test
    void aSessionThatNeverConnectsIsClosedAtTheConnectTimeoutAndAConnectedOneIsNot() throws Exception {
        long started = System.nanoTime();
        String idle = engineIo.handshake();
        String connected = engineIo.handshake();
        assertEquals(200, engineIo.post(connected, "40{\"token\":\"" + stack.token(Ids.newId(), "client") + "\"}").statusCode());
        String answer = engineIo.get(connected).body();
        assertTrue(answer.startsWith("40{"), "connected: " + answer);

        pollUntilForgotten(idle, CONNECT_TIMEOUT.plusSeconds(20));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(CONNECT_TIMEOUT.minusSeconds(1)) >= 0, "closed only once the connect timeout passed: " + took);

        assertEquals(200, engineIo.post(connected, "421[\"leave-chat\",{\"chatId\":\"" + Ids.newId() + "\"}]").statusCode());
        List<String> received = new ArrayList<>(); // its own presence change may come first
        for (int poll = 0; poll < 5 && received.stream().noneMatch(p -> p.startsWith("431[")); poll++) {
            received.addAll(RawEngineIo.packets(engineIo.get(connected).body()));
        }
        assertTrue(received.stream().anyMatch(p -> p.startsWith("431[") && p.contains("\"ok\":true")),
                "the connected session still answers: " + received);
    }

    @Test
    void aWebsocketSessionThatNeverConnectsIsDisconnectedAndForgottenAtTheConnectTimeout() throws Exception {
        long started = System.nanoTime();
        CompletableFuture<String> open = new CompletableFuture<>();
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(stack.socketUrl().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                String packet = data.toString();
                                if (packet.startsWith("0")) {
                                    open.complete(packet);
                                } else if (packet.equals("2")) {
                                    webSocket.sendText("3", true);
                                } else if (packet.equals("41")) {
                                    disconnected.complete(null);
                                }
                                webSocket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                                disconnected.complete(null);
                                return null;
                            }

                            @Override
                            public void onError(WebSocket webSocket, Throwable error) {
                                disconnected.complete(null);
                            }
                        }).get(10, TimeUnit.SECONDS);
        String sid = RawEngineIo.sidOf(open.get(10, TimeUnit.SECONDS));

        // the DISCONNECT, or the connection closed (the JDK client does not always report the close that follows it)
        disconnected.get(CONNECT_TIMEOUT.plusSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(CONNECT_TIMEOUT.minusSeconds(1)) >= 0, "closed only once the connect timeout passed: " + took);
        assertEquals(400, engineIo.get(sid).statusCode(), "the server forgot the session");
        socket.abort();
    }

    /**
     * Polls the session, answering pings and ignoring anything else, until the server refuses a poll because it no
     * longer knows the session; how long that took. Fails if it still knows it after {@code atMost}.
     */
    private Duration pollUntilForgotten(String sid, Duration atMost) throws Exception {
        long started = System.nanoTime();
        while (System.nanoTime() - started < atMost.toNanos()) {
            HttpResponse<String> poll;
            try {
                poll = engineIo.get(sid);
            } catch (HttpTimeoutException stillWaiting) {
                continue;
            }
            if (poll.statusCode() >= 400) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            if (RawEngineIo.packets(poll.body()).contains("2")) {
                engineIo.post(sid, "3");
            }
        }
        return fail("the server still knows session " + sid + " after " + atMost);
    }
}
