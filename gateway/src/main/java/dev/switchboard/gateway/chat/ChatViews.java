package dev.switchboard.gateway.chat;

import dev.switchboard.events.Times;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.Message;
import dev.switchboard.gateway.web.SenderView;

/** The contract's chat and message objects (docs/PROTOCOL.md §4, §8). */
final class ChatViews {
    private ChatViews() {
    }

    static MessageView message(Message m) {
        return new MessageView(m.id(), m.chat(),
                SenderView.of(m.sender().id(), m.sender().fullName(), m.sender().profilePhoto(), m.sender().role()),
                m.receiver(), m.content(), m.messageType(),
                m.media().stream().map(media -> new MessageView.Media(media.url(), media.type(), media.name(), media.size())).toList(),
                m.clientMessageId(), m.delivered(), Times.iso(m.deliveredAt()), m.isRead(), Times.iso(m.readAt()), Times.iso(m.createdAt()));
    }

    static ChatView chat(Chat chat) {
        return new ChatView(chat.id(), chat.participants(), chat.status(),
                chat.lastMessage() == null ? null : message(chat.lastMessage()), Times.iso(chat.createdAt()));
    }
}
