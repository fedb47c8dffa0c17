package dev.switchboard.bench;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Role;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection state recovery: a provider in a chat drops its websocket; the client sends {@code gap} messages (all
 * acked); the provider reconnects with its pid and last offset. Measured: reconnect → the last missed
 * {@code new-message}, and that every missed message arrived once.
 */
final class RecoveryScenario {
    private static final int IN_FLIGHT = 100;
    /** Within one connection's RATE_LIMIT_BURST (2,000 by default): the gap is sent over several connections of the client. */
    private static final int SENDS_PER_CONNECTION = 1_000;

    private final Load load;
    private final String socketUrl;
    private final String httpUrl;

    RecoveryScenario(Load load, String socketUrl, String httpUrl) {
        this.load = load;
        this.socketUrl = socketUrl;
        this.httpUrl = httpUrl;
    }

    Map<String, Object> run(int[] gaps) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        for (int gap : gaps) {
            results.put(gap + " missed", once(gap));
            System.out.println("recovery after " + gap + " missed messages: " + results.get(gap + " missed"));
        }
        return results;
    }

    private Map<String, Object> once(int gap) throws Exception {
        String clientId = Ids.newId();
        String providerId = Ids.newId();
        String providerToken = load.token(providerId, Role.PROVIDER);
        SioClient client = SioClient.connect(Load.HTTP, socketUrl, load.token(clientId, Role.CLIENT)).orTimeout(30, TimeUnit.SECONDS).join();
        SioClient provider = SioClient.connect(Load.HTTP, socketUrl, providerToken).orTimeout(30, TimeUnit.SECONDS).join();
        String chatId = openChat(clientId, providerId);
        CountDownLatch first = new CountDownLatch(1);
        provider.on("new-message", message -> first.countDown());
        provider.emitWithAck("join-chat", chatId).orTimeout(30, TimeUnit.SECONDS).join();
        client.emitWithAck("send-message", Map.of("chatId", chatId, "content", "before")).orTimeout(30, TimeUnit.SECONDS).join();
        if (!first.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the provider got no live message");
        }
        provider.abort();

        List<String> senderTokens = new ArrayList<>();
        for (int i = 0; i < (gap + SENDS_PER_CONNECTION - 1) / SENDS_PER_CONNECTION; i++) {
            senderTokens.add(load.token(clientId, Role.CLIENT));
        }
        List<SioClient> senders = Load.connectAll(socketUrl, senderTokens, 50);
        long sendStart = System.nanoTime();
        sendAcked(senders, chatId, gap);
        double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
        senders.forEach(SioClient::close);

        AtomicInteger missed = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CountDownLatch last = new CountDownLatch(1);
        long reconnectStart = System.nanoTime();
        long[] lastAt = new long[1];
        SioClient back = SioClient.reconnect(Load.HTTP, socketUrl, providerToken, provider, Map.of("new-message", message -> {
            if (!seen.add(message.get("_id").asText())) {
                duplicates.incrementAndGet();
            }
            if (message.get("content").asText().startsWith("missed ") && missed.incrementAndGet() == gap) {
                lastAt[0] = System.nanoTime();
                last.countDown();
            }
        })).orTimeout(30, TimeUnit.SECONDS).join();
        boolean recovered = provider.pid() != null && provider.pid().equals(back.pid());
        boolean complete = last.await(Math.max(60, gap / 100), TimeUnit.SECONDS);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("recovered", recovered);
        result.put("missedReceived", missed.get());
        result.put("duplicates", duplicates.get());
        result.put("reconnectToLastMissedMs", complete ? Math.round((lastAt[0] - reconnectStart) / 1e4) / 100.0 : null);
        result.put("gapSendSeconds", Math.round(sendSeconds * 100) / 100.0);
        back.close();
        client.close();
        return result;
    }

    /** Sends {@code count} messages, each acked {@code ok} (a refused one, e.g. RATE_LIMITED, is sent again with its clientMessageId). */
    private static void sendAcked(List<SioClient> senders, String chatId, int count) throws InterruptedException {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(i);
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > 20) {
                throw new IllegalStateException(pending.size() + " messages still refused");
            }
            List<Integer> refused = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> window = new ArrayList<>();
            for (int n = 0; n < pending.size(); n++) {
                int i = pending.get(n);
                SioClient sender = senders.get(i % senders.size());
                window.add(sender.emitWithAck("send-message", Map.of("chatId", chatId, "content", "missed " + i, "clientMessageId", "missed-" + i))
                        .thenAccept(ack -> {
                            if (ack == null || !ack.path("ok").asBoolean()) {
                                refused.add(i);
                            }
                        }));
                if (window.size() == IN_FLIGHT) {
                    window.forEach(f -> f.orTimeout(60, TimeUnit.SECONDS).join());
                    window.clear();
                }
            }
            window.forEach(f -> f.orTimeout(60, TimeUnit.SECONDS).join());
            pending = new ArrayList<>(refused);
            java.util.Collections.sort(pending);
            if (!pending.isEmpty()) {
                Thread.sleep(1_000);
            }
        }
    }

    private String openChat(String client, String provider) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            HttpResponse<String> response = Load.post(httpUrl, "/api/chats", load.token(client, Role.CLIENT), "{\"participantId\":\"" + provider + "\"}");
            if (response.statusCode() < 300) {
                return Load.json(response.body()).get("_id").asText();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("cannot open chat: " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(100);
        }
    }
}
