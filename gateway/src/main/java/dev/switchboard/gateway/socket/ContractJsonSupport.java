package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.protocol.ConnPacket;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * netty-socketio's JSON, except that {@code null} values inside the maps we send stay in the payload: the
 * contract's objects carry explicit nulls (e.g. {@code lastActive: null}, {@code readAt: null}).
 * netty-socketio's own packet objects keep omitting their null properties. The CONNECT answer says what
 * {@link SessionRecovery#connectAnswer} says ({@code sid} and the recovery's {@code pid}) instead of netty-socketio's
 * {@code { sid }}: that answer is the only place the v4 protocol has for the pid, and netty-socketio offers no hook there.
 */
class ContractJsonSupport extends JacksonJsonSupport {
    ContractJsonSupport(Function<UUID, Map<String, Object>> connectAnswers) {
        super(new SimpleModule().addSerializer(ConnPacket.class, new ConnectAnswer(connectAnswers)));
    }

    @Override
    protected void init(ObjectMapper objectMapper) {
        super.init(objectMapper);
        objectMapper.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
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
