package dev.switchboard.standalone;

import dev.switchboard.embedded.EmbeddedKafka;
import dev.switchboard.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack of its own: topics someone else created before the stack first started (on a real cluster, with the brokers'
 * seven-day default, or compacted) would delete acked actions without a word. The stack refuses to start on them,
 * naming each, and starts once they keep every record; the topics it creates itself carry those settings.
 */
class TopicsThatDoNotKeepRecordsTest {

    @Test
    void aStackRefusesToStartOnActionTopicsThatDeleteOrCompactRecordsAndStartsOnceTheyKeepThem(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        String chatActions = Topic.CHAT_ACTIONS.topicName();
        String notificationActions = Topic.NOTIFICATION_ACTIONS.topicName();
        try (EmbeddedKafka kafka = broker(settings); Admin admin = admin(kafka)) {
            admin.createTopics(List.of(
                    new NewTopic(chatActions, 6, (short) 1).configs(Map.of("retention.ms", "604800000")),
                    new NewTopic(notificationActions, 6, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
        }

        Exception refused = assertThrows(Exception.class, () -> TestStack.start(settings));
        String why = messages(refused);
        assertTrue(why.contains("these topics do not keep every record"), why);
        assertTrue(why.contains(chatActions + " has retention.ms=604800000"), why);
        assertTrue(why.contains(notificationActions + " has cleanup.policy=compact"), why);

        try (EmbeddedKafka kafka = broker(settings); Admin admin = admin(kafka)) {
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, chatActions),
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET)),
                    new ConfigResource(ConfigResource.Type.TOPIC, notificationActions),
                    List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
        TestStack started = TestStack.start(settings);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, started.kafkaBootstrapServers()))) {
            // the topics it created itself say so on the topic, whatever the brokers' defaults for size and compaction
            ConfigResource chatUpdates = new ConfigResource(ConfigResource.Type.TOPIC, Topic.CHAT_UPDATES.topicName());
            Config config = admin.describeConfigs(List.of(chatUpdates)).all().get(30, TimeUnit.SECONDS).get(chatUpdates);
            for (String[] expected : new String[][]{{"retention.ms", "-1"}, {"retention.bytes", "-1"}, {"cleanup.policy", "delete"}}) {
                ConfigEntry entry = config.get(expected[0]);
                assertEquals(expected[1], entry.value(), expected[0]);
                assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, entry.source(), expected[0]);
            }
        } finally {
            started.stop();
        }
    }

    private static EmbeddedKafka broker(Map<String, Object> settings) throws Exception {
        return EmbeddedKafka.start(Path.of((String) settings.get("DATA_DIR")).resolve("kafka"),
                (Integer) settings.get("KAFKA_PORT"), (Integer) settings.get("KAFKA_CONTROLLER_PORT"));
    }

    private static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
