package dev.switchboard.gateway.chat;

import dev.switchboard.events.Times;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contract's chat and message objects (docs/PROTOCOL.md §4, §8). */
final class ChatViews {
    private ChatViews() {
    }

    static Map<String, Object> message(Message m) {
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("_id", m.sender().id());
        sender.put("fullName", m.sender().fullName());
        sender.put("profilePhoto", Map.of("url", m.sender().profilePhoto() == null ? "" : m.sender().profilePhoto()));
        sender.put("role", m.sender().role());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("_id", m.id());
        view.put("chat", m.chat());
        view.put("sender", sender);
        view.put("receiver", m.receiver());
        view.put("content", m.content());
        view.put("messageType", m.messageType());
        view.put("media", m.media().stream().map(media -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("url", media.url());
            item.put("type", media.type());
            if (media.name() != null) {
                item.put("name", media.name());
            }
            if (media.size() != null) {
                item.put("size", media.size());
            }
            return item;
        }).toList());
        view.put("clientMessageId", m.clientMessageId());
        view.put("delivered", m.delivered());
        view.put("deliveredAt", Times.iso(m.deliveredAt()));
        view.put("isRead", m.isRead());
        view.put("readAt", Times.iso(m.readAt()));
        view.put("createdAt", Times.iso(m.createdAt()));
        return view;
    }

    static Map<String, Object> chat(Chat chat) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("_id", chat.id());
        view.put("participants", chat.participants());
        view.put("status", chat.status());
        view.put("lastMessage", chat.lastMessage() == null ? null : message(chat.lastMessage()));
        view.put("createdAt", Times.iso(chat.createdAt()));
        return view;
    }
}
