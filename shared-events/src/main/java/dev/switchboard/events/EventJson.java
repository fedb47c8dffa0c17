package dev.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Instant;

/**
 * The JSON form of an {@link Envelope}, as documented in shared-events/EVENTS.md:
 * {@code {"id","type","version","occurredAt","actor","key","correlationId","payload"}}.
 * Unknown payload fields are ignored so that additive changes need no new version.
 */
public final class EventJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private EventJson() {
    }

    public static byte[] write(Envelope<?> envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", envelope.id());
        node.put("type", envelope.type());
        node.put("version", envelope.version());
        node.put("occurredAt", Times.iso(envelope.occurredAt()));
        node.set("actor", MAPPER.valueToTree(envelope.actor()));
        node.put("key", envelope.key());
        node.put("correlationId", envelope.correlationId());
        node.set("payload", MAPPER.valueToTree(envelope.payload()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + envelope.type(), e);
        }
    }

    public static Envelope<Event> read(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            String type = node.path("type").asText();
            Class<? extends Event> payloadType = EventTypes.classOf(type);
            Event payload = MAPPER.treeToValue(node.get("payload"), payloadType);
            return new Envelope<>(
                    node.path("id").asText(),
                    type,
                    node.path("version").asInt(1),
                    Instant.parse(node.path("occurredAt").asText()),
                    MAPPER.treeToValue(node.get("actor"), Actor.class),
                    node.path("key").asText(),
                    node.hasNonNull("correlationId") ? node.get("correlationId").asText() : null,
                    payload);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("cannot read event: " + e.getMessage(), e);
        }
    }

    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
