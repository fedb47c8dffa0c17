package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.kafka.EnvelopeSerializer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Writes the actions the gateway records, refusing one with a text that is not valid Unicode (a surrogate without its
 * pair, which JSON can carry and a client can send): the store would keep a replacement character where the log kept
 * the surrogate, so the read models and a rebuild from the log would not say what the sender sent.
 */
final class ActionSerializer extends EnvelopeSerializer {
    /** Thrown from the producer's {@code send}, before anything reaches the log. */
    static final class NotValidUnicode extends SerializationException {
        NotValidUnicode(String type) {
            super(type + " holds a text that is not valid Unicode");
        }
    }

    @Override
    public byte[] serialize(String topic, Envelope<?> envelope) {
        byte[] json = super.serialize(topic, envelope);
        if (json != null && EventJson.hasLoneSurrogate(json)) {
            throw new NotValidUnicode(envelope.type());
        }
        return json;
    }
}
