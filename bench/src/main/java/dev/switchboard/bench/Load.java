package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/** Shared pieces of the scenarios: clients, tokens, REST, pacing, histograms. */
final class Load {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private final Tokens tokens;

    Load(String secret) {
        this.tokens = new Tokens(secret);
    }

    String token(String userId, Role role) {
        return tokens.mint(userId, role, "Bench " + userId, "https://example.com/" + userId + ".jpg", Duration.ofHours(2));
    }

    /** Opens {@code count} connections, at most {@code inFlight} handshakes at a time. */
    static List<SioClient> connectAll(String url, List<String> tokens, int inFlight) {
        List<SioClient> clients = new ArrayList<>(tokens.size());
        List<CompletableFuture<SioClient>> window = new ArrayList<>();
        for (String token : tokens) {
            window.add(SioClient.connect(HTTP, url, token));
            if (window.size() == inFlight) {
                window.forEach(f -> clients.add(f.orTimeout(60, TimeUnit.SECONDS).join()));
                window.clear();
            }
        }
        window.forEach(f -> clients.add(f.orTimeout(60, TimeUnit.SECONDS).join()));
        return clients;
    }

    static HttpResponse<String> post(String httpUrl, String path, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String httpUrl, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl + path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws Exception {
        return SioClient.JSON.readTree(text);
    }

    /** Calls {@code send} {@code rate} times a second for {@code seconds}, evenly paced; returns how many it sent. */
    static int paced(int rate, double seconds, IntConsumer send) {
        long interval = 1_000_000_000L / rate;
        int total = (int) Math.round(rate * seconds);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.accept(i);
        }
        return total;
    }

    static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /** p50 / p90 / p99 / p99.9 / max in milliseconds. */
    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        p.put("p50", ms(h.getValueAtPercentile(50)));
        p.put("p90", ms(h.getValueAtPercentile(90)));
        p.put("p99", ms(h.getValueAtPercentile(99)));
        p.put("p99_9", ms(h.getValueAtPercentile(99.9)));
        p.put("max", ms(h.getMaxValue()));
        return p;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    static void awaitQuiet(java.util.function.LongSupplier counter, long expected, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (counter.getAsLong() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Waits until {@code counter} reaches {@code expected}, or stops moving for {@code stallMs}, at most {@code timeoutMs}. */
    static void awaitDrained(java.util.function.LongSupplier counter, long expected, long stallMs, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        long last = counter.getAsLong();
        long movedAt = System.currentTimeMillis();
        while (last < expected && System.currentTimeMillis() < deadline && System.currentTimeMillis() - movedAt < stallMs) {
            Thread.sleep(50);
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                movedAt = System.currentTimeMillis();
            }
        }
    }
}
