package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.socket.SocketServer;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A long-polling client sends its packets in successive POSTs, each once the one before was answered, and an HTTP
 * client may send each on a new connection; after the upgrade it sends them on the websocket. netty-socketio answers a
 * POST before it handles the packets in it, so what came next, on another connection and event loop, could be handled
 * alongside them or first. Each request here goes on a new connection.
 */
class LongPollingOrderTest {
    private static final int ROUNDS = 4;
    private static final int BATCH = 20;
    private final TestStack stack = TestStack.shared();

    @Test
    void messagesPostedInSuccessiveRequestsAreKeptInTheOrderSent() throws Exception {
        Chat chat = Chat.open(stack);
        String sid = connected(chat);
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // a batch, as a client sends what it buffered while a request was out, then a single packet (naming the
            // session in capitals, which the server reads as the same id)
            assertEquals(200, post(sid, messages(chat, sent, BATCH)));
            assertEquals(200, post(sid.toUpperCase(Locale.ROOT), messages(chat, sent, 1)));
        }

        assertEquals(sent, chat.history(stack, sent.size()));
        post(sid, "1");
    }

    @Test
    void messagesSentAcrossTheUpgradeToWebsocketAreKeptInTheOrderSent() throws Exception {
        Chat chat = Chat.open(stack);
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String sid = connected(chat);
            // the last request before the upgrade, then the upgrade and the first packet on the websocket
            assertEquals(200, post(sid, messages(chat, sent, BATCH)));
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            WebSocket websocket = websocket(sid, received);
            websocket.sendText("2probe", true).get(5, TimeUnit.SECONDS);
            assertEquals("3probe", received.poll(5, TimeUnit.SECONDS));
            websocket.sendText("5", true).get(5, TimeUnit.SECONDS);
            websocket.sendText(messages(chat, sent, 1), true).get(5, TimeUnit.SECONDS);
            websocket.sendText("41", true).get(5, TimeUnit.SECONDS);
        }

        assertEquals(sent, chat.history(stack, sent.size()));
    }

    @Test
    void aDisconnectPostedRightAfterABatchKeepsTheBatchAndClosesTheSessionAtOnce() throws Exception {
        SocketServer server = stack.standalone().gateway().getBean(SocketServer.class);
        int baseline = server.openConnections();
        Chat chat = Chat.open(stack);
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String sid = connected(chat);
            assertEquals(200, post(sid, messages(chat, sent, BATCH)));
            assertEquals(200, post(sid, "41"));
        }

        assertEquals(sent, chat.history(stack, sent.size()));
        // handled before the batch, the DISCONNECT would leave events of the batch without a session (dropped), and
        // handled before the CONNECT it would be dropped itself, the session left open until its ping timeout (45 s)
        await().atMost(Duration.ofSeconds(3)).until(() -> server.openConnections() <= baseline);
    }

    private static String messages(Chat chat, List<String> sent, int count) {
        List<String> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String content = "in order " + sent.size();
            packets.add("42" + new JSONArray(List.of("send-message", Map.of("chatId", chat.id, "content", content))));
            sent.add(content);
        }
        return String.join("\u001e", packets);
    }

    /** A client's chat with a provider, both connected once so that their roles are known. */
    private record Chat(String client, String id) {
        static Chat open(TestStack stack) {
            String client = Ids.newId();
            String provider = Ids.newId();
            try (SocketClient ignored = SocketClient.connected(stack, client, "client");
                 SocketClient ignoredToo = SocketClient.connected(stack, provider, "provider")) {
                return new Chat(client, Rest.openChat(stack, client, "client", provider));
            }
        }

        /** The chat's messages, oldest first, once there are {@code expected} of them (or after 20 s, what there is). */
        List<String> history(TestStack stack, int expected) throws Exception {
            String token = stack.token(client, "client");
            long deadline = System.currentTimeMillis() + 20_000;
            List<String> kept = new ArrayList<>();
            while (kept.size() < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                kept.clear();
                JSONArray newestFirst = Rest.get(stack, "/api/chats/" + id + "/messages?limit=100", token).body().getJSONArray("messages");
                for (int i = newestFirst.length() - 1; i >= 0; i--) {
                    kept.add(newestFirst.getJSONObject(i).getString("content"));
                }
            }
            return kept;
        }
    }

    /** A new long-polling session, connected as the chat's client. */
    private String connected(Chat chat) throws Exception {
        String sid = open();
        assertEquals(200, post(sid, "40" + new JSONObject(Map.of("token", stack.token(chat.client, "client")))));
        return sid;
    }

    private String open() throws Exception {
        String body = send(HttpRequest.newBuilder(uri(null)).GET()).body();
        return new JSONObject(body.substring(body.indexOf('{'))).getString("sid");
    }

    private int post(String sid, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(sid)).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))).statusCode();
    }

    /** On a new connection each time, as a proxy's pool may. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private WebSocket websocket(String sid, BlockingQueue<String> received) throws Exception {
        URI uri = URI.create(stack.socketUrl().replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket&sid=" + sid);
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                received.add(data.toString());
                webSocket.request(1);
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
    }

    private URI uri(String sid) {
        return URI.create(stack.socketUrl() + "/socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid));
    }
}
