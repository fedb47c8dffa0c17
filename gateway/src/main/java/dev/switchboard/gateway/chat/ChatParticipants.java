package dev.switchboard.gateway.chat;

import dev.switchboard.events.chat.Chat;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.store.GatewayReadModels;
import dev.switchboard.readmodels.chat.ChatReadModel;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Who takes part in a chat, remembered once read (a chat's participants never change once it exists). */
@Component
public class ChatParticipants {
    private static final int KEPT = 100_000;

    private final ChatReadModel chats;
    private final GatewayReadModels store;
    private final Map<String, List<String>> participants = new ConcurrentHashMap<>();

    public ChatParticipants(ChatReadModel chats, GatewayReadModels store) {
        this.chats = chats;
        this.store = store;
    }

    /** The chat's two participants, or empty if no such chat exists (yet). */
    public Optional<List<String>> of(String chatId) {
        List<String> known = participants.get(chatId);
        if (known != null) {
            return Optional.of(known);
        }
        store.beforeReading();
        Optional<List<String>> loaded = chats.chat(chatId).map(Chat::participants);
        loaded.ifPresent(p -> {
            if (participants.size() > KEPT) {
                participants.clear();
            }
            participants.put(chatId, p);
        });
        return loaded;
    }

    /** The other participant of the chat, if it exists and {@code userId} is one of its two. */
    public Optional<String> otherThan(String chatId, String userId) {
        return of(chatId).flatMap(members -> members.stream().filter(member -> !member.equals(userId)).findFirst());
    }

    /** Whether the user takes part in the chat ({@code OWN}) or not; NOT_FOUND when there is no such chat. */
    public Authorization.Ownership ownership(String chatId, String userId) {
        List<String> members = of(chatId).orElseThrow(() -> ClientError.notFound("no such chat"));
        return Authorization.Ownership.of(members.contains(userId));
    }

    /** NOT_FOUND / FORBIDDEN unless the user takes part in the chat ({@link Chat#checkAccess}). */
    public void require(String chatId, String userId) {
        Chat.checkAccess(of(chatId).orElse(null), userId).ifPresent(refusal -> {
            throw ClientError.of(refusal);
        });
    }
}
