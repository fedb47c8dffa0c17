package dev.switchboard.projector.chat;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.MediaUrls;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.chat.Chat;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.Message;
import dev.switchboard.projector.chat.ChatState.Head;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.switchboard.events.Refusal.refuse;

/**
 * The chat rules, each a named check returning a refusal or nothing; {@link #allSendRules()} lists them in the order they are asked, and the first refusal wins. Adding a rule is
 * adding a constant here and listing it.
 */
public final class ChatRules {
    public static final int MAX_CONTENT = 5000;
    public static final int MAX_MEDIA_FIELD = 256;
    public static final Set<String> MESSAGE_TYPES = Set.of("text", "image", "file", "audio", "video", "system");
    public static final Set<String> PARTY_ROLES = Set.of("client", "provider");

    /** A rule for a message; {@code head} is the chat's (null: no such chat). */
    @FunctionalInterface
    public interface SendRule {
        Optional<Refusal> check(Head head, MessageSubmitted message);
    }

    private ChatRules() {
    }

    public static final SendRule KNOWN_MESSAGE_TYPE = (head, m) -> MESSAGE_TYPES.contains(m.messageType())
            ? Optional.empty() : refuse(ErrorCode.BAD_REQUEST, "messageType must be one of " + MESSAGE_TYPES);

    public static final SendRule TEXT_NEEDS_CONTENT = (head, m) -> "text".equals(m.messageType()) && (m.content() == null || m.content().isBlank())
            ? refuse(ErrorCode.BAD_REQUEST, "content is required for a text message") : Optional.empty();

    public static final SendRule CONTENT_FITS = (head, m) -> m.content() != null && m.content().length() > MAX_CONTENT
            ? refuse(ErrorCode.BAD_REQUEST, "content is at most " + MAX_CONTENT + " characters") : Optional.empty();

    public static final SendRule MEDIA_FITS = (head, m) -> {
        if (m.media().size() > MediaUrls.MAX_PER_MESSAGE) {
            return refuse(ErrorCode.BAD_REQUEST, "at most " + MediaUrls.MAX_PER_MESSAGE + " media");
        }
        for (Message.Media media : m.media()) {
            if (media == null || media.url() == null || media.url().isBlank() || media.type() == null || media.type().isBlank()) {
                return refuse(ErrorCode.BAD_REQUEST, "every media needs a url and a type");
            }
            if (media.url().length() > MediaUrls.MAX_LENGTH || media.type().length() > MAX_MEDIA_FIELD
                    || (media.name() != null && media.name().length() > MAX_MEDIA_FIELD) || (media.size() != null && media.size() < 0)) {
                return refuse(ErrorCode.BAD_REQUEST, "a media url is at most " + MediaUrls.MAX_LENGTH + " characters, its type and name at most "
                        + MAX_MEDIA_FIELD + ", its size not negative");
            }
        }
        return Optional.empty();
    };

    /** The chat exists and the sender is one of its participants ({@link Chat#checkAccess}). */
    public static final SendRule SENDER_IS_PARTICIPANT = (head, m) -> Chat.checkAccess(head == null ? null : head.chat().participants(), m.senderId());

    /**
     * The sender speaks in the role the chat was opened with for them: a token with another role for the same user (a
     * client's counterpart connecting as a client) cannot turn the chat into a client↔client or provider↔provider one.
     */
    public static final SendRule SENDER_KEEPS_THEIR_ROLE = (head, m) -> m.senderRole() != null && m.senderRole().equals(head.roles().get(m.senderId()))
            ? Optional.empty() : refuse(ErrorCode.RULE_VIOLATION, "a chat is between one client and one provider: you are its " + head.roles().get(m.senderId()));

    public static final SendRule CHAT_IS_OPEN = (head, m) -> Chat.ACTIVE.equals(head.chat().status())
            ? Optional.empty() : refuse(ErrorCode.RULE_VIOLATION, "the chat is " + head.chat().status() + " and takes no messages");

