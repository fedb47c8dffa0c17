package dev.switchboard.standalone;

import dev.switchboard.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
}
