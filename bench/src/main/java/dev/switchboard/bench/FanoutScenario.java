package dev.switchboard.bench;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Role;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One room with N members and one sender broadcasting at a fixed rate; deliveries/s and latency. On Switchboard the
 * room is {@code support_dashboard} (N admins) and each broadcast a {@code support-message} (through Kafka, the
 * projector and the store); on the Node peer it is a plain room and {@code io.to(room).emit}.
 */
final class FanoutScenario {
    interface Target {
        String name();

        /** Members joined to the room; returns the event name they receive and how to read the send time from it. */
        void join(List<SioClient> members) throws Exception;

        String receivedEvent();

        Function<com.fasterxml.jackson.databind.JsonNode, Long> sentAt();

        SioClient sender() throws Exception;

        void broadcast(SioClient sender, long sentAt);

        List<String> memberTokens(int count);
    }

    static Map<String, Object> run(Target target, String url, int members, int rate, double seconds) throws Exception {
        List<SioClient> clients = Load.connectAll(url, target.memberTokens(members), 100);
        target.join(clients);
        Histogram[] latency = {Load.histogram()};
        AtomicLong deliveries = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong();
        for (SioClient client : clients) {
            client.on(target.receivedEvent(), payload -> {
                long now = System.nanoTime();
                long sent = target.sentAt().apply(payload);
                synchronized (latency) {
                    latency[0].recordValue(Math.max(0, now - sent));
                }
                deliveries.incrementAndGet();
                lastDelivery.set(now);
            });
        }
        SioClient sender = target.sender();
        Load.paced(Math.min(rate, 20), 2, i -> target.broadcast(sender, System.nanoTime())); // warm-up
        Load.awaitQuiet(deliveries::get, (long) Math.min(rate, 20) * 2 * members, 20_000);
        Thread.sleep(500);
        synchronized (latency) {
            latency[0] = Load.histogram();
        }
        deliveries.set(0);
        long start = System.nanoTime();
        int sent = Load.paced(rate, seconds, i -> target.broadcast(sender, System.nanoTime()));
        long expected = (long) sent * members;
        Load.awaitQuiet(deliveries::get, expected, 60_000);
        double elapsed = (lastDelivery.get() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("server", target.name());
        result.put("members", members);
        result.put("offeredBroadcastsPerSecond", rate);
        result.put("broadcasts", sent);
        result.put("expectedDeliveries", expected);
        result.put("deliveries", deliveries.get());
        result.put("deliveriesPerSecond", Math.round(deliveries.get() / Math.max(elapsed, 1e-9)));
        synchronized (latency) {
            result.put("latencyMs", Load.percentiles(latency[0]));
        }
        System.out.println("fan-out " + result);
        clients.forEach(SioClient::close);
        sender.close();
        return result;
    }

    /** Switchboard: admins on the support dashboard; a client's ticket messages are the broadcasts. */
    static Target switchboard(Load load, String url, String httpUrl) {
        return new Target() {
            private String ticketId;

            public String name() {
                return "switchboard";
            }

            public List<String> memberTokens(int count) {
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    tokens.add(load.token(Ids.newId(), Role.ADMIN));
                }
                return tokens;
            }

            public void join(List<SioClient> members) {
                members.forEach(m -> m.emitWithAck("join-support-dashboard", null).join());
            }

            public String receivedEvent() {
                return "new-support-message";
            }

            public Function<com.fasterxml.jackson.databind.JsonNode, Long> sentAt() {
                return payload -> Long.parseLong(payload.get("data").get("content").get("text").asText());
            }

            public SioClient sender() throws Exception {
                String owner = Ids.newId();
                String token = load.token(owner, Role.CLIENT);
                ticketId = Load.json(Load.post(httpUrl, "/api/support/tickets", token, "{\"subject\":\"bench\",\"message\":\"0\"}").body()).get("_id").asText();
                SioClient sender = SioClient.connect(Load.HTTP, url, token).join();
                sender.emitWithAck("join-support-ticket", Map.of("ticketId", ticketId)).join();
                return sender;
            }

            public void broadcast(SioClient sender, long sentAt) {
                sender.emit("support-message", Map.of("ticketId", ticketId, "content", Long.toString(sentAt)));
            }
        };
    }

    /** The Node.js socket.io peer: a plain room and a broadcast event. */
    static Target nodePeer(String url) {
        return new Target() {
            public String name() {
                return "node-socket.io";
            }

            public List<String> memberTokens(int count) {
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    tokens.add(null);
                }
                return tokens;
            }

            public void join(List<SioClient> members) {
                members.forEach(m -> m.emitWithAck("join", "room").join());
            }

            public String receivedEvent() {
                return "message";
            }

            public Function<com.fasterxml.jackson.databind.JsonNode, Long> sentAt() {
                return payload -> Long.parseLong(payload.get("data").get("content").get("text").asText());
            }

            public SioClient sender() {
                return SioClient.connect(Load.HTTP, url, null).join();
            }

            public void broadcast(SioClient sender, long sentAt) {
                sender.emit("broadcast", Map.of("room", "room", "payload", supportMessageShape(Long.toString(sentAt))));
            }
        };
    }

    /**
     * What the Node peer broadcasts: a payload of the same shape and size as Switchboard's {@code new-support-message},
     * so that both servers put the same bytes on the wire and the generator parses the same JSON.
     */
    static Map<String, Object> supportMessageShape(String text) {
        Map<String, Object> sender = new java.util.LinkedHashMap<>();
        sender.put("_id", "6901e54215fc6770c2a8bccb");
        sender.put("fullName", "Bench 6901e54215fc6770c2a8bccb");
        sender.put("profilePhoto", Map.of("url", "https://example.com/6901e54215fc6770c2a8bccb.jpg"));
        sender.put("role", "client");
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("_id", "69284360e726325e9236cbec");
        data.put("ticket", "507f1f77bcf86cd799439011");
        data.put("sender", sender);
        data.put("senderRole", "user");
        data.put("content", Map.of("text", text, "attachments", List.of()));
        data.put("messageType", "text");
        data.put("isRead", false);
        data.put("readBy", List.of());
        data.put("createdAt", "2025-11-27T12:26:08.849Z");
        return Map.of("event", "new-support-message", "data", data);
    }
}
