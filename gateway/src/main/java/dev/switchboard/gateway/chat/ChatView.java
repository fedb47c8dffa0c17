package dev.switchboard.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.switchboard.events.Times;
import dev.switchboard.events.chat.Chat;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The contract's chat object (docs/PROTOCOL.md §8). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatView(@JsonProperty("_id") String id, List<String> participants,
                       @Schema(allowableValues = {"active", "blocked", "closed"}) String status,
                       MessageView lastMessage, String createdAt) {

    static ChatView of(Chat chat) {
        return new ChatView(chat.id(), chat.participants(), chat.status(),
                chat.lastMessage() == null ? null : MessageView.of(chat.lastMessage()), Times.iso(chat.createdAt()));
    }
}
