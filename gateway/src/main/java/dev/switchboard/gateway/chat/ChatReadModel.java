package dev.switchboard.gateway.chat;

import dev.switchboard.gateway.auth.Authorization;
import com.mongodb.client.model.Filters;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatDocuments;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.store.GatewayReadModels;
import dev.switchboard.gateway.presence.ConnectedUsers;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The gateway's quick checks on the chat read models. */
@Component
public class ChatReadModel {
    static final String CHATS = "chats";
    static final String MESSAGES = "messages";

    private static final int KEPT = 100_000;

    private final GatewayReadModels readModels;
    private final ConnectedUsers connectedUsers;
    /** A chat's participants never change once it exists, so they are remembered. */
    private final Map<String, List<String>> participants = new ConcurrentHashMap<>();

    public ChatReadModel(GatewayReadModels readModels, ConnectedUsers connectedUsers) {
        this.readModels = readModels;
        this.connectedUsers = connectedUsers;
    }

    public Optional<Chat> chat(String chatId) {
        return Optional.ofNullable(readModels.collection(CHATS).find(Filters.eq("_id", chatId)).first()).map(ChatDocuments::chat);
    }

    /** The chat's two participants, or empty if no such chat exists (yet). */
    public Optional<List<String>> participants(String chatId) {
        List<String> known = participants.get(chatId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<List<String>> loaded = chat(chatId).map(Chat::participants);
        loaded.ifPresent(p -> {
            if (participants.size() > KEPT) {
                participants.clear();
            }
            participants.put(chatId, p);
        });
        return loaded;
    }

    /** Whether the user takes part in the chat ({@code OWN}) or not; NOT_FOUND when there is no such chat. */
    public Authorization.Ownership ownership(String chatId, String userId) {
        List<String> members = participants(chatId).orElseThrow(() -> ClientError.notFound("no such chat"));
        return Authorization.Ownership.of(members.contains(userId));
    }

    /** Whether the user has a connection open on any gateway now. */
    public boolean isConnected(String userId) {
        return connectedUsers.isConnected(userId);
    }
}
