package dev.switchboard.gateway.presence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code { userId, isOnline, lastActive }}: {@code user-status-changed}, {@code online-status}, REST presence. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PresenceView(String userId, @JsonProperty("isOnline") boolean isOnline, String lastActive) {

    /** The same fields for an ack body, which is a map ({@code ok: true} is added to it). */
    Map<String, Object> ackBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("isOnline", isOnline);
        body.put("lastActive", lastActive);
        return body;
    }
}
