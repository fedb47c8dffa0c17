package dev.switchboard.bench;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Role;
import org.HdrHistogram.Histogram;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * send-message → the peer's new-message through the whole pipeline (gateway → Kafka → projector → store →
 * Kafka → gateway), at fixed total rates over pairs of users in chats; also the sender's ack latency.
 */
final class LatencyScenario {
    private final Load load;
    private final String socketUrl;
    private final String httpUrl;

    LatencyScenario(Load load, String socketUrl, String httpUrl) {
        this.load = load;
        this.socketUrl = socketUrl;
        this.httpUrl = httpUrl;
    }

    Map<String, Object> run(int pairs, int[] rates, double secondsPerRate) throws Exception {
        List<String> clientIds = new ArrayList<>();
        List<String> providerIds = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            clientIds.add(Ids.newId());
            providerIds.add(Ids.newId());
        }
        clientIds.forEach(id -> tokens.add(load.token(id, Role.CLIENT)));
        providerIds.forEach(id -> tokens.add(load.token(id, Role.PROVIDER)));
        List<SioClient> sockets = Load.connectAll(socketUrl, tokens, 50);
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            chats.add(openChat(clientIds.get(i), providerIds.get(i)));
        }
        Histogram[] delivery = {Load.histogram()};
        Histogram[] ack = {Load.histogram()};
        AtomicLong received = new AtomicLong();
        for (int i = 0; i < pairs; i++) {
            SioClient provider = sockets.get(pairs + i);
            provider.on("new-message", message -> {
                long sentAt = Long.parseLong(message.get("content").asText());
                synchronized (delivery) {
                    delivery[0].recordValue(Math.max(0, System.nanoTime() - sentAt));
                }
                received.incrementAndGet();
            });
            provider.emitWithAck("join-chat", chats.get(i)).join();
        }

        Map<String, Object> results = new LinkedHashMap<>();
        runRate(sockets, chats, pairs, Math.min(200, rates[0]), 3, ack); // warm-up, not reported
        Load.awaitQuiet(received::get, received.get(), 2000);
        for (int rate : rates) {
            synchronized (delivery) {
                delivery[0] = Load.histogram();
            }
            ack[0] = Load.histogram();
            long before = received.get();
            int sent = runRate(sockets, chats, pairs, rate, secondsPerRate, ack);
            Load.awaitQuiet(received::get, before + sent, 30_000);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rate", rate);
            result.put("sent", sent);
            result.put("delivered", received.get() - before);
            synchronized (delivery) {
                result.put("deliveryMs", Load.percentiles(delivery[0]));
            }
            result.put("ackMs", Load.percentiles(ack[0]));
            results.put(Integer.toString(rate), result);
            System.out.println("latency @" + rate + " msg/s: " + result);
        }
        sockets.forEach(SioClient::close);
        results.put("reads", reads(providerIds.get(0), chats.get(0)));
        return results;
    }

    /** REST reads once the scenario has filled the store: a chat list and a history page, 20 times each. */
    private Map<String, Object> reads(String providerId, String chatId) throws Exception {
        String token = load.token(providerId, Role.PROVIDER);
        Map<String, Object> reads = new LinkedHashMap<>();
        for (String path : List.of("/api/chats", "/api/chats/" + chatId + "/messages?limit=50")) {
            Histogram took = Load.histogram();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = Load.get(httpUrl, path, token);
                took.recordValue(System.nanoTime() - start);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(path + " answered " + response.statusCode());
                }
            }
            reads.put(path.startsWith("/api/chats/") ? "GET /api/chats/{chatId}/messages?limit=50" : "GET /api/chats", Load.percentiles(took));
        }
        System.out.println("reads " + reads);
        return reads;
    }

    private int runRate(List<SioClient> sockets, List<String> chats, int pairs, int rate, double seconds, Histogram[] ack) {
        return Load.paced(rate, seconds, i -> {
            int pair = i % pairs;
            long now = System.nanoTime();
            sockets.get(pair).emitWithAck("send-message", Map.of("chatId", chats.get(pair), "content", Long.toString(now)))
                    .thenAccept(reply -> {
                        synchronized (ack) {
                            ack[0].recordValue(Math.max(0, System.nanoTime() - now));
                        }
                    });
        });
    }

    private String openChat(String client, String provider) throws Exception {
        return openChat(load, httpUrl, client, provider);
    }

    /** Opens the chat of {@code client} with {@code provider}, retrying until the provider's role is known. */
    static String openChat(Load load, String httpUrl, String client, String provider) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            HttpResponse<String> response = Load.post(httpUrl, "/api/chats", load.token(client, Role.CLIENT),
                    "{\"participantId\":\"" + provider + "\"}");
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