    public static List<SendRule> allSendRules() {
        return List.of(KNOWN_MESSAGE_TYPE, TEXT_NEEDS_CONTENT, CONTENT_FITS, MEDIA_FITS, SENDER_IS_PARTICIPANT, SENDER_KEEPS_THEIR_ROLE,
                CHAT_IS_OPEN);
    }

    public static Optional<Refusal> checkSend(Head head, MessageSubmitted message) {
        return Refusal.first(allSendRules(), rule -> rule.check(head, message));
    }

    /** {@code join-chat} and {@code mark-messages-read}: the chat exists and the user is one of its participants. */
    public static Optional<Refusal> checkParticipant(Chat chat, String userId) {
        return Chat.checkAccess(chat == null ? null : chat.participants(), userId);
    }

    /**
     * A chat is between exactly one client and one provider, two different users, whose roles are facts: a participant
     * Switchboard knows no role of (never connected, never called the API, not registered by the identity service with
     * {@code POST /api/users}) is not found.
     */
    public static Optional<Refusal> checkOpening(String requesterId, String requesterRole, String participantId, Optional<String> participantRole) {
        if (requesterId.equals(participantId)) {
            return refuse(ErrorCode.BAD_REQUEST, "you cannot open a chat with yourself");
        }
        if (!PARTY_ROLES.contains(requesterRole)) {
            return refuse(ErrorCode.FORBIDDEN, "only clients and providers open chats");
        }
        if (participantRole.isEmpty()) {
            return refuse(ErrorCode.NOT_FOUND, "no such user: they have never connected and the identity service has not registered them");
        }
        String role = participantRole.get();
        if (!PARTY_ROLES.contains(role) || role.equals(requesterRole)) {
            return refuse(ErrorCode.RULE_VIOLATION, "a chat is between one client and one provider");
        }
        return Optional.empty();
    }

    /** Only participants change a chat's status, to one of the known statuses. */
    public static Optional<Refusal> checkStatusChange(Chat chat, ChatStatusRequested request) {
        String userId = request.userId();
        String status = request.status();
        if (!Set.of(Chat.ACTIVE, Chat.BLOCKED, Chat.CLOSED).contains(status)) {
            return refuse(ErrorCode.BAD_REQUEST, "status must be active, blocked or closed");
        }
        Optional<Refusal> outsider = checkParticipant(chat, userId);
        if (outsider.isPresent()) {
            return outsider;
        }
        if (Chat.CLOSED.equals(chat.status())) {
            return refuse(ErrorCode.RULE_VIOLATION, "a closed chat stays closed");
        }
        if (Chat.ACTIVE.equals(status) && request.ownBlock() && !chat.blockedBy().isEmpty() && !chat.blockedBy().contains(userId)) {
            return refuse(ErrorCode.FORBIDDEN, "only the participant who blocked this chat can unblock it");
        }
        return Optional.empty();
    }

    /**
     * The chat after the request ({@link #checkStatusChange} allowed it): a block is the blocker's own, {@code active}
     * lifts it, and the chat stays blocked while anyone's block stands. Closing keeps the blocks. A v1 request
     * ({@code ownBlock} false) decides as v1 did: its block is nobody's, and its {@code active} lifts every block.
     */
    public static Chat afterStatusChange(Chat chat, ChatStatusRequested request) {
        String status = request.status();
        Set<String> blockers = new LinkedHashSet<>(chat.blockedBy());
        if (Chat.BLOCKED.equals(status)) {
            if (!request.ownBlock()) {
                return chat.withStatus(Chat.BLOCKED, chat.blockedBy());
            }
            blockers.add(request.userId());
        } else if (Chat.ACTIVE.equals(status)) {
            if (!request.ownBlock()) {
                blockers.clear();
            }
            blockers.remove(request.userId());
        }
        String next = Chat.CLOSED.equals(status) ? Chat.CLOSED : blockers.isEmpty() ? Chat.ACTIVE : Chat.BLOCKED;
        return chat.withStatus(next, List.copyOf(blockers));
    }
}
