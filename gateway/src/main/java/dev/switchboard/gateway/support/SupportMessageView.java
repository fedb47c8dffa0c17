package dev.switchboard.gateway.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.gateway.web.SenderView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The {@code data} of {@code new-support-message}, field by field as the contract shows it (docs/PROTOCOL.md §7);
 * {@code clientMessageId} (ours) only when the sender gave one.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SupportMessageView(@JsonProperty("_id") String id, String ticket, SenderView sender,
                                 @Schema(allowableValues = {"user", "admin"}) String senderRole, Content content, String messageType,
                                 @JsonProperty("isRead") boolean isRead, List<String> readBy, String createdAt,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) String clientMessageId) {

    public record Content(String text, List<String> attachments) {
    }
}
