package dev.switchboard.gateway.support;

import dev.switchboard.events.chat.TypingSignal.SupportTypingChanged;
import dev.switchboard.events.support.SupportUpdate.SupportMessageMarkedRead;
import dev.switchboard.events.support.SupportUpdate.SupportMessagePosted;
import dev.switchboard.events.support.SupportUpdate.TicketChanged;
import dev.switchboard.events.support.SupportUpdate.TicketCreated;
import dev.switchboard.gateway.kafka.UpdatePushes;
import dev.switchboard.gateway.kafka.UpdateRoutes;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Support updates → {@code new-support-message}, {@code message-read-update}, {@code support-ticket-created/updated}, {@code support-user-typing}. */
@Component
public class SupportPushes implements UpdatePushes {

    @Override
    public void register(UpdateRoutes routes) {
        routes.on(TicketCreated.class, (update, rooms) -> {
            rooms.toRoom(SupportViews.DASHBOARD, "support-ticket-created", Map.of("ticket", SupportViews.ticket(update.payload().ticket())));
            rooms.toRoom(SupportViews.DASHBOARD, "new-support-message", SupportViews.newSupportMessage(update.payload().firstMessage()));
        });
        routes.on(SupportMessagePosted.class, (update, rooms) -> rooms.toRooms(
                List.of(SupportViews.ticketRoom(update.payload().message().ticket()), SupportViews.DASHBOARD),
                "new-support-message", SupportViews.newSupportMessage(update.payload().message())));
        routes.on(SupportMessageMarkedRead.class, (update, rooms) -> rooms.toRoom(SupportViews.ticketRoom(update.payload().ticketId()),
                "message-read-update", Map.of("messageId", update.payload().messageId(), "userId", update.payload().userId())));
        routes.on(TicketChanged.class, (update, rooms) -> rooms.toRooms(
                List.of(SupportViews.ticketRoom(update.payload().ticket().id()), SupportViews.DASHBOARD),
                "support-ticket-updated", Map.of("ticket", SupportViews.ticket(update.payload().ticket()))));
        routes.on(SupportTypingChanged.class, (update, rooms) -> {
            SupportTypingChanged typing = update.payload();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userId", typing.userId());
            body.put("ticketId", typing.ticketId());
            body.put("isTyping", typing.isTyping());
            rooms.toRoomExceptUser(typing.room(), typing.userId(), "support-user-typing", body);
        });
    }
}
