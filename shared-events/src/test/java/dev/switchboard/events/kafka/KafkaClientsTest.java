package dev.switchboard.events.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClientsTest {

    @Test
    void waitingForPartitionsTheBrokerNeverTellsFailsNamingTheTopic() throws IOException {
        KafkaCluster away = KafkaCluster.at("127.0.0.1:" + portNobodyListensOn());
        try (KafkaProducer<String, Envelope<?>> producer = KafkaClients.producerThatNeverWaits(away, "kafka-clients-test", new EnvelopeSerializer())) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> KafkaClients.awaitPartitions(producer, Duration.ofMillis(500)));

            assertTrue(failure.getMessage().contains(Topic.values()[0].topicName()), failure.getMessage());
        }
    }

    private static int portNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
