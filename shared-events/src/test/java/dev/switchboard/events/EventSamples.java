package dev.switchboard.events;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.ChatUpdate.ChatActionRejected;
import dev.switchboard.events.chat.ChatUpdate.ChatAlreadyExists;
import dev.switchboard.events.chat.ChatUpdate.ChatCreated;
import dev.switchboard.events.chat.ChatUpdate.ChatStatusChanged;
import dev.switchboard.events.chat.ChatUpdate.MessageAlreadyPosted;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.Message;
import dev.switchboard.events.chat.TypingSignal.SupportTypingChanged;
import dev.switchboard.events.chat.TypingSignal.TypingChanged;
import dev.switchboard.events.deadletter.DeadLetter;
import dev.switchboard.events.gateway.GatewaySignal.GatewayHeartbeat;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationUpdate.AllNotificationsMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.NotificationActionRejected;
import dev.switchboard.events.notification.NotificationUpdate.NotificationAlreadyExists;
import dev.switchboard.events.notification.NotificationUpdate.NotificationCreated;
import dev.switchboard.events.notification.NotificationUpdate.NotificationMarkedRead;
import dev.switchboard.events.notification.NotificationUpdate.PendingNotificationsReleased;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.events.presence.PresenceUpdate.PresenceActionRejected;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import dev.switchboard.events.presence.PresenceUpdate;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.support.SupportMessage;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import dev.switchboard.events.support.SupportUpdate.SupportMessageAlreadyPosted;
import dev.switchboard.events.support.SupportUpdate.SupportMessageMarkedRead;
import dev.switchboard.events.support.SupportUpdate.SupportMessagePosted;
import dev.switchboard.events.support.SupportUpdate.TicketChanged;
import dev.switchboard.events.support.SupportUpdate.TicketCreated;
import dev.switchboard.events.support.SupportUpdate.TicketJoinAccepted;
import dev.switchboard.events.support.Ticket;
import dev.switchboard.events.user.UserAction.UserSeen;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in instance of every event type; the round-trip test fails for a type missing here. */
final class EventSamples {
    static final String USER = "6901e54215fc6770c2a8bccb";
    static final String OTHER = "6901e54215fc6770c2a8bccc";
    static final Instant AT = Instant.parse("2025-11-27T12:26:08.849Z");
    static final String NOTE = "69284360e726325e9236cbec";
    static final String CHAT = "507f1f77bcf86cd799439011";
    static final Message MESSAGE = new Message(NOTE, CHAT, new Message.Sender(USER, "John Doe", null, "client"), OTHER, "Hello", "text",
            List.of(), null, true, AT, false, null, AT);
    static final Chat CHAT_VIEW = new Chat(CHAT, List.of(USER, OTHER), "active", MESSAGE, AT, List.of());
    static final Ticket TICKET = new Ticket(CHAT, USER, "client", "Payment", "open", null, AT, AT);
    static final SupportMessage SUPPORT_MESSAGE = new SupportMessage(NOTE, CHAT, new SupportMessage.Sender(USER, "John Doe", null, "client"),
            "user", "Hello", List.of(), "text", false, List.of(OTHER), AT, "c-2");
    static final Notification NOTIFICATION = new Notification(NOTE, USER, "payment", "Paid", "We got it",
            Map.of("amount", 20), false, false, AT);

    static List<Event> all() {
        return List.of(
                new ConnectionOpened(USER, "conn-1", "gw-a", "run-1"),
                new UserJoined(USER, "conn-1", "gw-a", "run-1"),
                new ConnectionClosed(USER, "conn-1", "gw-a", "run-1", "disconnect"),
                new OnlineStatusSet(USER, false),
                new OnlineStatusRequested(OTHER, "conn-2"),
                new UserStatusChanged(USER, true, AT, List.of(OTHER)),
                new PresenceUpdate.ConnectivityChanged(USER, false),
                new PresenceUpdate.ConnectionExpired(USER, "connection-1", "run-1"),
                new OnlineStatusReported(OTHER, false, AT, "conn-2"),
                new PresenceActionRejected("set-online-status", ErrorCode.FORBIDDEN, "not your id"),
                new GatewayHeartbeat("gw-a", "run-1", AT, 3),
                new NotificationRequested(NOTE, USER, "payment", "Paid", "We got it", Map.of("amount", 20, "tags", List.of("a")), "key-1"),
                new NotificationDelivered(USER, NOTE),
                new NotificationsJoined(USER, "conn-1"),
                new NotificationRead(USER, NOTE),
                new AllNotificationsRead(USER),
                new NotificationCreated(NOTIFICATION),
                new NotificationAlreadyExists(NOTIFICATION),
                new PendingNotificationsReleased(USER, "conn-1", List.of(NOTIFICATION), 1),
                new NotificationMarkedRead(USER, NOTE),
                new AllNotificationsMarkedRead(USER, 3),
                new NotificationActionRejected("mark-notification-read", ErrorCode.NOT_FOUND, "no such notification"),
                new UserSeen(USER, "client", "John Doe", "https://example.com/p.jpg"),
                new ChatRequested(CHAT, USER, "client", OTHER, "provider"),
                new MessageSubmitted(NOTE, CHAT, USER, "client", "John Doe", null, "Hello", "text",
                        List.of(new Message.Media("https://x/y.png", "image", "y.png", 12L)), "c-1", true),
                new ChatJoined(CHAT, OTHER),
                new MessagesRead(CHAT, OTHER),
                new ChatStatusRequested(CHAT, USER, "blocked", true),
                new ChatCreated(CHAT_VIEW),
                new ChatAlreadyExists(CHAT_VIEW),
                new MessagePosted(MESSAGE),
                new MessageAlreadyPosted(MESSAGE),
                new MessagesDelivered(CHAT, OTHER, List.of(NOTE), 1),
                new DeadLetter.ActionSetAside("switchboard.notification.actions", 3, 812L,
                        "CodecConfigurationException: no codec for BigInteger", "{\"id\":\"x\"}"),
                new MessagesMarkedRead(CHAT, OTHER, USER, 2),
                new ChatStatusChanged(CHAT_VIEW, USER),
                new ChatActionRejected("send-message", ErrorCode.RULE_VIOLATION, "chat is blocked"),
                new TypingChanged(CHAT, USER, CHAT, true),
                new SupportTypingChanged("support_ticket_" + CHAT, USER, CHAT, false),
                new TicketOpened(CHAT, USER, "client", "John Doe", null, "Payment", NOTE, "I need help"),
                new TicketJoinRequested(CHAT, OTHER, "admin"),
                new SupportMessageSubmitted(NOTE, CHAT, USER, "client", "John Doe", "https://p", "Hello", "text", "c-2", List.of()),
                new SupportMessageRead(CHAT, NOTE, OTHER, "admin"),
                new TicketChangeRequested(CHAT, OTHER, "admin", "pending", OTHER, "admin"),
                new TicketCreated(TICKET, SUPPORT_MESSAGE),
                new TicketJoinAccepted(CHAT, OTHER),
                new SupportMessagePosted(SUPPORT_MESSAGE),
                new SupportMessageAlreadyPosted(SUPPORT_MESSAGE),
                new SupportMessageMarkedRead(CHAT, NOTE, OTHER),
                new TicketChanged(TICKET),
                new SupportActionRejected("support-message", ErrorCode.FORBIDDEN, "not your ticket"));
    }

    private EventSamples() {
    }
}
