package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A lean Socket.IO v4 client over one websocket (Engine.IO 4, websocket transport only), enough for load:
 * connect with a query token, emit with or without ack, receive events. Thousands share one {@link HttpClient}.
 */
final class SioClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Consumer<JsonNode>> handlers = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<JsonNode>> acks = new ConcurrentHashMap<>();
    private final AtomicLong nextAck = new AtomicLong();
    private final CompletableFuture<SioClient> connected = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    /** The CONNECT packet's data ({@code null}: none); a recovering client sends {@code { pid, offset }}. */
    private final Map<String, Object> connectData;
    /** The session's private id from the CONNECT answer, and the offset (last argument) of the last event with one. */
    private volatile String pid;
    private volatile String lastOffset;

    private SioClient(Map<String, Object> connectData) {
        this.connectData = connectData;
    }

    static CompletableFuture<SioClient> connect(HttpClient http, String baseUrl, String token) {
        return connect(http, baseUrl, token, null, Map.of());
    }

    /**
     * As a Socket.IO v4 client coming back after a drop: CONNECT with {@code { pid, offset }} of {@code before}.
     * {@code handlers} are registered before connecting (missed packets follow the CONNECT answer at once).
     */
    static CompletableFuture<SioClient> reconnect(HttpClient http, String baseUrl, String token, SioClient before,
                                                  Map<String, Consumer<JsonNode>> handlers) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("pid", before.pid);
        if (before.lastOffset != null) {
            data.put("offset", before.lastOffset);
        }
        return connect(http, baseUrl, token, data, handlers);
    }

    private static CompletableFuture<SioClient> connect(HttpClient http, String baseUrl, String token, Map<String, Object> connectData,
                                                        Map<String, Consumer<JsonNode>> handlers) {
        SioClient client = new SioClient(connectData);
        client.handlers.putAll(handlers);
        String url = baseUrl.replaceFirst("^http", "ws") + "/socket.io/?EIO=4&transport=websocket"
                + (token == null ? "" : "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(url), client.listener())
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        client.connected.completeExceptionally(failure);
                    }
                });
        return client.connected;
    }

    String pid() {
        return pid;
    }

    void on(String event, Consumer<JsonNode> handler) {
        handlers.put(event, handler);
    }

    void emit(String event, Object payload) {
        send("42" + encode(event, payload));
    }

    CompletableFuture<JsonNode> emitWithAck(String event, Object payload) {
        long id = nextAck.incrementAndGet();
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        acks.put(id, ack);
        send("42" + id + encode(event, payload));
        return ack;
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
    }

    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private static String encode(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String encode(String event, Object payload) {
        try {
            return JSON.writeValueAsString(payload == null ? new Object[]{event} : new Object[]{event, payload});
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The JDK websocket allows one outstanding send: chain them. */
    private synchronized void send(String text) {
        sending = sending.thenCompose(previous -> socket.sendText(text, true)).exceptionally(e -> null);
    }

    private void onPacket(String packet) {
        if (packet.isEmpty()) {
            return;
        }
        switch (packet.charAt(0)) {
            case '0' -> send(connectData == null ? "40" : "40" + encode(connectData)); // Engine.IO open → Socket.IO CONNECT
            case '2' -> send("3");  // ping → pong
            case '4' -> onSocketIo(packet.substring(1));
            default -> { }
        }
    }

    private void onSocketIo(String packet) {
        char type = packet.charAt(0);
        String body = packet.substring(1);
        try {
            switch (type) {
                case '0' -> {
                    JsonNode answer = body.isEmpty() ? null : JSON.readTree(body);
                    pid = answer != null && answer.hasNonNull("pid") ? answer.get("pid").asText() : null;
                    connected.complete(this);
                }
                case '4' -> connected.completeExceptionally(new IllegalStateException("connect_error " + body));
                case '2' -> {
                    JsonNode args = JSON.readTree(body.substring(indexOfJson(body)));
                    Consumer<JsonNode> handler = handlers.get(args.get(0).asText());
                    if (handler != null) {
                        handler.accept(args.size() > 1 ? args.get(1) : null);
                    }
                    if (args.size() > 2 && args.get(args.size() - 1).isTextual()) {
                        lastOffset = args.get(args.size() - 1).asText();
                    }
                }
                case '3' -> {
                    int json = indexOfJson(body);
                    CompletableFuture<JsonNode> ack = acks.remove(Long.parseLong(body.substring(0, json)));
                    if (ack != null) {
                        JsonNode args = JSON.readTree(body.substring(json));
                        ack.complete(args.size() > 0 ? args.get(0) : null);
                    }
                }
                default -> { }
            }
        } catch (Exception e) {
            // a malformed packet is the server's bug, not the generator's: ignore it and go on
        }
    }

    private static int indexOfJson(String body) {
        int i = 0;
        while (i < body.length() && Character.isDigit(body.charAt(i))) {
            i++;
        }
        return i;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                socket = webSocket;
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String packet = partial.toString();
                    partial.setLength(0);
                    onPacket(packet);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                connected.completeExceptionally(new IllegalStateException("closed " + statusCode));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                connected.completeExceptionally(error);
            }
        };
    }
}
