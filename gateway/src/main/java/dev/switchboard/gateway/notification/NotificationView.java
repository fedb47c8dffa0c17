package dev.switchboard.gateway.notification;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The contract's notification object (docs/PROTOCOL.md §5): {@code new-notification} and REST. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NotificationView(@JsonProperty("_id") String id, String user, String type, String title, String message,
                               Map<String, Object> data, @JsonProperty("isRead") boolean isRead, boolean delivered, String createdAt) {
}
