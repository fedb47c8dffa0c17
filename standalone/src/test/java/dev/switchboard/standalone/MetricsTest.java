package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.gateway.GatewaySettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /actuator/prometheus} of both processes after a short load of real socket.io clients. */
class MetricsTest {
    private static final int MESSAGES = 20;
    private final TestStack stack = TestStack.shared();

    @Test
    void prometheusShowsTheLoadOfRealClients() throws Exception {
        Prometheus gatewayBefore = scrape(stack.httpUrl());
        Prometheus projectorBefore = scrape(stack.projectorHttpUrl());
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            assertTrue(providerSocket.emitWithAck("join-chat", chatId).getBoolean("ok"));
            for (int i = 0; i < MESSAGES; i++) {
                assertTrue(clientSocket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "m" + i)).getBoolean("ok"));
            }
            // refusals: one by the gateway (malformed), one by the projector (unknown chat), one by the REST API
            assertFalse(clientSocket.emitWithAck("send-message", "just a string").getBoolean("ok"));
            assertFalse(clientSocket.emitWithAck("mark-messages-read", Rest.json("chatId", Ids.newId())).getBoolean("ok"));
            assertEquals(404, Rest.get(stack, "/api/support/tickets/" + Ids.newId() + "/messages", stack.token(client, "client")).status());
            // a chat the gateway has not read yet: its join reads the store, off the event loop
            assertFalse(clientSocket.emitWithAck("join-chat", Ids.newId()).getBoolean("ok"));
            // a record no projector can read: set aside as a dead letter
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(Topic.CHAT_ACTIONS.topicName(), chatId, "not an envelope".getBytes(StandardCharsets.UTF_8)))
                        .get(10, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Prometheus gateway = scrape(stack.httpUrl());
                assertTrue(gateway.sum("switchboard_sockets_connected", "") >= 2, "connected sockets");
                assertTrue(gateway.sum("switchboard_rooms", "") >= 1, "rooms");
                assertGrew(gatewayBefore, gateway, "switchboard_events_in_total", "event=\"send-message\"", MESSAGES + 1);
                assertGrew(gatewayBefore, gateway, "switchboard_refusals_total", "code=\"BAD_REQUEST\",via=\"send-message\"", 1);
                assertGrew(gatewayBefore, gateway, "switchboard_refusals_total", "code=\"NOT_FOUND\",via=\"mark-messages-read\"", 1);
                assertGrew(gatewayBefore, gateway, "switchboard_refusals_total", "code=\"NOT_FOUND\",via=\"rest\"", 1);
                assertGrew(gatewayBefore, gateway, "switchboard_events_off_loop_total", "event=\"join-chat\"", 1);
                assertEquals(1.0, gateway.sum("switchboard_store_reachable", ""), "the store is reachable");
                assertGrew(gatewayBefore, gateway, "switchboard_action_outcome_seconds_count", "action=\"MessageSubmitted\",outcome=\"ok\"", MESSAGES);
                assertGrew(gatewayBefore, gateway, "switchboard_action_outcome_seconds_count", "outcome=\"NOT_FOUND\"", 1);
                assertGrew(gatewayBefore, gateway, "switchboard_action_outcome_seconds_bucket", "le=\"+Inf\"", MESSAGES);
                assertGrew(gatewayBefore, gateway, "switchboard_push_latency_seconds_count", "type=\"MessagePosted\"", MESSAGES);

                Prometheus projector = scrape(stack.projectorHttpUrl());
                assertGrew(projectorBefore, projector, "switchboard_projector_actions_total", "topic=\"switchboard.chat.actions\"", MESSAGES);
                assertGrew(projectorBefore, projector, "switchboard_dead_letters_total", "topic=\"switchboard.chat.actions\"", 1);
                assertGrew(projectorBefore, projector, "switchboard_projector_batch_seconds_count", "", 1);
                assertTrue(projector.has("switchboard_projector_lag", "topic=\"switchboard.chat.actions\""), "lag per partition");
                // bound at the consumer's start; per-partition ones (records-lag) join at the binder's minute refresh
                assertTrue(projector.text().lines().anyMatch(line -> line.startsWith("kafka_consumer_")), "the Kafka client's own consumer meters");
                assertTrue(projector.sum("spring_kafka_listener_seconds_count", "") > 0, "spring-kafka's listener timer");
                assertTrue(gateway.text().lines().anyMatch(line -> line.startsWith("kafka_producer_")), "the action producer's own meters");
                assertTrue(projector.text().lines().anyMatch(line -> line.startsWith("kafka_producer_")), "the update producer's own meters");
            });
        }
        TreeSet<String> names = new TreeSet<>(scrape(stack.httpUrl()).switchboardNames());
        names.addAll(scrape(stack.projectorHttpUrl()).switchboardNames());
        System.out.println("switchboard metrics in /actuator/prometheus: " + names);

        // the Grafana dashboard in docs/ asks only for series that exist
        String dashboard = Files.readString(repositoryFile("docs/grafana-dashboard.json"));
        Matcher used = Pattern.compile("\\b(switchboard_[a-z_]+)").matcher(dashboard);
        TreeSet<String> missing = new TreeSet<>();
        while (used.find()) {
            if (!names.contains(used.group(1))) {
                missing.add(used.group(1));
            }
        }
        assertTrue(missing.isEmpty(), "the dashboard uses metrics that are not exposed: " + missing);
    }

    @Test
    void theEmbeddedLogsDiskIsWatchedInTheHealthButNotInReadinessAndMeasured() throws Exception {
        String logDisk = Path.of(stack.settings().get("DATA_DIR").toString()).resolve("kafka").toAbsolutePath().toString();
        Rest.Response health = Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/actuator/health")).GET().build());
        var component = health.body().getJSONObject("components").getJSONObject("logDisk");
        var details = component.getJSONObject("details");
        assertEquals(logDisk, details.getString("path"));
        assertEquals(stack.gateway().getBean(GatewaySettings.class).logDiskReserveBytes(), details.getLong("reserveBytes"));
        assertTrue(details.getLong("usableBytes") > 0, details.toString());
        // DOWN only on a machine whose disk is under the reserve (the status and the figures agree either way)
        assertEquals(details.getLong("usableBytes") < details.getLong("reserveBytes") ? "DOWN" : "UP", component.getString("status"), component.toString());
        // a gateway under its reserve still serves what it has: a load balancer must not take it out for that
        Rest.Response readiness = Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/actuator/health/readiness")).GET().build());
        assertFalse(readiness.body().getJSONObject("components").has("logDisk"), readiness.text());
        assertTrue(scrape(stack.httpUrl()).sum("disk_free_bytes", "path=\"" + logDisk + "\"") > 0, "disk.free of the log's disk");
    }

    private static Path repositoryFile(String path) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(path))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, path + " above the working directory");
        return dir.resolve(path);
    }

    private static void assertGrew(Prometheus before, Prometheus after, String name, String labels, double atLeast) {
        double grown = after.sum(name, labels) - before.sum(name, labels);
        assertTrue(grown >= atLeast, name + "{" + labels + "} grew by " + grown + ", expected at least " + atLeast);
    }

    private static Prometheus scrape(String baseUrl) {
        Rest.Response response = Rest.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).GET().build());
        assertEquals(200, response.status(), response.text());
        return new Prometheus(response.text());
    }

    /** The text exposition format, read line by line: {@code name{labels} value}. */
    private record Prometheus(String text) {
        /** The sum of the series of {@code name} that carry every label of {@code labels} ({@code a="x",b="y"}; 0 if none). */
        double sum(String name, String labels) {
            return text.lines().filter(line -> matches(line, name, labels))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).filter(v -> !Double.isNaN(v)).sum();
        }

        boolean has(String name, String labels) {
            return text.lines().anyMatch(line -> matches(line, name, labels));
        }

        Set<String> switchboardNames() {
            TreeSet<String> names = new TreeSet<>();
            text.lines().filter(line -> line.startsWith("switchboard_"))
                    .forEach(line -> names.add(line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '))));
            return names;
        }

        private static boolean matches(String line, String name, String labels) {
            if (line.startsWith("#")) {
                return false;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            String seriesName = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            // each wanted label on its own: the exposition sorts labels by name, with others (application, …) in between
            return seriesName.equals(name) && Arrays.stream(labels.split(",")).allMatch(series::contains);
        }
    }
}
