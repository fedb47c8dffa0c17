package dev.switchboard.gateway.chat;

import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.Message;
import dev.switchboard.events.chat.TypingSignal.TypingChanged;
import dev.switchboard.gateway.kafka.UpdatePushes;
import dev.switchboard.gateway.kafka.UpdateRoutes;
import dev.switchboard.gateway.socket.SocketRooms;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chat updates and typing signals → {@code new-message}, {@code message-notification}, {@code messages-delivered}, {@code messages-read}, {@code user-typing}. */
@Component
public class ChatPushes implements UpdatePushes {
    private final SocketRooms rooms;

    public ChatPushes(SocketRooms rooms) {
        this.rooms = rooms;
    }

    @Override
    public void register(UpdateRoutes routes) {
        routes.on(MessagePosted.class, update -> {
            Message message = update.payload().message();
            MessageView view = ChatViews.message(message);
            rooms.toRoom(message.chat(), "new-message", view);
            rooms.toRoom(message.receiver(), "message-notification", Map.of("chatId", message.chat(), "message", view));
        });
        routes.on(MessagesDelivered.class, update -> {
            MessagesDelivered delivered = update.payload();
            if (!delivered.messageIds().isEmpty()) {
                rooms.toRoom(delivered.chatId(), "messages-delivered",
                        Map.of("chatId", delivered.chatId(), "userId", delivered.userId(), "messageIds", delivered.messageIds()));
            }
        });
        routes.on(MessagesMarkedRead.class, update -> {
            MessagesMarkedRead read = update.payload();
            rooms.toRooms(List.of(read.chatId(), read.otherParticipant()), "messages-read", Map.of("userId", read.userId(), "chatId", read.chatId()));
        });
        routes.on(TypingChanged.class, update -> {
            TypingChanged typing = update.payload();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", typing.userId());
            body.put("chatId", typing.chatId());
            body.put("isTyping", typing.isTyping());
            rooms.toRoomExceptUser(typing.room(), typing.userId(), "user-typing", body);
        });
    }
}
