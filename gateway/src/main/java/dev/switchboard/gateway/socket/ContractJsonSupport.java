package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * netty-socketio's JSON, except that {@code null} values inside the maps we send stay in the payload: the
 * contract's objects carry explicit nulls (e.g. {@code lastActive: null}, {@code readAt: null}).
 * netty-socketio's own packet objects keep omitting their null properties.
 */
class ContractJsonSupport extends JacksonJsonSupport {
    @Override
    protected void init(ObjectMapper objectMapper) {
        super.init(objectMapper);
        objectMapper.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
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
