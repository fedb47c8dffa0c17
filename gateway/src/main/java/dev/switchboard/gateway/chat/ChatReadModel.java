package dev.switchboard.gateway.chat;

import com.mongodb.client.model.Filters;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatDocuments;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** The gateway's quick checks on the chat read models. */
@Component
public class ChatReadModel {
    static final String CHATS = "chats";
    static final String MESSAGES = "messages";
    static final String PRESENCE = "presence";

    private final GatewayReadModels readModels;

    public ChatReadModel(GatewayReadModels readModels) {
        this.readModels = readModels;
    }

    public Optional<Chat> chat(String chatId) {
        return Optional.ofNullable(readModels.collection(CHATS).find(Filters.eq("_id", chatId)).first()).map(ChatDocuments::chat);
    }

    /** The chat, if the user takes part in it: NOT_FOUND / FORBIDDEN otherwise. */
    public Chat requireParticipant(String chatId, String userId) {
        Chat chat = chat(chatId).orElseThrow(() -> ClientError.notFound("no such chat"));
        if (!chat.participants().contains(userId)) {
            throw ClientError.forbidden("you are not a participant of this chat");
        }
        return chat;
    }

    /** Whether the user has a connection open on any gateway now (their personal room has a member). */
    public boolean isConnected(String userId) {
        if (userId == null) {
            return false;
        }
        Document presence = readModels.collection(PRESENCE).find(Filters.eq("_id", userId)).first();
        return presence != null && !presence.getList("connections", Document.class, List.of()).isEmpty();
    }
}
