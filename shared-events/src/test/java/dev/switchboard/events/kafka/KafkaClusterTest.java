package dev.switchboard.events.kafka;

import dev.switchboard.events.kafka.KafkaCluster.TopicLayout;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClusterTest {

    @Test
    void settingsGiveTheBootstrapServersTheLayoutAndTheClientProperties() {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092", "KAFKA_PARTITIONS", "12",
                "KAFKA_REPLICATION_FACTOR", "3", "KAFKA_MIN_INSYNC_REPLICAS", "2");

        KafkaCluster cluster = KafkaCluster.fromSettings(env::get, Map.of("security.protocol", "SASL_SSL"));

        assertEquals("k1:9092,k2:9092", cluster.bootstrapServers());
        assertEquals(new TopicLayout(12, (short) 3, 2), cluster.topics());
        assertEquals("SASL_SSL", cluster.clientProperties().get("security.protocol"));
    }

    @Test
    void withoutSettingsItIsTheSingleLocalBroker() {
        KafkaCluster cluster = KafkaCluster.fromSettings(name -> null, Map.of());

        assertEquals("127.0.0.1:9092", cluster.bootstrapServers());
        assertEquals(TopicLayout.SINGLE_BROKER, cluster.topics());
    }

    @Test
    void everyClientGetsTheClusterPropertiesUnderItsOwnSettings() {
        KafkaCluster cluster = new KafkaCluster("k:9093", Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/ts.p12"),
                TopicLayout.SINGLE_BROKER);

        Map<String, Object> consumer = KafkaClients.consumerConfig(cluster, "group", "reader", "earliest");

        assertEquals("SSL", consumer.get("security.protocol"));
        assertEquals("/etc/ts.p12", consumer.get("ssl.truststore.location"));
        assertEquals("k:9093", consumer.get("bootstrap.servers"));
        assertEquals("read_committed", consumer.get("isolation.level"));
    }

    @Test
    void impossibleLayoutsAndMisplacedSettingsAreRefusedWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> new TopicLayout(6, (short) 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new TopicLayout(0, (short) 1, 1));
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> KafkaCluster.fromSettings(Map.of("KAFKA_REPLICATION_FACTOR", "three")::get, Map.of()));
        assertTrue(notANumber.getMessage().contains("KAFKA_REPLICATION_FACTOR"));
        assertThrows(IllegalArgumentException.class, () -> new KafkaCluster("k:9092", Map.of("bootstrap.servers", "x:1"), TopicLayout.SINGLE_BROKER));
    }

    @Test
    void itsDescriptionNamesPropertiesButNeverTheirValues() {
        KafkaCluster cluster = new KafkaCluster("k:9092", Map.of("sasl.jaas.config", "... password=\"hunter2\";"), TopicLayout.SINGLE_BROKER);

        assertFalse(cluster.toString().contains("hunter2"));
        assertTrue(cluster.toString().contains("sasl.jaas.config"));
    }
}
