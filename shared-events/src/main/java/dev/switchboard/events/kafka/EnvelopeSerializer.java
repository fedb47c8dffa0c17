package dev.switchboard.events.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventJson;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer writing the documented envelope JSON. */
public class EnvelopeSerializer implements Serializer<Envelope<?>> {
    @Override
    public byte[] serialize(String topic, Envelope<?> envelope) {
        return envelope == null ? null : EventJson.write(envelope);
    }
}
