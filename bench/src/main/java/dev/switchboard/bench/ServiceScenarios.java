package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.events.Ids;
import dev.switchboard.events.notification.NotificationPublisher;
import dev.switchboard.gateway.auth.Role;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The figures the service-side issues ask for: a notification created through REST or the Java library → the
 * connected user's {@code new-notification}; the audit of a ticket with 1,000 messages read from the log.
 */
final class ServiceScenarios {
    private final Load load;
    private final String socketUrl;
    private final String httpUrl;
    private final String kafkaBootstrap;

    ServiceScenarios(Load load, String socketUrl, String httpUrl, String kafkaBootstrap) {
        this.load = load;
        this.socketUrl = socketUrl;
        this.httpUrl = httpUrl;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** {@code count} notifications, one every 50 ms, each timed from the moment its creation starts (request or publish). */
    Map<String, Object> notifications(int count) throws Exception {
        String userId = Ids.newId();
        SioClient user = SioClient.connect(Load.HTTP, socketUrl, load.token(userId, Role.CLIENT)).orTimeout(30, TimeUnit.SECONDS).join();
        Histogram[] latency = {Load.histogram()};
        user.on("new-notification", notification -> {
            long sentAt = notification.get("data").get("sentAt").asLong();
            synchronized (latency) {
                latency[0].recordValue(Math.max(0, System.nanoTime() - sentAt));
            }
        });
        user.emitWithAck("join-notifications", userId).orTimeout(10, TimeUnit.SECONDS).join();
        String service = load.token("bench-billing", Role.SERVICE);
        Map<String, Object> results = new LinkedHashMap<>();

        results.put("rest", timed(latency, count, i -> {
            String body = SioClient.JSON.writeValueAsString(Map.of("userId", userId, "type", "bench", "title", "REST " + i,
                    "message", "created through REST", "data", Map.of("sentAt", System.nanoTime())));
            HttpResponse<String> response = Load.post(httpUrl, "/api/notifications", service, body);
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST /api/notifications answered " + response.statusCode() + " " + response.body());
            }
        }));
        try (NotificationPublisher publisher = new NotificationPublisher(kafkaBootstrap, "bench-billing")) {
            results.put("library", timed(latency, count, i -> publisher.publish(userId, "bench", "Library " + i, "published with NotificationPublisher",
                    Map.of("sentAt", System.nanoTime()), null).get(10, TimeUnit.SECONDS)));
        }
        user.close();
        System.out.println("notifications " + results);
        return results;
    }

    private interface Creation {
        void create(int i) throws Exception;
    }

    /** After three unmeasured creations (the first one pays for connections and metadata), {@code count} measured ones. */
    private static Map<String, Object> timed(Histogram[] latency, int count, Creation creation) throws Exception {
        for (int i = 0; i < 3; i++) {
            creation.create(-1 - i);
        }
        Thread.sleep(1000);
        synchronized (latency) {
            latency[0] = Load.histogram();
        }
        for (int i = 0; i < count; i++) {
            creation.create(i);
            Thread.sleep(50);
        }
        Load.awaitQuiet(() -> {
            synchronized (latency) {
                return latency[0].getTotalCount();
            }
        }, count, 10_000);
        synchronized (latency) {
            return Load.percentiles(latency[0]);
        }
    }

    /** A ticket with {@code messages} support messages (its opening message included), then its audit {@code reads} times. */
    Map<String, Object> audit(int messages, int reads) throws Exception {
        String ownerId = Ids.newId();
        String ownerToken = load.token(ownerId, Role.CLIENT);
        HttpResponse<String> opened = Load.post(httpUrl, "/api/support/tickets", ownerToken,
                "{\"subject\":\"bench audit\",\"message\":\"message 1\"}");
        if (opened.statusCode() != 201) {
            throw new IllegalStateException("cannot open a ticket: " + opened.statusCode() + " " + opened.body());
        }
        String ticketId = Load.json(opened.body()).get("_id").asText();
        SioClient owner = SioClient.connect(Load.HTTP, socketUrl, ownerToken).orTimeout(30, TimeUnit.SECONDS).join();
        List<CompletableFuture<JsonNode>> window = new ArrayList<>();
        for (int i = 2; i <= messages; i++) {
            window.add(owner.emitWithAck("support-message", Map.of("ticketId", ticketId, "content", "message " + i)));
            if (window.size() == 50) {
                window.forEach(ack -> requireOk(ack.orTimeout(30, TimeUnit.SECONDS).join()));
                window.clear();
            }
        }
        window.forEach(ack -> requireOk(ack.orTimeout(30, TimeUnit.SECONDS).join()));
        owner.close();

        String admin = load.token(Ids.newId(), Role.ADMIN);
        Histogram took = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        int events = 0;
        for (int i = 0; i < reads; i++) {
            long start = System.nanoTime();
            HttpResponse<String> audit = Load.HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl + "/api/support/tickets/" + ticketId + "/audit"))
                    .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
            took.recordValue(System.nanoTime() - start);
            if (audit.statusCode() != 200) {
                throw new IllegalStateException("audit answered " + audit.statusCode() + " " + audit.body());
            }
            events = Load.json(audit.body()).get("events").size();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("messages", messages);
        result.put("events", events);
        result.put("reads", reads);
        result.put("ms", Load.percentiles(took));
        System.out.println("audit " + result);
        return result;
    }

    private static void requireOk(JsonNode ack) {
        if (!ack.path("ok").asBoolean()) {
            throw new IllegalStateException("support-message refused: " + ack);
        }
    }
}
