package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

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
}
