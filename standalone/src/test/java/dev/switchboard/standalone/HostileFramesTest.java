package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.socket.SocketServer;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fuzz test over raw Engine.IO / Socket.IO frames, on websocket and polling: mutated valid packets, random bytes, deep
 * nesting, huge numbers, operator injection, oversize frames. Bounded in count and time (seeded: FUZZ_SEED replays a
 * run). Throughout, a well-behaved pair keeps chatting; afterwards no connection is left over and the pair's chat holds
 * exactly what they sent.
 */
class HostileFramesTest {
    private static final int FRAMES_PER_TRANSPORT = 400;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TestStack stack = TestStack.shared();
    private final long seed = Long.parseLong(System.getProperty("FUZZ_SEED", Long.toString(System.nanoTime())));
    private final Random random = new Random(seed);
    /** What {@link #post} answers when the server closed the connection instead of answering. */
    private static final int CLOSED_BY_SERVER = 599;
    /** Polling sessions whose close request did not reach the server: they end at their ping timeout. */
    private int closesFailed;

    @Test
    void hostileFramesNeitherCrashNorLeakNorDisturbAWellBehavedChat() throws Exception {
        System.out.println("HostileFramesTest seed " + seed + " (-DFUZZ_SEED=" + seed + " replays it)");
        SocketServer server = stack.standalone().gateway().getBean(SocketServer.class);
        int baseline = server.openConnections();
        String client = Ids.newId();
        String provider = Ids.newId();
        String victimChat;
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        AtomicBoolean chatting = new AtomicBoolean(true);
        List<String> problems = new CopyOnWriteArrayList<>();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
            victimChat = Rest.openChat(stack, client, "client", provider);
            assertTrue(providerSocket.emitWithAck("join-chat", victimChat).getBoolean("ok"));
            String chatId = victimChat;
            Thread chat = new Thread(() -> {
                while (chatting.get()) {
                    String content = "calm " + sent.get();
                    JSONObject ack = clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", content));
                    if (!ack.optBoolean("ok")) {
                        problems.add("a calm send was refused: " + ack);
                    }
                    sent.incrementAndGet();
                    try {
                        Object pushed = providerSocket.poll("new-message", 10_000);
                        if (pushed instanceof JSONObject message && message.optString("content").equals(content)) {
                            delivered.incrementAndGet();
                        } else {
                            problems.add("the provider did not get '" + content + "' but " + pushed);
                        }
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "calm-chat");
            chat.start();

            String token = stack.token(Ids.newId(), "client");
            long deadline = System.currentTimeMillis() + 60_000;
            int overWebsocket = fuzzWebsocket(token, deadline);
            int overPolling = fuzzPolling(token, deadline);
            System.out.printf("hostile frames: %d over websocket, %d over polling%n", overWebsocket, overPolling);
            assertEquals(FRAMES_PER_TRANSPORT, overWebsocket, "hostile frames sent over websocket within the minute");
            assertEquals(FRAMES_PER_TRANSPORT, overPolling, "hostile frames sent over polling within the minute");

            chatting.set(false);
            chat.join(30_000);
            assertEquals(List.of(), problems);
            assertTrue(sent.get() > 10 && delivered.get() == sent.get(), sent + " sent, " + delivered + " delivered");
            assertTrue(clientSocket.isConnected() && providerSocket.isConnected());
        }
        // a polling session whose client went away without closing it ends at its ping timeout (25 s + 20 s here)
        long waitStarted = System.currentTimeMillis();
        int leftAtEnd = server.openConnections() - baseline;
        await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(500)).until(() -> server.openConnections() <= baseline);
        System.out.printf("hostile frames: %d sessions open when the fuzzing ended, none %d ms later (%d polling closes failed)%n",
                leftAtEnd, System.currentTimeMillis() - waitStarted, closesFailed);
        String freshUser = Ids.newId();
        try (SocketClient fresh = SocketClient.connected(stack, freshUser, "client")) {
            assertTrue(fresh.emitWithAck("user-join", freshUser).getBoolean("ok"));
        }
        Rest.Response history = Rest.get(stack, "/api/chats/" + victimChat + "/messages?limit=100", stack.token(client, "client"));
        assertEquals(200, history.status());
        var messages = history.body().getJSONArray("messages");
        assertEquals(sent.get(), messages.length(), "the chat holds exactly what the pair sent");
        for (int i = 0; i < messages.length(); i++) {
            assertTrue(messages.getJSONObject(i).getString("content").startsWith("calm "), messages.getJSONObject(i).toString());
        }
    }

    // ---- websocket: one connection per batch of frames; a frame the server cannot take may close it, then a new one

    /** Returns how many hostile frames went out. */
    private int fuzzWebsocket(String token, long deadline) throws Exception {
        int frames = 0;
        while (frames < FRAMES_PER_TRANSPORT && System.currentTimeMillis() < deadline) {
            WebSocket socket = openWebsocket();
            if (socket == null) {
                throw new AssertionError("the server stopped accepting websockets after " + frames + " hostile frames");
            }
            try {
                socket.sendText("40" + new JSONObject(Map.of("token", token)), true).get(5, TimeUnit.SECONDS);
                for (int i = 0; i < 20 && frames < FRAMES_PER_TRANSPORT; i++, frames++) {
                    if (random.nextInt(10) == 0) {
                        byte[] bytes = new byte[1 + random.nextInt(4096)];
                        random.nextBytes(bytes);
                        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
                    } else {
                        socket.sendText(hostileFrame(), true).get(5, TimeUnit.SECONDS);
                    }
                }
            } catch (Exception closedByServer) {
                // the server may drop a connection that sent garbage: that is a fine answer
            } finally {
                socket.abort();
            }
        }
        return frames;
    }

    private WebSocket openWebsocket() {
        URI uri = URI.create(stack.socketUrl().replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket");
        try {
            return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    if ("2".contentEquals(data)) {
                        webSocket.sendText("3", true);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    // ---- polling: a session per batch, frames POSTed (several per body, separated by 0x1e)

    /** Returns how many hostile frames went out. */
    private int fuzzPolling(String token, long deadline) throws Exception {
        int frames = 0;
        while (frames < FRAMES_PER_TRANSPORT && System.currentTimeMillis() < deadline) {
            HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(pollingUri(null)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, open.statusCode(), "the server stopped opening polling sessions after " + frames + " hostile frames");
            String sid = new JSONObject(open.body().substring(1)).getString("sid");
            post(sid, "40" + new JSONObject(Map.of("token", token)));
            for (int i = 0; i < 10 && frames < FRAMES_PER_TRANSPORT; i++) {
                List<String> batch = new ArrayList<>();
                for (int j = 0; j < 1 + random.nextInt(3) && frames < FRAMES_PER_TRANSPORT; j++, frames++) {
                    batch.add(hostileFrame());
                }
                if (post(sid, String.join("\u001e", batch)) >= 400) {
                    break; // the session is gone: a fine answer to garbage
                }
            }
            if (post(sid, "1") == CLOSED_BY_SERVER) { // close
                closesFailed++;
            }
        }
        return frames;
    }

    private int post(String sid, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(pollingUri(sid)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return CLOSED_BY_SERVER; // fine for garbage
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI pollingUri(String sid) {
        return URI.create(stack.socketUrl() + "/socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid));
    }

    // ---- the frames

    private String hostileFrame() {
        return switch (random.nextInt(9)) {
            case 0 -> mutate(validEvent());
            case 1 -> randomText(1 + random.nextInt(512));
            case 2 -> "42[\"send-message\"," + "[".repeat(5_000 + random.nextInt(5_000)) + "]".repeat(10) + "]";
            case 3 -> "42[\"send-message\",{\"chatId\":\"" + Ids.newId() + "\",\"content\":1e309,\"media\":[{\"size\":99999999999999999999999999}]}]";
            case 4 -> "42[\"" + pick("join-chat", "mark-messages-read", "get-online-status", "join-notifications", "support-message")
                    + "\",{\"chatId\":{\"$gt\":\"\"},\"userId\":{\"$ne\":null},\"ticketId\":{\"$where\":\"sleep(1000)\"}}]";
            case 5 -> "42[\"send-message\",{\"chatId\":\"" + Ids.newId() + "\",\"content\":\"" + "x".repeat(1_100_000) + "\"}]";
            case 6 -> "4" + random.nextInt(10) + random.nextInt(Integer.MAX_VALUE) + "[\"send-message\"]";
            case 7 -> "42[\"" + randomText(20).replace("\"", "") + "\"," + validPayload() + "]";
            default -> "42" + random.nextInt(1_000_000) + "[\"send-message\",{\"chatId\":\"" + Ids.newId() + "\",\"content\":\"\\u0000\\ud800\"}]";
        };
    }

    private String validEvent() {
        return "42[\"send-message\"," + validPayload() + "]";
    }

    private String validPayload() {
        return "{\"chatId\":\"" + Ids.newId() + "\",\"content\":\"hello\",\"messageType\":\"text\"}";
    }

    private String mutate(String frame) {
        StringBuilder out = new StringBuilder(frame);
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 1 -> out.deleteCharAt(at);
                default -> out.insert(at, "{[\"\\,:0e");
            }
        }
        return out.toString();
    }

    private String randomText(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) random.nextInt(0xD7FF));
        }
        return out.toString();
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }
}
