package dev.switchboard.gateway.chat;

import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.auth.Authorization.Ownership;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.MediaUrls;
import dev.switchboard.events.Ids;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.ChatUpdate.SendOutcome;
import dev.switchboard.events.chat.Message;
import dev.switchboard.events.chat.TypingSignal.TypingChanged;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.presence.ConnectedUsers;
import dev.switchboard.gateway.socket.SocketEvents;
import dev.switchboard.gateway.socket.SocketEvents.Row;
import dev.switchboard.gateway.socket.SocketSession;
import org.springframework.stereotype.Component;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code join-chat}, {@code leave-chat}, {@code send-message}, {@code typing-start/stop}, {@code mark-messages-read} (docs/PROTOCOL.md §4). */
@Component
public class ChatSocketEvents implements SocketEvents {
    private final Outcomes outcomes;
    private final ChatParticipants participants;
    private final ConnectedUsers connectedUsers;
    private final TypingSignals typingSignals;

    public ChatSocketEvents(Outcomes outcomes, ChatParticipants participants, ConnectedUsers connectedUsers,
                            TypingSignals typingSignals) {
        this.outcomes = outcomes;
        this.participants = participants;
        this.connectedUsers = connectedUsers;
        this.typingSignals = typingSignals;
    }

    /** {@code send-message} as parsed from the payload; its content rules are the projector's (so refusals are logged). */
    record SendMessage(String chatId, String content, String messageType, List<Message.Media> media, String clientMessageId) {
    }

    /** Typing in {@code room}: the chat form {@code { chatId }} or the global form {@code { roomId, userId }}. */
    record Typing(String room, String userId) {
    }

    @Override
    public List<Row<?>> events() {
        return List.of(
                new Row<>("join-chat", Payloads.idOrObjectWith("chatId"), this::joinChat),
                new Row<>("leave-chat", Payloads.idOrObjectWith("chatId"), this::leaveChat),
                new Row<>("send-message", ChatSocketEvents::parseSend, this::sendMessage),
                new Row<>("typing-start", ChatSocketEvents::parseTyping, (session, typing) -> typing(session, typing, true)),
                new Row<>("typing-stop", ChatSocketEvents::parseTyping, (session, typing) -> typing(session, typing, false)),
                new Row<>("mark-messages-read", Payloads.idOrObjectWith("chatId"), this::markRead));
    }

    private CompletionStage<Map<String, Object>> joinChat(SocketSession session, String chatId) {
        Authorization.require(Operation.JOIN_CHAT, session.user(), participants.ownership(chatId, session.userId()));
        session.join(chatId);
        return outcomes.submit(Envelope.newAction(new ChatJoined(chatId, session.userId()), session.user().actor(), chatId, Instant.now()), MessagesDelivered.class)
                .thenApply(delivered -> Map.of("chatId", chatId, "delivered", delivered.total()));
    }

    private CompletionStage<Map<String, Object>> leaveChat(SocketSession session, String chatId) {
        Authorization.requireRole(Operation.LEAVE_CHAT, session.user());
        if (chatId.equals(session.userId())) {
            // rooms are named by ids: leaving this one would silence the user's message-notification pushes
            throw ClientError.badRequest("chatId names your personal room, which cannot be left");
        }
        session.leave(chatId);
        typingSignals.left(session, chatId);
        return CompletableFuture.completedFuture(Map.of("chatId", chatId));
    }

    private CompletionStage<Map<String, Object>> sendMessage(SocketSession session, SendMessage send) {
        Authorization.requireRole(Operation.SEND_MESSAGE, session.user());
        String receiver = participants.otherThan(send.chatId(), session.userId()).orElse(null);
        MessageSubmitted submitted = new MessageSubmitted(Ids.newId(), send.chatId(), session.userId(), session.user().role().wire(),
                session.user().name(), session.user().picture(), send.content(), send.messageType(), send.media(),
                send.clientMessageId(), connectedUsers.isConnected(receiver));
        return outcomes.submit(Envelope.newAction(submitted, session.user().actor(), send.chatId(), Instant.now()), SendOutcome.class)
                .thenApply(outcome -> Map.of("message", MessageView.of(outcome.message())));
    }

