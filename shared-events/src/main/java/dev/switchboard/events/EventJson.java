package dev.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The JSON form of an {@link Envelope}, as documented in shared-events/EVENTS.md:
 * {@code {"id","type","version","occurredAt","actor","key","correlationId","payload"}}.
 * Unknown payload fields are ignored so that additive changes need no new version; older versions are upcast on
 * reading ({@link Upcasters}); newer versions and unknown types are refused, never guessed at.
 */
public final class EventJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    /** Reads one JSON value and nothing after it: a record with trailing garbage is malformed. */
    private static final ObjectReader STRICT_READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventJson() {
    }

    public static byte[] write(Envelope<?> envelope) {
        // the payload is always written in its current shape, so a record may only claim its type's current version
        if (!envelope.type().equals(EventTypes.nameOf(envelope.payload()))
                || envelope.version() != EventTypes.versionOf(envelope.payload())) {
            throw new IllegalArgumentException("envelope says " + envelope.type() + " v" + envelope.version() + " but carries "
                    + EventTypes.nameOf(envelope.payload()) + " v" + EventTypes.versionOf(envelope.payload()));
        }
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

    /**
     * Whether {@code json}, as {@link #write} wrote it, holds a text that is not valid Unicode: a surrogate without its
     * pair. Such a text cannot be stored as UTF-8 (a document store replaces it), so the log and the read models would
     * differ. The writer escapes every surrogate as six characters (backslash, u, D800 to DFFF), a pair as two in a row.
     */
    public static boolean hasLoneSurrogate(byte[] json) {
        int i = 0;
        while (i < json.length) {
            if (json[i] != '\\') {
                i++;
                continue;
            }
            if (i + 1 >= json.length || json[i + 1] != 'u') {
                i += 2; // a two-character escape such as \\ or \"
                continue;
            }
            int unit = escapedUnit(json, i);
            if (Character.isLowSurrogate((char) unit)) {
                return true;
            }
            if (Character.isHighSurrogate((char) unit)) {
                if (i + 12 > json.length || json[i + 6] != '\\' || json[i + 7] != 'u'
                        || !Character.isLowSurrogate((char) escapedUnit(json, i + 6))) {
                    return true;
                }
                i += 12;
            } else {
                i += 6;
            }
        }
        return false;
    }

    /** The UTF-16 unit of the six-character escape (backslash, u, four hex digits) at {@code at}; -1 when it is cut short. */
    private static int escapedUnit(byte[] json, int at) {
        if (at + 6 > json.length) {
            return -1;
        }
        return Integer.parseInt(new String(json, at + 2, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
    }

    /**
     * The envelope in {@code json}, its payload upcast to the current version of its type (see {@link Upcasters}); the
     * envelope then says that version. A record is never read as a version other than the one it says it is.
     *
     * @throws UnknownEventTypeException   its {@code type} is not an event type this code knows
     * @throws NewerEventVersionException  its {@code version} is newer than this code's {@link EventVersion} of that type
     * @throws MalformedEventException     anything else: not JSON, not an object, a missing or mistyped envelope field
     *                                     ({@code correlationId} may be null), a payload that does not bind
     */
    public static Envelope<Event> read(byte[] json) {
        ObjectNode node = parseObject(json);
        String type = requiredText(node, "type");
        Class<? extends Event> payloadType = EventTypes.find(type).orElseThrow(() -> new UnknownEventTypeException(type));
        JsonNode versionNode = node.get("version");
        if (versionNode == null || !versionNode.isIntegralNumber() || !versionNode.canConvertToInt() || versionNode.intValue() < 1) {
            throw new MalformedEventException(type + ": version must be a whole number from 1, not " + versionNode);
        }
        int version = versionNode.intValue();
        int known = EventTypes.versionOf(payloadType);
        if (version > known) {
            throw new NewerEventVersionException(type, version, known);
        }
        String id = requiredText(node, "id");
        Instant occurredAt = requiredInstant(node, "occurredAt");
        Actor actor = requiredObject(node, "actor", Actor.class);
        String key = requiredText(node, "key");
        JsonNode correlationId = node.get("correlationId");
        if (correlationId != null && !correlationId.isNull() && !correlationId.isTextual()) {
            throw new MalformedEventException(type + " " + id + ": correlationId must be a string or null");
        }
        JsonNode payloadNode = node.get("payload");
        if (!(payloadNode instanceof ObjectNode payloadObject)) {
            throw new MalformedEventException(type + " " + id + ": payload must be a JSON object");
        }
        Event payload;
        try {
            payload = MAPPER.treeToValue(Upcasters.toCurrent(type, version, payloadObject), payloadType);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException(type + " v" + version + " " + id + ": payload does not bind: " + e.getMessage(), e);
        }
        if (payload == null) {
            throw new MalformedEventException(type + " " + id + ": payload is missing");
        }
        return new Envelope<>(id, type, known, occurredAt, actor, key,
                correlationId == null || correlationId.isNull() ? null : correlationId.asText(), payload);
    }

    /**
     * The envelope fields of {@code json}, read without its payload and without judging them: whatever of them the record
     * has, of the documented kind (others are null). Reads up to where the JSON breaks, so a record whose payload is cut
     * off or unknown still tells who sent it. Empty only when {@code json} does not start a JSON object at all.
     */
    public static Optional<EnvelopeHeader> readHeader(byte[] json) {
        if (json == null) {
            return Optional.empty();
        }
        String id = null;
        String type = null;
        Integer version = null;
        Instant occurredAt = null;
        Actor actor = null;
        String key = null;
        String correlationId = null;
        try (JsonParser parser = MAPPER.createParser(json)) {
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return Optional.empty();
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            try {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "id" -> id = text(parser, value);
                        case "type" -> type = text(parser, value);
                        case "key" -> key = text(parser, value);
                        case "correlationId" -> correlationId = text(parser, value);
                        case "version" -> version = integer(parser, value);
                        case "occurredAt" -> occurredAt = instant(text(parser, value));
                        case "actor" -> actor = actor(parser, value);
                        default -> parser.skipChildren();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the JSON breaks here: what was read before it stands
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new EnvelopeHeader(id, type, version, occurredAt, actor, key, correlationId));
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static Integer integer(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        parser.skipChildren();
        return null;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Times.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Actor actor(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        JsonNode tree = parser.readValueAsTree();
        try {
            return MAPPER.treeToValue(tree, Actor.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ObjectNode parseObject(byte[] json) {
        if (json == null) {
            throw new MalformedEventException("no record value");
        }
        JsonNode node;
        try {
            node = STRICT_READER.readTree(json);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new MalformedEventException("not a JSON object");
        }
        return object;
    }

    private static String requiredText(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedEventException(field + " must be a non-empty string" + context(node, field));
        }
        return value.asText();
    }

    private static Instant requiredInstant(ObjectNode node, String field) {
        Instant instant = instant(requiredText(node, field));
        if (instant == null) {
            throw new MalformedEventException(field + " must be an ISO-8601 UTC time like 2025-11-27T12:26:08.849Z" + context(node, field));
        }
        return instant;
    }

    private static <T> T requiredObject(ObjectNode node, String field, Class<T> type) {
        JsonNode value = node.get(field);
        if (!(value instanceof ObjectNode)) {
            throw new MalformedEventException(field + " must be a JSON object" + context(node, field));
        }
        try {
            return MAPPER.treeToValue(value, type);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException(field + " does not bind" + context(node, field) + ": " + e.getMessage(), e);
        }
    }

    /** " (in TYPE ID)" as far as the record tells, for messages. */
    private static String context(ObjectNode node, String field) {
        String type = node.path("type").isTextual() && !"type".equals(field) ? node.get("type").asText() : null;
        String id = node.path("id").isTextual() && !"id".equals(field) ? node.get("id").asText() : null;
        if (type == null && id == null) {
            return "";
        }
        return " (in " + (type == null ? "" : type) + (type != null && id != null ? " " : "") + (id == null ? "" : id) + ")";
    }

    /**
     * A record that cannot be read as an event. This class itself: not JSON, not an object, a missing or mistyped
     * envelope field, or a payload that does not bind; the subclasses are the two kinds that a newer reader may read.
     */
    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }

        public MalformedEventException(String message) {
            super(message);
        }
    }

    /** The record's {@code type} names no event type this code knows (a newer writer's, or a mistake). */
    public static final class UnknownEventTypeException extends MalformedEventException {
        private final String type;

        public UnknownEventTypeException(String type) {
            super("unknown event type " + type);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    /** The record is a version of its type newer than this code's {@link EventVersion}: only newer code may read it. */
    public static final class NewerEventVersionException extends MalformedEventException {
        private final String type;
        private final int version;
        private final int knownVersion;

        public NewerEventVersionException(String type, int version, int knownVersion) {
            super(type + " version " + version + " is newer than this reader's version " + knownVersion);
            this.type = type;
            this.version = version;
            this.knownVersion = knownVersion;
        }

        public String type() {
            return type;
        }

        public int version() {
            return version;
        }

        public int knownVersion() {
            return knownVersion;
        }
    }
}
