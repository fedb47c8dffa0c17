package dev.switchboard.standalone;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A Java socket.io-client connection for tests, recording every event it receives. */
public final class SocketClient implements AutoCloseable {
    /**
     * The HTTP client of every connection here. Each stands for a device of its own, but by default they share one
     * whose dispatcher runs at most 5 requests per host at once: a 6th connection's handshake would wait behind the
     * long polls of 5 others.
     */
    private static final OkHttpClient HTTP = http();
    private final Socket socket;
    private final Map<String, BlockingQueue<Object>> received = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();

    private SocketClient(Socket socket) {
        this.socket = socket;
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new ConnectRefused(args.length > 0 ? args[0] : null)));
        socket.onAnyIncoming(args -> inbox((String) args[0]).add(args.length > 1 && args[1] != null ? args[1] : JSONObject.NULL));
    }

    public static SocketClient open(String url, IO.Options options) {
        options.forceNew = true;
        options.reconnection = false;
        options.callFactory = HTTP;
        options.webSocketFactory = HTTP;
        SocketClient client = new SocketClient(IO.socket(URI.create(url), options));
        client.socket.connect();
        return client;
    }

    public static SocketClient withToken(String url, String token) {
        IO.Options options = new IO.Options();
        options.auth = Map.of("token", token);
        return open(url, options);
    }

    /** Connects with the token and waits for the server to accept. */
    public static SocketClient connected(TestStack stack, String userId, String role) {
        SocketClient client = withToken(stack.socketUrl(), stack.token(userId, role));
        client.awaitConnected();
        return client;
    }

    public SocketClient awaitConnected() {
        return awaitConnectedWithin(Duration.ofSeconds(10));
    }

    public SocketClient awaitConnectedWithin(Duration within) {
        try {
            connected.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String stuck = StuckThreads.print("not connected within " + within.toMillis() + " ms") + "; " + requestsInFlight()
                    + "; this client's Engine.IO session " + engineSession() + ", " + ServerSessions.describe(engineSession());
            throw new AssertionError("neither connected nor refused within " + within.toMillis() + " ms; " + stuck, e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    private static OkHttpClient http() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(1024);
        return new OkHttpClient.Builder().dispatcher(dispatcher).readTimeout(1, TimeUnit.MINUTES).build(); // socket.io-client's timeout
    }

    /** The HTTP requests of every connection here that are under way or waiting for their turn. */
    /** The Engine.IO session id of this client (socket.io-client keeps its engine to itself), or why it is not known. */
    private String engineSession() {
        try {
            java.lang.reflect.Field engine = socket.io().getClass().getDeclaredField("engine");
            engine.setAccessible(true);
            Object session = engine.get(socket.io());
            return session == null ? "none" : ((io.socket.engineio.client.Socket) session).id();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    private static String requestsInFlight() {
        List<String> running = HTTP.dispatcher().runningCalls().stream().map(call -> call.request().url().toString()).toList();
        return "HTTP requests running: " + running + ", waiting: " + HTTP.dispatcher().queuedCallsCount();
    }

    /** The connect_error's message, or fails if the server let the client in. */
    public String awaitRefusal() {
        try {
            connected.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConnectRefused refused) {
                return refused.message();
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("neither connected nor refused", e);
        }
        throw new AssertionError("the server accepted the connection");
    }

    private BlockingQueue<Object> inbox(String event) {
        return received.computeIfAbsent(event, e -> new LinkedBlockingQueue<>());
    }

    /** The next payload of {@code event}, waiting up to 10 s. */
    public Object next(String event) {
        try {
            Object payload = inbox(event).poll(10, TimeUnit.SECONDS);
            if (payload == null) {
                throw new AssertionError("no " + event + " within 10 s");
            }
            return payload;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JSONObject nextObject(String event) {
        return (JSONObject) next(event);
    }

    /** A payload of {@code event} that arrived or arrives within {@code millis}, or null. */
    public Object poll(String event, long millis) throws InterruptedException {
        return inbox(event).poll(millis, TimeUnit.MILLISECONDS);
    }

    public List<Object> drained(String event) {
        List<Object> all = new ArrayList<>();
        inbox(event).drainTo(all);
        return all;
    }

    public JSONObject emitWithAck(String event, Object payload) {
        return emitWithAckWithin(event, payload, Duration.ofSeconds(15));
    }

    public JSONObject emitWithAckWithin(String event, Object payload, Duration within) {
        return emitForAck(event, payload).orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Sends the event with an ack callback; the ack when it comes. */
    public CompletableFuture<JSONObject> emitForAck(String event, Object payload) {
        CompletableFuture<JSONObject> ack = new CompletableFuture<>();
        socket.emit(event, new Object[]{payload}, (Ack) args -> ack.complete((JSONObject) args[0]));
        return ack;
    }

    public void emit(String event, Object payload) {
        socket.emit(event, payload);
    }

    public boolean isConnected() {
        return socket.connected();
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }

    static final class ConnectRefused extends RuntimeException {
        private final Object data;

        ConnectRefused(Object data) {
            super(String.valueOf(data));
            this.data = data;
        }

        String message() {
            if (data instanceof JSONObject json) {
                return json.optString("message");
            }
            if (data instanceof Exception e) {
                return e.getMessage();
            }
            return String.valueOf(data);
        }
    }
}
