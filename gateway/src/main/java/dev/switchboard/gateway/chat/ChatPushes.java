package dev.switchboard.gateway.chat;

import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.Message;
import dev.switchboard.events.chat.TypingSignal.TypingChanged;
import dev.switchboard.gateway.kafka.UpdatePushes;
import dev.switchboard.gateway.kafka.UpdateRoutes;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chat updates and typing signals → {@code new-message}, {@code message-notification}, {@code messages-delivered}, {@code messages-read}, {@code user-typing}. */
@Component
public class ChatPushes implements UpdatePushes {
    private final ReceiverDeliveries deliveries;

    public ChatPushes(ReceiverDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public void register(UpdateRoutes routes) {
        // live, or replayed to a recovered session: every connection of the receiver is in their personal room
        routes.on(MessagePosted.class, (update, rooms) -> {
            Message message = update.payload().message();
            MessageView view = MessageView.of(message);
            rooms.toRoom(message.chat(), "new-message", view);
            if (rooms.toRoom(message.receiver(), "message-notification", Map.of("chatId", message.chat(), "message", view)) > 0) {
                deliveries.pushedToReceiver(message);
            }
        });
        routes.on(MessagesDelivered.class, (update, rooms) -> {
            MessagesDelivered delivered = update.payload();
            if (!delivered.messageIds().isEmpty()) {
                rooms.toRoom(delivered.chatId(), "messages-delivered",
                        Map.of("chatId", delivered.chatId(), "userId", delivered.userId(), "messageIds", delivered.messageIds()));
            }
        });
        routes.on(MessagesMarkedRead.class, (update, rooms) -> {
            MessagesMarkedRead read = update.payload();
            rooms.toRooms(List.of(read.chatId(), read.otherParticipant()), "messages-read", Map.of("userId", read.userId(), "chatId", read.chatId()));
        });
        routes.on(TypingChanged.class, (update, rooms) -> {
            TypingChanged typing = update.payload();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", typing.userId());
            body.put("chatId", typing.chatId());
            body.put("isTyping", typing.isTyping());
            rooms.toRoomExceptUser(typing.room(), typing.userId(), "user-typing", body);
        });
    }
}
