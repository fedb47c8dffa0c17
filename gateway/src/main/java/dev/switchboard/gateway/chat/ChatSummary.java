package dev.switchboard.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One of {@code GET /api/chats}: the chat object and how many of its messages the caller has not read. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatSummary(@JsonProperty("_id") String id, List<String> participants,
                          @Schema(allowableValues = {"active", "blocked", "closed"}) String status,
                          MessageView lastMessage, String createdAt, long unreadCount) {

    static ChatSummary of(ChatView chat, long unreadCount) {
        return new ChatSummary(chat.id(), chat.participants(), chat.status(), chat.lastMessage(), chat.createdAt(), unreadCount);
    }
}
