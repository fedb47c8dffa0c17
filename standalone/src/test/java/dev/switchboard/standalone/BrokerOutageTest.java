package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away for 30 s under a steady send load and comes back: sends are answered within bounded time
 * meanwhile, users who stayed connected are online again without reconnecting, and nothing acked is lost. Runs on its
 * own broker and stack, since it stops the broker.
 */
class BrokerOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final long ACK_BOUND_MS = 20_000;
    /** Several times the test stack's gateway expiry (3 s). */
    private static final Duration STAYS_ONLINE = Duration.ofSeconds(12);

    private static Path dataDir;
    private static int kafkaPort;
    private static int controllerPort;
    private static EmbeddedKafka kafka;
    private static TestStack stack;

    @BeforeAll
    static void startOwnBrokerAndStack() throws Exception {
        dataDir = Files.createTempDirectory("switchboard-outage");
        kafkaPort = FreePorts.find();
        controllerPort = FreePorts.find();
        kafka = EmbeddedKafka.start(dataDir.resolve("own-kafka"), kafkaPort, controllerPort);
        Map<String, Object> settings = new HashMap<>(TestStack.settings(dataDir));
        settings.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        stack = TestStack.start(settings);
    }

    @AfterAll
    static void stopAll() {
        if (stack != null) {
            stack.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static boolean isOnline(String userId) throws Exception {
        Rest.Response response = Rest.get(stack, "/api/users/" + userId + "/presence", stack.token(Ids.newId(), "client"));
        return response.status() == 200 && response.body().getBoolean("isOnline");
    }

    @Test
    void connectedUsersAreOnlineAgainAfterAnOutageWithoutReconnectingAndNothingAckedIsLost() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            await().atMost(Duration.ofSeconds(10)).until(() -> isOnline(client) && isOnline(provider));

            SendsDuringOutage sends = SendsDuringOutage.start(clientSocket, chatId, Duration.ofMillis(100));
            SendsDuringOutage.sleep(3_000);

            kafka.close();
            long stoppedAt = System.currentTimeMillis();
            SendsDuringOutage.sleep(OUTAGE.toMillis());
            kafka = EmbeddedKafka.start(dataDir.resolve("own-kafka"), kafkaPort, controllerPort);
            long restartedAt = System.currentTimeMillis();

            // the watchdog may close their connections a few seconds after the log is back: online must last
            long[] lastSeenOffline = {restartedAt};
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!(isOnline(client) && isOnline(provider))) {
                    lastSeenOffline[0] = System.currentTimeMillis();
                }
                return System.currentTimeMillis() - lastSeenOffline[0] >= STAYS_ONLINE.toMillis();
            });
            long onlineAfterMs = lastSeenOffline[0] - restartedAt;
            await().atMost(Duration.ofSeconds(60)).until(sends::okAfterARefusal);
            sends.close();
            Map<String, String> outcomeByContent = sends.outcomeByContent();

            assertTrue(clientSocket.isConnected() && providerSocket.isConnected(), "a client had to reconnect");
            assertTrue(sends.slowestAckMs() <= ACK_BOUND_MS, "a send waited " + sends.slowestAckMs() + " ms for its answer");
            List<String> unexpected = outcomeByContent.values().stream()
                    .filter(code -> !List.of("ok", "UNAVAILABLE", "TIMEOUT").contains(code)).toList();
            assertEquals(List.of(), unexpected, "answers other than ok, UNAVAILABLE or TIMEOUT");

            Map<String, Integer> stored = SendsDuringOutage.storedContents(stack, chatId, provider);
            List<String> lost = new ArrayList<>();
            List<String> recordedThoughRefused = new ArrayList<>();
            outcomeByContent.forEach((content, outcome) -> {
                if (outcome.equals("ok") && !stored.containsKey(content)) {
                    lost.add(content);
                }
                if (outcome.equals("UNAVAILABLE") && stored.containsKey(content)) {
                    recordedThoughRefused.add(content);
                }
            });
            assertEquals(List.of(), lost, "acked but not stored");
            assertEquals(List.of(), recordedThoughRefused, "answered UNAVAILABLE (nothing recorded) but stored");
            assertTrue(stored.values().stream().allMatch(count -> count == 1), "stored twice: " + stored);
            assertTrue(outcomeByContent.values().stream().anyMatch(code -> !code.equals("ok")), "the outage refused nothing");
            System.out.printf("broker outage of %d ms: users online for good %d ms after the broker restarted; %d sends: %s; slowest answer %d ms%n",
                    restartedAt - stoppedAt, onlineAfterMs, outcomeByContent.size(), sends.countByOutcome(), sends.slowestAckMs());
        }
    }

    /** The gateway's socket threads, shared by its connections, never wait for the broker. */
    @Test
    void actionsTheLogCannotTakeDoNotHoldUpOtherConnectionsEvents() throws Exception {
        Map<SocketClient, String> senders = new HashMap<>();
        List<SocketClient> bystanders = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String sender = Ids.newId();
                senders.put(SocketClient.connected(stack, sender, "client"), sender);
                bystanders.add(SocketClient.connected(stack, Ids.newId(), "client"));
            }
            kafka.close();
            long slowestBystanderMs = 0;
            List<String> senderAnswers = new ArrayList<>();
            try {
                // actions of a family this gateway had not sent yet: a producer that had not learnt their topic's partitions
                // waited for the broker to tell them, on the socket thread, for each of them
                List<CompletableFuture<JSONObject>> sent = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    senders.forEach((sender, userId) -> sent.add(sender.emitForAck("mark-all-notifications-read", Rest.json("userId", userId))
                            .orTimeout(60, TimeUnit.SECONDS)));
                }
                long until = System.currentTimeMillis() + 8_000;
                while (System.currentTimeMillis() < until) {
                    for (SocketClient bystander : bystanders) {
                        long started = System.nanoTime();
                        JSONObject ack = bystander.emitWithAckWithin("leave-chat", Ids.newId(), Duration.ofSeconds(60));
                        slowestBystanderMs = Math.max(slowestBystanderMs, (System.nanoTime() - started) / 1_000_000);
                        assertTrue(ack.optBoolean("ok"), "leave-chat refused: " + ack);
                    }
                }
                for (CompletableFuture<JSONObject> answer : sent) {
                    JSONObject error = answer.join().optJSONObject("error");
                    senderAnswers.add(error == null ? "ok" : error.getString("code"));
                }
            } finally {
                kafka = EmbeddedKafka.start(dataDir.resolve("own-kafka"), kafkaPort, controllerPort);
            }
            System.out.printf("broker outage: the slowest answer to a bystander's leave-chat took %d ms; the senders' answers: %s%n",
                    slowestBystanderMs, senderAnswers);
            assertTrue(slowestBystanderMs < 2_000, "a bystander's leave-chat waited " + slowestBystanderMs + " ms");
            assertEquals(List.of(), senderAnswers.stream().filter(code -> !code.equals("UNAVAILABLE")).toList(),
                    "answers other than UNAVAILABLE while the broker was away");
            Map.Entry<SocketClient, String> sender = senders.entrySet().iterator().next();
            await().atMost(Duration.ofSeconds(60)).until(() -> sender.getKey().emitWithAck("mark-all-notifications-read",
                    Rest.json("userId", sender.getValue())).optBoolean("ok"));
        } finally {
            senders.keySet().forEach(SocketClient::close);
            bystanders.forEach(SocketClient::close);
        }
    }
}
