package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.protocol.ConnPacket;
import com.corundumstudio.socketio.protocol.Event;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * netty-socketio's JSON, except that {@code null} values inside the maps we send stay in the payload: the
 * contract's objects carry explicit nulls (e.g. {@code lastActive: null}, {@code readAt: null}).
 * netty-socketio's own packet objects keep omitting their null properties. The CONNECT answer says what
 * {@link SessionRecovery#connectAnswer} says ({@code sid} and the recovery's {@code pid}) instead of netty-socketio's
 * {@code { sid }}: that answer is the only place the v4 protocol has for the pid, and netty-socketio offers no hook there.
 */
class ContractJsonSupport extends JacksonJsonSupport {
    /**
     * The argument an event gets when its JSON cannot be read (nested deeper than Jackson's 1,000 levels, or not JSON):
     * the {@link EventTable} answers it {@code BAD_REQUEST}. Without it netty-socketio dropped the event unanswered, and
     * on long-polling every event after it in the same request too.
     */
    static final Object UNREADABLE = new Object() {
        @Override
        public String toString() {
            return "unreadable event payload";
        }
    };
    /**
     * The argument an event gets when its payload holds Socket.IO's attachment placeholders (a binary event, made plain by
     * the {@link BinaryEventStripper}, or a placeholder sent as text): the {@link EventTable} answers it {@code BAD_REQUEST}.
     */
    static final Object BINARY = new Object() {
        @Override
        public String toString() {
            return "binary event payload";
        }
    };
    /**
     * The name an event gets when this server has no such event, with its name as sent ({@link UnknownEvent}) as its one
     * argument: the {@link EventTable} answers it {@code BAD_REQUEST}. netty-socketio left such an event unanswered, so a
     * client that asked for an ack waited for its own timeout. No client event can have this name: it is not one of ours.
     */
    static final String UNKNOWN_EVENT = "switchboard:unknown-event";

    /** An event this server does not have, by the name it was sent with ({@code ""} when it had none). */
    record UnknownEvent(String name) {
    }

    /** The event's name at the start of its argument array, read from the text when the JSON as a whole cannot be. */
    private static final Pattern LEADING_NAME = Pattern.compile("^\\s*\\[\\s*\"([^\"\\\\]{1,64})\"");
    private static final int NAME_SCAN_BYTES = 256;

    private final Set<String> knownEvents;

    ContractJsonSupport(Function<UUID, Map<String, Object>> connectAnswers, Set<String> knownEvents) {
        super(new SimpleModule().addSerializer(ConnPacket.class, new ConnectAnswer(connectAnswers)));
        this.knownEvents = Set.copyOf(knownEvents);
    }

    @Override
    protected void init(ObjectMapper objectMapper) {
        super.init(objectMapper);
        objectMapper.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
    }

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        if (valueType != Event.class) {
            return super.readValue(namespaceName, src, valueType);
        }
        return valueType.cast(knownOrUnknown(read(namespaceName, src)));
    }

    private Event read(String namespaceName, ByteBufInputStream src) throws IOException {
        src.mark(Integer.MAX_VALUE);
        try {
            Event event = super.readValue(namespaceName, src, Event.class);
            return holdsAttachmentPlaceholder(event.getArgs()) ? new Event(event.getName(), List.of(BINARY)) : event;
        } catch (JsonProcessingException unreadable) {
            src.reset();
            byte[] head = new byte[Math.min(src.available(), NAME_SCAN_BYTES)];
            src.readFully(head);
            src.skipBytes(src.available());
            Matcher name = LEADING_NAME.matcher(new String(head, StandardCharsets.UTF_8));
            // the events after it are read on
            return new Event(name.find() ? name.group(1) : "", List.of(UNREADABLE));
        }
    }

    private Event knownOrUnknown(Event event) {
        String name = event.getName();
        if (name != null && knownEvents.contains(name)) {
            return event;
        }
        return new Event(UNKNOWN_EVENT, List.of(new UnknownEvent(name == null ? "" : name)));
    }

    /** Socket.IO's stand-in for an attachment, {@code {"_placeholder":true,"num":<n>}}, anywhere in the arguments. */
    static boolean holdsAttachmentPlaceholder(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder")) && map.get("num") instanceof Number) {
                return true;
            }
            for (Object child : map.values()) {
                if (holdsAttachmentPlaceholder(child)) {
                    return true;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object child : list) {
                if (holdsAttachmentPlaceholder(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final class ConnectAnswer extends JsonSerializer<ConnPacket> {
        private final Function<UUID, Map<String, Object>> answers;

        ConnectAnswer(Function<UUID, Map<String, Object>> answers) {
            this.answers = answers;
        }

        @Override
        public void serialize(ConnPacket packet, JsonGenerator out, SerializerProvider serializers) throws IOException {
            Map<String, Object> answer = answers.apply(packet.getSid());
            out.writeStartObject();
            out.writeStringField("sid", String.valueOf(answer.getOrDefault("sid", packet.getSid().toString())));
            if (answer.get("pid") instanceof String pid) {
                out.writeStringField("pid", pid);
            }
            out.writeEndObject();
        }
    }

    /**
     * The payload as JSON text that netty-socketio copies into each recipient's packet as it is. A push to a
     * room of N connections is then serialized once instead of once per connection.
     */
    RawValue encodedOnce(Object payload) {
        try {
            return new RawValue(objectMapper.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + payload.getClass().getName(), e);
        }
    }
}
