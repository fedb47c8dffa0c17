package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engine.IO requests the gateway cannot serve are answered {@code 400} with the Node.js server's JSON error, not a bare
 * {@code 500} or no answer at all: a session it does not know (a long-polling client's next poll after the gateway
 * restarted, or after its session was closed), a session id that is no id, a URI with a broken escape, a handshake by
 * another method than GET, and a method Engine.IO does not use.
 */
class EngineRequestRefusalTest {
    private final TestStack stack = TestStack.shared();
    private final RawEngineIo engineIo = new RawEngineIo(stack, Duration.ofSeconds(10));

    @Test
    void aPollOrAPostForASessionTheGatewayDoesNotKnowIsSessionIdUnknown() throws Exception {
        String unknown = UUID.randomUUID().toString();
        assertRefused(1, "Session ID unknown", engineIo.send("GET", "&sid=" + unknown, null));
        assertRefused(1, "Session ID unknown", engineIo.send("POST", "&sid=" + unknown, "40"));
        assertRefused(1, "Session ID unknown", engineIo.send("GET", "&sid=" + unknown + "&disconnect=1", null));
    }

    @Test
    void aSessionIdThatIsNoIdIsSessionIdUnknown() throws Exception {
        assertRefused(1, "Session ID unknown", engineIo.send("GET", "&sid=not-a-session", null));
        assertRefused(1, "Session ID unknown", engineIo.send("POST", "&sid=%00%ff", "40"));
    }

    @Test
    void aSessionClosedByItsClientIsSessionIdUnknownAfterwards() throws Exception {
        String sid = engineIo.handshake();
        assertEquals(200, engineIo.send("POST", "&sid=" + sid, "1").statusCode()); // Engine.IO close
        assertRefused(1, "Session ID unknown", engineIo.send("GET", "&sid=" + sid, null));
    }

    @Test
    void aUriWithABrokenEscapeIsABadRequestAnsweredAtOnce() throws Exception {
        URI server = URI.create(stack.socketUrl());
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /socket.io/?EIO=4&transport=polling&sid=%zz HTTP/1.1\r\nHost: " + server.getHost()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[512];
            for (int read; !answer.toString().endsWith("}") && (read = socket.getInputStream().read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
            }
            assertTrue(answer.toString().startsWith("HTTP/1.1 400"), answer.toString());
            JSONObject error = new JSONObject(answer.substring(answer.indexOf("{")));
            assertEquals(3, error.getInt("code"));
            assertEquals("Bad request", error.getString("message"));
        }
    }

    @Test
    void aHandshakeByAnotherMethodThanGetIsRefusedWithoutOpeningASession() throws Exception {
        assertRefused(2, "Bad handshake method", engineIo.send("POST", "", "40"));
        assertRefused(2, "Bad handshake method", engineIo.send("DELETE", "", null));
    }

    @Test
    void aMethodEngineIoDoesNotUseIsABadRequestAndTheSessionGoesOn() throws Exception {
        String sid = engineIo.handshake();
        assertRefused(3, "Bad request", engineIo.send("PUT", "&sid=" + sid, "40"));
        assertEquals(200, engineIo.send("POST", "&sid=" + sid, "40{\"token\":\"" + stack.token(Ids.newId(), "client") + "\"}").statusCode());
        assertEquals("40{", engineIo.send("GET", "&sid=" + sid, null).body().substring(0, 3));
    }

    @Test
    void aWebsocketUpgradeOfAnUnknownSessionIsRefused() {
        URI upgrade = URI.create(stack.socketUrl().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket&sid=" + UUID.randomUUID());
        CompletionException refused = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(upgrade, new WebSocket.Listener() {
                }).join());
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(400, handshake.getResponse().statusCode());
    }

    private static void assertRefused(int code, String message, HttpResponse<String> response) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JSONObject error = new JSONObject(response.body());
        assertEquals(code, error.getInt("code"));
        assertEquals(message, error.getString("message"));
    }
}