    /** Signals only: never stored; only members of the room may signal; never pushed back to the typist. */
    private CompletionStage<Map<String, Object>> typing(SocketSession session, Typing typing, boolean isTyping) {
        if (typing.userId() != null) {
            Authorization.requireOwnId(session.user(), typing.userId());
        }
        Authorization.require(isTyping ? Operation.TYPING_START : Operation.TYPING_STOP, session.user(), Ownership.of(session.isIn(typing.room())));
        return typingSignals.signal(session, new TypingChanged(typing.room(), session.userId(), typing.room(), isTyping))
                .thenApply(recorded -> Map.of("chatId", typing.room(), "isTyping", isTyping));
    }

    private CompletionStage<Map<String, Object>> markRead(SocketSession session, String chatId) {
        Authorization.requireRole(Operation.MARK_MESSAGES_READ, session.user());
        return outcomes.submit(Envelope.newAction(new MessagesRead(chatId, session.userId()), session.user().actor(), chatId, Instant.now()), MessagesMarkedRead.class)
                .thenApply(marked -> Map.of("chatId", chatId, "count", marked.count()));
    }

    static SendMessage parseSend(Object raw) {
        Map<?, ?> payload = Payloads.object(raw);
        String chatId = Payloads.requireId(payload.get("chatId"), "chatId");
        String content = Payloads.optionalText(payload, "content", Payloads.MAX_TEXT);
        String type = payload.get("messageType") == null ? "text" : Payloads.optionalText(payload, "messageType", 32);
        return new SendMessage(chatId, "text".equals(type) ? Payloads.requiredText(content) : content, type, parseMedia(payload.get("media")),
                Payloads.optionalClientMessageId(payload));
    }

    private static List<Message.Media> parseMedia(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> items)) {
            throw ClientError.badRequest("media must be an array");
        }
        List<Message.Media> media = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || !(m.get("url") instanceof String url) || !(m.get("type") instanceof String type)) {
                throw ClientError.badRequest("every media needs a url and a type");
            }
            if (!MediaUrls.isAllowed(url)) {
                // refused here, before the log: the projector accepted any scheme from logs written before this rule, and
                // a rebuild must accept again what it accepted then
                throw ClientError.badRequest("a media url is an http or https URL, or a relative one");
            }
            Object name = m.get("name");
            if (name != null && !(name instanceof String)) {
                throw ClientError.badRequest("media name must be a string");
            }
            media.add(new Message.Media(url, type, (String) name, mediaSize(m.get("size"))));
        }
        return media;
    }

    /** A whole number of bytes, 0 up to a 64-bit integer's largest; any other number is refused, never rounded or cut. */
    private static Long mediaSize(Object size) {
        if (size == null) {
            return null;
        }
        Long bytes = null;
        if (size instanceof Integer || size instanceof Long) {
            bytes = ((Number) size).longValue();
        } else if (size instanceof BigInteger big && big.bitLength() < 64) {
            bytes = big.longValue();
        } else if (size instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            bytes = d.longValue();
        }
        if (bytes == null || bytes < 0) {
            throw ClientError.badRequest("media size must be a whole number of bytes, 0 or more");
        }
        return bytes;
    }

    static Typing parseTyping(Object raw) {
        Map<?, ?> payload = Payloads.object(raw);
        if (payload.get("chatId") != null) {
            // a userId beside the chatId must be the sender's own, as in the global form
            Object userId = payload.get("userId");
            return new Typing(Payloads.requireId(payload.get("chatId"), "chatId"), userId == null ? null : Payloads.requireId(userId, "userId"));
        }
        return new Typing(Payloads.requireId(payload.get("roomId"), "roomId"), Payloads.requireId(payload.get("userId"), "userId"));
    }
}
