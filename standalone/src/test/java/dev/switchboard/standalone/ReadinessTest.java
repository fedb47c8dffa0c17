package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.gateway.kafka.UpdateListener;
import dev.switchboard.projector.kafka.ActionLoop;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Liveness and readiness of both processes against a stack of its own (stopping the shared stack's broker or loop would
 * disturb the other tests): the broker is this test's, so it can stop it and start it again on the same log and ports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessTest {
    private static final Duration DETECTED = Duration.ofSeconds(45);
    private static final Duration RECOVERED = Duration.ofSeconds(90);

    private static Path kafkaDir;
    private static int kafkaPort;
    private static int controllerPort;
    private static EmbeddedKafka kafka;
    private static TestStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("switchboard-readiness");
        kafkaDir = dataDir.resolve("kafka");
        kafkaPort = FreePorts.find();
        controllerPort = FreePorts.find();
        kafka = EmbeddedKafka.start(kafkaDir, kafkaPort, controllerPort);
        Map<String, Object> settings = TestStack.settings(dataDir);
        settings.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        stack = TestStack.start(settings);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void bothProcessesAreLiveAndReadyOnARunningStack() throws Exception {
        await().atMost(DETECTED).untilAsserted(() -> {
            assertEquals("UP", status(stack.httpUrl(), "readiness"));
            assertEquals("UP", status(stack.projectorHttpUrl(), "readiness"));
        });
        assertEquals("UP", status(stack.httpUrl(), "liveness"));
        assertEquals("UP", status(stack.projectorHttpUrl(), "liveness"));
        JSONObject gateway = health(stack.httpUrl(), "readiness").body();
        for (String component : new String[]{"kafka", "store", "updateListener", "actionProducer"}) {
            assertEquals("UP", gateway.getJSONObject("components").getJSONObject(component).getString("status"), component);
        }
        JSONObject projector = health(stack.projectorHttpUrl(), "readiness").body();
        for (String component : new String[]{"kafka", "store", "actionLoop"}) {
            assertEquals("UP", projector.getJSONObject("components").getJSONObject(component).getString("status"), component);
        }
        Rest.Response legacy = Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health")).GET().build());
        assertEquals(200, legacy.status());
        assertEquals("up", legacy.body().getString("status"));
    }

    @Test
    @Order(2)
    void readinessGoesDownWhileTheBrokerIsStoppedAndUpWhenItIsBack() throws Exception {
        kafka.close();
        kafka = null;
        long stoppedAt = System.nanoTime();
        await().atMost(DETECTED).untilAsserted(() -> {
            assertEquals("DOWN", status(stack.httpUrl(), "readiness"));
            assertEquals("DOWN", status(stack.projectorHttpUrl(), "readiness"));
        });
        System.out.printf("readiness DOWN on both processes %d ms after the broker stopped%n", (System.nanoTime() - stoppedAt) / 1_000_000);
        JSONObject gateway = health(stack.httpUrl(), "readiness").body();
        assertEquals("DOWN", gateway.getJSONObject("components").getJSONObject("kafka").getString("status"));
        assertEquals("UP", gateway.getJSONObject("components").getJSONObject("store").getString("status"));
        Rest.Response legacy = Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/health")).GET().build());
        assertEquals(503, legacy.status());
        assertEquals("down", legacy.body().getString("status"));
        // an outage is not a reason to restart the process: liveness stays up (the loops wait for the broker)
        assertEquals("UP", status(stack.httpUrl(), "liveness"));
        assertEquals("UP", status(stack.projectorHttpUrl(), "liveness"));

        kafka = EmbeddedKafka.start(kafkaDir, kafkaPort, controllerPort);
        long restartedAt = System.nanoTime();
        await().atMost(RECOVERED).untilAsserted(() -> {
            assertEquals("UP", status(stack.httpUrl(), "readiness"));
            assertEquals("UP", status(stack.projectorHttpUrl(), "readiness"));
        });
        System.out.printf("readiness UP again on both processes %d ms after the broker restarted%n", (System.nanoTime() - restartedAt) / 1_000_000);
    }

    @Test
    @Order(3)
    void aStoppedProjectorLoopMakesTheProjectorNeitherReadyNorLive() throws Exception {
        await().atMost(RECOVERED).until(() -> "UP".equals(status(stack.projectorHttpUrl(), "readiness")));
        stack.standalone().projector().getBean(ActionLoop.class).stop();
        await().atMost(DETECTED).untilAsserted(() -> {
            assertEquals("DOWN", status(stack.projectorHttpUrl(), "readiness"));
            assertEquals("DOWN", status(stack.projectorHttpUrl(), "liveness"));
        });
        JSONObject projector = health(stack.projectorHttpUrl(), "readiness").body();
        assertEquals("DOWN", projector.getJSONObject("components").getJSONObject("actionLoop").getString("status"));
        assertEquals("UP", projector.getJSONObject("components").getJSONObject("kafka").getString("status"));
        assertEquals("UP", status(stack.httpUrl(), "readiness"), "the gateway does not depend on the projector's loop");
    }

    @Test
    @Order(4)
    void aStoppedUpdateListenerMakesTheGatewayNeitherReadyNorLive() throws Exception {
        stack.standalone().gateway().getBean(UpdateListener.class).stop();
        await().atMost(DETECTED).untilAsserted(() -> {
            assertEquals("DOWN", status(stack.httpUrl(), "readiness"));
            assertEquals("DOWN", status(stack.httpUrl(), "liveness"));
        });
        JSONObject gateway = health(stack.httpUrl(), "readiness").body();
        assertEquals("DOWN", gateway.getJSONObject("components").getJSONObject("updateListener").getString("status"));
        assertEquals("UP", gateway.getJSONObject("components").getJSONObject("kafka").getString("status"));
    }

    private static String status(String baseUrl, String group) throws Exception {
        return health(baseUrl, group).body().getString("status");
    }

    private static Rest.Response health(String baseUrl, String group) {
        return Rest.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/" + group))
                .timeout(Duration.ofSeconds(20)).GET().build());
    }
}
