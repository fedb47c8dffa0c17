package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedStore;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The document store hangs for 15 s (its connections stay open, nothing comes back) under a steady send load: what the
 * gateway asks of it gives up within {@code STORE_TIMEOUT_MS} (3 s) instead of waiting for the store for as long as it
 * hangs (the driver sets no read timeout by default), and once it answers again everything sent meanwhile is stored.
 * The store is behind a {@link FreezingProxy}, on a stack of its own.
 */
class FrozenStoreTest {
    private static final Duration FREEZE = Duration.ofSeconds(15);
    /** The store timeout (3 s) and some. */
    private static final long ANSWER_BOUND_MS = 6_000;

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
    void whatTheGatewayAsksOfAHangingStoreGivesUpWithinTheStoreTimeoutAndNothingSentIsLost() throws Exception {
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

            started = System.nanoTime();
            JSONObject unread = providerSocket.emitWithAckWithin("get-unread-count", provider, Duration.ofSeconds(60));
            answers.took("get-unread-count", started, ANSWER_BOUND_MS);
            assertEquals("UNAVAILABLE", SendsDuringOutage.outcomeOf(unread), unread.toString());

            started = System.nanoTime();
            Rest.Response health = Rest.get(stack, "/health", null);
            answers.took("/health", started, ANSWER_BOUND_MS);
            assertEquals(503, health.status(), health.text());

            SendsDuringOutage.sleep(Math.max(0, FREEZE.toMillis() - (System.currentTimeMillis() - frozenAt)));
            proxy.thaw();
            long thawedAt = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(60)).until(() -> Rest.get(stack, "/health", null).status() == 200);
            long healthyAfterMs = System.currentTimeMillis() - thawedAt;
            await().atMost(Duration.ofSeconds(60)).until(sends::okAfterARefusal);
            sends.close();

            answers.assertNoneSlow();
            sends.assertEachKeptOnce(stack, chatId, provider);
            System.out.printf("frozen store for %d ms: healthy %d ms after it answered again; %d sends: %s; slowest answer %d ms%n",
                    thawedAt - frozenAt, healthyAfterMs, sends.outcomeByContent().size(), sends.countByOutcome(), sends.slowestAckMs());
        }
    }
}
