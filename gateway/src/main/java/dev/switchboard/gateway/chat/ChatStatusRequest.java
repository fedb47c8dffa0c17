package dev.switchboard.gateway.chat;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/**
 * {@code PATCH /api/chats/{chatId}}. Which statuses exist is the projector's rule (so a refused change is in the log);
 * the gateway only requires one.
 */
public record ChatStatusRequest(
        @Schema(allowableValues = {"active", "blocked", "closed"}, description = "blocked and closed chats refuse send-message; closed is final")
        @NotNull(message = "status is required")
        String status) {
}
