package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedStore;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import io.socket.client.IO;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The document store goes away for 30 s under a steady send load (a MongoDB restart, or a failover that takes long) and
 * comes back: sends are answered within bounded time meanwhile and everything they recorded is stored once the store
 * is back; what needs the store is refused UNAVAILABLE within {@code STORE_TIMEOUT_MS} rather than the driver's 30 s
 * (socket events run on the socket server's threads); connecting and recovering go on. Runs on its own store and stack,
 * since it stops the store.
 */
class StoreOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** The reply timeout (10 s) and some. */
    private static final long ACK_BOUND_MS = 15_000;
    private static final long ANSWER_BOUND_MS = 6_000;
    /**
     * What does not wait for a store known to be down: a connect, a recovery (a new session), a socket query (refused
     * at once, off the socket threads), a REST read (refused at once).
     */
    private static final long STORE_FREE_BOUND_MS = 2_000;

    private static Path dataDir;
    private static int storePort;
    private static EmbeddedStore store;
    private static TestStack stack;

    @BeforeAll
    static void startOwnStoreAndStack() throws Exception {
        dataDir = Files.createTempDirectory("switchboard-store-outage");
        storePort = FreePorts.find();
        store = EmbeddedStore.start(dataDir.resolve("own-store"), storePort);
        Map<String, Object> settings = new HashMap<>(TestStack.settings(dataDir));
        settings.put("MONGODB_URI", store.connectionString());
        stack = TestStack.start(settings);
    }

    @AfterAll
    static void stopAll() {
        if (stack != null) {
            stack.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void duringAnOutageEveryoneGetsAnswersAndEverySendIsStoredOnceTheStoreIsBack() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            assertTrue(providerSocket.emitWithAck("join-chat", chatId).getBoolean("ok"));

            // a chat whose provider never connected (known from a REST call): this gateway has neither read nor been told
            // whether it is online, as after a restart
            String away = Ids.newId();
            assertEquals(200, Rest.get(stack, "/api/notifications", stack.token(away, "provider")).status());
            String quietChat = Rest.openChat(stack, client, "client", away);
            assertTrue(clientSocket.emitWithAck("join-chat", quietChat).getBoolean("ok"));

            SendsDuringOutage sends = SendsDuringOutage.start(clientSocket, chatId, Duration.ofMillis(200));
            SendsDuringOutage.sleep(2_000);

            store.close();
            long stoppedAt = System.currentTimeMillis();
            SendsDuringOutage.sleep(1_000);
            AnswerTimes answers = new AnswerTimes("store outage");

            long started = System.nanoTime();
            Rest.Response health = Rest.get(stack, "/health", null);
            answers.took("/health", started, ANSWER_BOUND_MS);
            assertEquals(503, health.status(), health.text());

            started = System.nanoTime();
            Rest.Response history = Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client"));
            answers.took("GET messages", started, STORE_FREE_BOUND_MS);
            assertEquals(503, history.status(), history.text());
            assertEquals("UNAVAILABLE", history.body().getJSONObject("error").getString("code"));

            started = System.nanoTime();
            JSONObject unread = providerSocket.emitWithAckWithin("get-unread-count", provider, Duration.ofSeconds(60));
            answers.took("get-unread-count", started, STORE_FREE_BOUND_MS);
            assertEquals("UNAVAILABLE", SendsDuringOutage.outcomeOf(unread), unread.toString());

            // events that read the store on the socket thread before they record: a chat this gateway has not seen, a support message
            started = System.nanoTime();
            JSONObject join = providerSocket.emitWithAckWithin("join-chat", Ids.newId(), Duration.ofSeconds(60));
            answers.took("join-chat of a chat not known here", started, STORE_FREE_BOUND_MS);
            assertEquals("UNAVAILABLE", SendsDuringOutage.outcomeOf(join), join.toString());
            started = System.nanoTime();
            JSONObject read = providerSocket.emitWithAckWithin("mark-message-read", Ids.newId(), Duration.ofSeconds(60));
            answers.took("mark-message-read", started, STORE_FREE_BOUND_MS);
            assertEquals("UNAVAILABLE", SendsDuringOutage.outcomeOf(read), read.toString());

            // whether its receiver is online is not known now: recorded as not delivered yet, not refused
            started = System.nanoTime();
            JSONObject toAway = clientSocket.emitWithAckWithin("send-message",
                    Rest.json("chatId", quietChat, "content", "to-away", "clientMessageId", "to-away"), Duration.ofSeconds(60));
            answers.took("send-message to a receiver whose status is not known", started, ACK_BOUND_MS);
            assertEquals("TIMEOUT", SendsDuringOutage.outcomeOf(toAway), "recorded, applied once the store is back: " + toAway);

            IO.Options recovering = new IO.Options();
            recovering.auth = Map.of("token", stack.token(Ids.newId(), "client"), "pid", "AAAAAAAAAAAAAAAAAAAAAA", "offset", "0");
            long connecting = System.nanoTime();
            try (SocketClient comingBack = SocketClient.open(stack.socketUrl(), recovering)) {
                comingBack.awaitConnectedWithin(Duration.ofSeconds(60));
                answers.took("connect with a pid", connecting, STORE_FREE_BOUND_MS);
            }
            started = System.nanoTime();
            try (SocketClient fresh = SocketClient.connected(stack, Ids.newId(), "client")) {
                answers.took("connect", started, STORE_FREE_BOUND_MS);
            }

            SendsDuringOutage.sleep(Math.max(0, OUTAGE.toMillis() - (System.currentTimeMillis() - stoppedAt)));
            store = EmbeddedStore.start(dataDir.resolve("own-store"), storePort);
            long restartedAt = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(60)).until(() -> Rest.get(stack, "/health", null).status() == 200);
            long healthyAfterMs = System.currentTimeMillis() - restartedAt;
            await().atMost(Duration.ofSeconds(60)).until(sends::okAfterARefusal);
            sends.close();

            answers.assertNoneSlow();
            assertTrue(sends.slowestAckMs() <= ACK_BOUND_MS, "a send waited " + sends.slowestAckMs() + " ms for its answer");
            assertTrue(sends.outcomeByContent().containsValue("TIMEOUT"), "the outage delayed nothing");
            sends.assertEachKeptOnce(stack, chatId, provider);
            await().atMost(Duration.ofSeconds(30)).until(() -> SendsDuringOutage.storedContents(stack, quietChat, away).equals(Map.of("to-away", 1)));
            System.out.printf("store outage of %d ms: healthy %d ms after the store restarted; %d sends: %s; slowest answer %d ms%n",
                    restartedAt - stoppedAt, healthyAfterMs, sends.outcomeByContent().size(), sends.countByOutcome(), sends.slowestAckMs());
        }
    }
}
