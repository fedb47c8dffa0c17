package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The same jars against the real images (apache/kafka, mongo). Runs where a Docker engine exists; elsewhere
 * JUnit reports it skipped ("Docker is not available").
 */
@Testcontainers(disabledWithoutDocker = true)
class RealInfrastructureTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void presenceGoesOnlineAndOfflineOnRealKafkaAndMongoDb(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        settings.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers());
        settings.put("MONGODB_URI", MONGO.getConnectionString());
        TestStack stack = TestStack.start(settings);
        try {
            String user = Ids.newId();
            SocketClient client = SocketClient.connected(stack, user, "client");
            await().atMost(Duration.ofSeconds(20)).until(() -> presence(stack, user).getBoolean("isOnline"));
            client.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> !presence(stack, user).getBoolean("isOnline"));
        } finally {
            stack.stop();
        }
    }

    private static JSONObject presence(TestStack stack, String user) throws Exception {
        return Rest.get(stack, "/api/users/" + user + "/presence", stack.token(Ids.newId(), "client")).body();
    }
}
