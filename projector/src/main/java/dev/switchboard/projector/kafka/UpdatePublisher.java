package dev.switchboard.projector.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.projector.ProjectorSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes envelopes to their family's topic and waits until all are in the log. */
@Component
public class UpdatePublisher implements AutoCloseable {
    private final KafkaProducer<String, Envelope<?>> producer;
    private final KafkaClientMetrics clientMetrics;

    /** With the producer's own meters ({@code kafka.producer.*}) in {@code registry}. */
    public UpdatePublisher(ProjectorSettings settings, MeterRegistry registry) {
        this.producer = KafkaClients.producer(settings.kafkaCluster(), "switchboard-projector");
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    public void publishAll(List<Envelope<?>> envelopes) throws ExecutionException, InterruptedException, TimeoutException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(envelopes.size());
        for (Envelope<?> envelope : envelopes) {
            sent.add(producer.send(new ProducerRecord<>(Topic.of(envelope.payload()).topicName(), envelope.key(), envelope)));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(15, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        clientMetrics.close();
        producer.close();
    }
}
