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
        List<String> providerIds = new ArrayList<>();
        Map<String, Object> results = new LinkedHashMap<>();
        String firstChat;
        try (Session session = Session.open(load, socketUrl, pairs, this::openChat, providerIds)) {
            firstChat = session.chat(0);
            session.measure(Math.min(200, rates[0]), 3); // warm-up, not reported
            for (int rate : rates) {
                Map<String, Object> result = session.measure(rate, secondsPerRate).asMap();
                results.put(Integer.toString(rate), result);
                System.out.println("latency @" + rate + " msg/s: " + result);
            }
        }
        results.put("reads", reads(providerIds.get(0), firstChat));
        return results;
    }

    /** How a target opens the chat of a client with a provider, returning its id. */
    interface ChatOpener {
        String open(String clientId, String providerId) throws Exception;
    }

    /**
     * {@code pairs} client/provider sockets in {@code pairs} chats on one server, the providers joined to their chats;
     * {@link #measure} sends at a rate and reports send → new-message and the sender's ack. Works against Switchboard
     * and against any peer that speaks the same events (the seed design).
     */
    static final class Session implements AutoCloseable {
        private final List<SioClient> sockets;
        private final List<String> chats;
        private final int pairs;
        private final Object lock = new Object();
        private Histogram delivery = Load.histogram();
        private Histogram ack = Load.histogram();
        /** Only messages sent at or after this nanoTime count, so late deliveries of a previous step are not counted twice. */
        private volatile long windowStart;
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();

        private Session(List<SioClient> sockets, List<String> chats, int pairs) {
            this.sockets = sockets;
            this.chats = chats;
            this.pairs = pairs;
        }

        static Session open(Load load, String socketUrl, int pairs, ChatOpener opener, List<String> providerIdsOut) throws Exception {
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
                chats.add(opener.open(clientIds.get(i), providerIds.get(i)));
            }
            Session session = new Session(sockets, chats, pairs);
            for (int i = 0; i < pairs; i++) {
                SioClient provider = sockets.get(pairs + i);
                provider.on("new-message", session::delivered);
                provider.emitWithAck("join-chat", chats.get(i)).join();
            }
            providerIdsOut.addAll(providerIds);
            return session;
        }

        String chat(int pair) {
            return chats.get(pair);
        }

        private void delivered(com.fasterxml.jackson.databind.JsonNode message) {
            long sentAt = Long.parseLong(message.get("content").asText());
            if (sentAt - windowStart < 0) {
                return;
            }
            synchronized (lock) {
                delivery.recordValue(Math.max(0, System.nanoTime() - sentAt));
            }
            received.incrementAndGet();
        }

        /**
         * Sends {@code rate} messages a second for {@code seconds}, then waits until all arrived, or until none arrived
         * for 5 s, at most 30 s; what has not arrived by then counts as lost.
         */
        Measurement measure(int rate, double seconds) throws InterruptedException {
            synchronized (lock) {
                delivery = Load.histogram();
                ack = Load.histogram();
            }
            received.set(0);
            refused.set(0);
            windowStart = System.nanoTime();
            int sent = Load.paced(rate, seconds, i -> {
                int pair = i % pairs;
                long now = System.nanoTime();
                sockets.get(pair).emitWithAck("send-message", Map.of("chatId", chats.get(pair), "content", Long.toString(now)))
                        .thenAccept(reply -> {
                            if (reply == null || !reply.path("ok").asBoolean(false)) {
                                refused.incrementAndGet();
                            }
                            synchronized (lock) {
                                ack.recordValue(Math.max(0, System.nanoTime() - now));
                            }
                        });
            });
            double sendSeconds = (System.nanoTime() - windowStart) / 1e9;
            Load.awaitDrained(received::get, sent, 5_000, 30_000);
            synchronized (lock) {
                return new Measurement(rate, sent, received.get(), refused.get(), sendSeconds, delivery.copy(), ack.copy());
            }
        }

        @Override
        public void close() {
            sockets.forEach(SioClient::close);
        }
    }

    /** One step of a session: what was sent, what arrived, and the two latency histograms. */
    record Measurement(int rate, int sent, long delivered, long refused, double sendSeconds, Histogram delivery, Histogram ack) {
        long lost() {
            return Math.max(0, sent - delivered);
        }

        Map<String, Object> asMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rate", rate);
            result.put("sent", sent);
            result.put("delivered", delivered);
            result.put("lost", lost());
            result.put("refused", refused);
            result.put("deliveryMs", Load.percentiles(delivery));
            result.put("ackMs", Load.percentiles(ack));
            return result;
        }
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
