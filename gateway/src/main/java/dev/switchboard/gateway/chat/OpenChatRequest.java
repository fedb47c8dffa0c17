package dev.switchboard.gateway.chat;

import dev.switchboard.events.Ids;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code POST /api/chats}: the user to open (or find) the caller's chat with. */
public record OpenChatRequest(
        @Schema(description = "the other participant's user id", example = "6901e54215fc6770c2a8bccc")
        @NotBlank(message = "participantId is required")
        @Pattern(regexp = Ids.PATTERN, message = "participantId must be an id (24 lowercase hex characters)")
        String participantId) {
}
