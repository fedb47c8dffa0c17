package dev.switchboard.standalone;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster.TopicLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaIsRealTest {

    @Test
    void everyTopicIsListedByAnAdminClientOnTheKafkaPort() throws Exception {
        TestStack stack = TestStack.shared();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            Arrays.stream(Topic.values()).forEach(topic -> assertTrue(topics.contains(topic.topicName()), topic + " in " + topics));
        }
    }

    @Test
    void topicsAreCreatedWithTheConfiguredLayout() throws Exception {
        TestStack stack = TestStack.shared();
        try (Admin admin = KafkaClients.admin(stack.kafkaCluster())) {
            String name = Topic.CHAT_ACTIONS.topicName();
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
            ConfigEntry minIsr = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name)))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next().get("min.insync.replicas");

            assertEquals(TopicLayout.SINGLE_BROKER.partitions(), description.partitions().size());
            assertEquals("1", minIsr.value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, minIsr.source(), "set on the topic, not inherited from the broker");
        }
    }
}
