package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedStore;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import io.socket.client.IO;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The document store hangs for 15 s (its connections stay open, nothing comes back) under a steady send load: what the
 * gateway asks of it gives up within {@code STORE_TIMEOUT_MS} (3 s) instead of waiting for the store for as long as it
 * hangs (the driver sets no read timeout by default); once one read has timed out, the next ones give up at once until the
 * store answers again; then everything sent meanwhile is stored. The store is behind a {@link FreezingProxy}, on a stack of its own.
 */
class FrozenStoreTest {
    private static final Duration FREEZE = Duration.ofSeconds(15);
    /** The store timeout (3 s) and some. */
    private static final long ANSWER_BOUND_MS = 6_000;
    /** What does not wait for a store found hanging: well under the store timeout. */
    private static final long AT_ONCE_MS = 1_000;

    private static EmbeddedStore store;
    private static FreezingProxy proxy;
    private static TestStack stack;

    @BeforeAll
    static void startStoreBehindAProxyAndStack() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-frozen-store");
        int storePort = FreePorts.find();
        store = EmbeddedStore.start(dataDir.resolve("own-store"), storePort);
        proxy = new FreezingProxy(storePort);
        Map<String, Object> settings = new HashMap<>(TestStack.settings(dataDir));
        settings.put("MONGODB_URI", "mongodb://127.0.0.1:" + proxy.port());
        stack = TestStack.start(settings);
    }

    /** Also after a test that failed while the store was frozen: the next one runs on this stack. */
    @AfterEach
    void thaw() {
        proxy.thaw();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (stack != null) {
            stack.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void whatTheGatewayAsksOfAHangingStoreGivesUpWithinTheStoreTimeoutThenAtOnceAndNothingSentIsLost() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            SendsDuringOutage sends = SendsDuringOutage.start(clientSocket, chatId, Duration.ofMillis(200));
            SendsDuringOutage.sleep(1_000);

            proxy.freeze();
            long frozenAt = System.currentTimeMillis();
            SendsDuringOutage.sleep(500);
            AnswerTimes answers = new AnswerTimes("frozen store");

            long started = System.nanoTime();
            Rest.Response history = Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client"));
            answers.took("GET messages", started, ANSWER_BOUND_MS);
            assertEquals(503, history.status(), history.text());
            assertEquals("UNAVAILABLE", history.body().getJSONObject("error").getString("code"));

            // that read found the store hanging: the next ones do not wait for it
            started = System.nanoTime();
            Rest.Response again = Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client"));
            answers.took("GET messages again", started, AT_ONCE_MS);
            assertEquals(503, again.status(), again.text());

            started = System.nanoTime();
            JSONObject unread = providerSocket.emitWithAckWithin("get-unread-count", provider, Duration.ofSeconds(60));
            answers.took("get-unread-count", started, AT_ONCE_MS);
            assertEquals("UNAVAILABLE", SendsDuringOutage.outcomeOf(unread), unread.toString());

            IO.Options recovering = new IO.Options();
            recovering.auth = Map.of("token", stack.token(Ids.newId(), "client"), "pid", "AAAAAAAAAAAAAAAAAAAAAA", "offset", "0");
            started = System.nanoTime();
            try (SocketClient comingBack = SocketClient.open(stack.socketUrl(), recovering)) {
                comingBack.awaitConnectedWithin(Duration.ofSeconds(30));
                answers.took("connect with a pid", started, AT_ONCE_MS);
            }

            started = System.nanoTime();
            Rest.Response health = Rest.get(stack, "/health", null);
            answers.took("/health", started, AT_ONCE_MS);
            assertEquals(503, health.status(), health.text());

            SendsDuringOutage.sleep(Math.max(0, FREEZE.toMillis() - (System.currentTimeMillis() - frozenAt)));
            proxy.thaw();
            long thawedAt = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(60)).until(() -> Rest.get(stack, "/health", null).status() == 200);
            long healthyAfterMs = System.currentTimeMillis() - thawedAt;
            await().atMost(Duration.ofSeconds(60)).until(sends::okAfterARefusal);
            await().atMost(Duration.ofSeconds(30)).until(() -> Rest.get(stack, "/api/chats/" + chatId + "/messages",
                    stack.token(client, "client")).status() == 200);
            long readsAfterMs = System.currentTimeMillis() - thawedAt;
            sends.close();

            answers.assertNoneSlow();
            sends.assertEachKeptOnce(stack, chatId, provider);
            System.out.printf("frozen store for %d ms: healthy %d ms and reads again %d ms after it answered again; %d sends: %s; slowest answer %d ms%n",
                    thawedAt - frozenAt, healthyAfterMs, readsAfterMs, sends.outcomeByContent().size(), sends.countByOutcome(), sends.slowestAckMs());
        }
    }

    /**
     * While the store hangs, connections keep sending events that read it ({@code join-chat} of chats the gateway has not
     * read): those wait off the socket server's event loops, so the typing signals of connections sharing their loops
     * (every loop here: eight such connections) still come through at once.
     */
    @Test
    void eventsWaitingForAHangingStoreHoldUpNoOtherConnection() throws Exception {
        List<SocketClient> sockets = new ArrayList<>();
        AtomicBoolean joining = new AtomicBoolean(true);
        try {
            List<String> chats = new ArrayList<>(); // chat i's client and provider: sockets 2 * i and 2 * i + 1
            for (int i = 0; i < 4; i++) {
                String client = Ids.newId();
                String provider = Ids.newId();
                SocketClient clientSocket = SocketClient.connected(stack, client, "client");
                SocketClient providerSocket = SocketClient.connected(stack, provider, "provider");
                sockets.add(clientSocket);
                sockets.add(providerSocket);
                String chatId = Rest.openChat(stack, client, "client", provider);
                assertTrue(clientSocket.emitWithAck("join-chat", chatId).getBoolean("ok"));
                assertTrue(providerSocket.emitWithAck("join-chat", chatId).getBoolean("ok"));
                chats.add(chatId);
            }
            List<SocketClient> joiners = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SocketClient joiner = SocketClient.connected(stack, Ids.newId(), "client");
                sockets.add(joiner);
                joiners.add(joiner);
            }

            proxy.freeze();
            long frozenAt = System.currentTimeMillis();
            Thread joins = new Thread(() -> {
                while (joining.get()) {
                    joiners.forEach(joiner -> joiner.emit("join-chat", Rest.json("chatId", Ids.newId())));
                    SendsDuringOutage.sleep(100);
                }
            }, "joins-during-freeze");
            joins.start();
            SendsDuringOutage.sleep(1_000);

            long slowestMs = 0;
            int signals = 0;
            while (System.currentTimeMillis() - frozenAt < 8_000) {
                for (int i = 0; i < chats.size(); i++) {
                    SocketClient typist = sockets.get(2 * i);
                    SocketClient other = sockets.get(2 * i + 1);
                    boolean isTyping = signals % 2 == 0;
                    long started = System.nanoTime();
                    typist.emit(isTyping ? "typing-start" : "typing-stop", Rest.json("chatId", chats.get(i)));
                    JSONObject pushed = (JSONObject) other.poll("user-typing", 10_000);
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(isTyping, pushed != null && pushed.getBoolean("isTyping"), "the push of " + (isTyping ? "typing-start" : "typing-stop"));
                    slowestMs = Math.max(slowestMs, ms);
                }
                signals++;
            }
            joining.set(false);
            joins.join(10_000);
            proxy.thaw();
            await().atMost(Duration.ofSeconds(60)).until(() -> Rest.get(stack, "/health", null).status() == 200);

            System.out.printf("frozen store for %d ms with 8 connections joining unread chats: %d typing signals of 4 pairs, slowest push %d ms%n",
                    System.currentTimeMillis() - frozenAt, signals * chats.size(), slowestMs);
            assertTrue(slowestMs < 1_000, "a typing signal took " + slowestMs + " ms to be pushed");
        } finally {
            joining.set(false);
            sockets.forEach(SocketClient::close);
        }
    }
}
