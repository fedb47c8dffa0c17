package dev.switchboard.gateway.chat;

import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/chats/{chatId}}. Which statuses exist is the projector's rule (so a refused change is in the log);
 * the gateway only requires one, and refuses one longer than any status before it reaches the log.
 */
public record ChatStatusRequest(
        @Schema(allowableValues = {"active", "blocked", "closed"}, description = "blocked and closed chats refuse send-message; closed is final")
        @NotNull(message = "status is required")
        @Size(max = ChatStatusRequested.MAX_STATUS, message = "status must be active, blocked or closed")
        String status) {
}
