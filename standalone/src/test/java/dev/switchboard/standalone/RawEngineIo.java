package dev.switchboard.standalone;

import org.json.JSONObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Engine.IO long-polling requests written by hand, for what the official clients never send. Each goes on a connection
 * of its own: the server closes the one that carried a session's last answer.
 */
final class RawEngineIo {
    private static final String SEPARATOR = "\u001e";
    private final String base;
    private final Duration timeout;

    /** Requests to the stack's socket port, each waiting up to {@code timeout} for its answer. */
    RawEngineIo(TestStack stack, Duration timeout) {
        this(stack.socketUrl(), timeout);
    }

    /** Requests to the Socket.IO server at {@code socketUrl}. */
    RawEngineIo(String socketUrl, Duration timeout) {
        this.base = socketUrl + "/socket.io/?EIO=4&transport=polling";
        this.timeout = timeout;
    }

    /** Opens a session; its id. */
    String handshake() throws Exception {
        HttpResponse<String> open = send("GET", "", null);
        assertEquals(200, open.statusCode());
        return sidOf(open.body());
    }

    HttpResponse<String> get(String sid) throws Exception {
        return send("GET", "&sid=" + sid, null);
    }

    HttpResponse<String> post(String sid, String body) throws Exception {
        return send("POST", "&sid=" + sid, body);
    }

    /** A request to the Engine.IO path with {@code query} after its own parameters, and a body unless null. */
    HttpResponse<String> send(String method, String query, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + query)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The Engine.IO packets of a polling answer. */
    static List<String> packets(String body) {
        return List.of(body.split(SEPARATOR));
    }

    /** The session id in an OPEN packet. */
    static String sidOf(String openPacket) throws Exception {
        return new JSONObject(openPacket.substring(openPacket.indexOf('{'))).getString("sid");
    }
}
