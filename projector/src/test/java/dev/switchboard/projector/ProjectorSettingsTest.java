package dev.switchboard.projector;

import dev.switchboard.events.kafka.KafkaCluster.TopicLayout;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProjectorSettingsTest {

    @Test
    void kafkaClientPropertiesComeFromSpringKafkaPropertiesAlsoAsEnvironmentVariables() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9094",
                "SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_REPLICATION_FACTOR", "3",
                "KAFKA_MIN_INSYNC_REPLICAS", "2")));

        ProjectorSettings settings = new ProjectorSettings(env);

        assertEquals("broker-1:9094", settings.kafkaCluster().bootstrapServers());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), settings.kafkaCluster().clientProperties());
        assertEquals(new TopicLayout(6, (short) 3, 2), settings.kafkaCluster().topics());
    }
}
