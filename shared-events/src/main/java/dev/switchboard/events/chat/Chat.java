package dev.switchboard.events.chat;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Refusal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A chat: as the REST API shows it, {@code { _id, participants, status, lastMessage, createdAt }}, and
 * {@code blockedBy}, the participants whose block stands (not shown: the contract's chat object has no such field). A chat
 * is blocked while anyone's block stands, and only the blocker lifts their own. Records of earlier builds have none
 * (empty): their blocked chats either participant unblocks.
 */
public record Chat(String id, List<String> participants, String status, Message lastMessage, Instant createdAt, List<String> blockedBy) {
    public static final String ACTIVE = "active";
    public static final String BLOCKED = "blocked";
    public static final String CLOSED = "closed";

    public Chat {
        participants = List.copyOf(participants);
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    }

    public Chat withLastMessage(Message last) {
        return new Chat(id, participants, status, last, createdAt, blockedBy);
    }

    public Chat withStatus(String nextStatus, List<String> nextBlockedBy) {
        return new Chat(id, participants, nextStatus, lastMessage, createdAt, nextBlockedBy);
    }

    public String otherThan(String userId) {
        return participants.stream().filter(p -> !p.equals(userId)).findFirst().orElse(null);
    }

    /**
     * Who may act in a chat: its participants. The one owner of this rule, asked by the projector (sends, joins, reads,
     * status changes) and by the gateway (before it puts a connection into a chat's room, and before it serves history).
     * {@code participants} is null when there is no such chat (yet).
     */
    public static Optional<Refusal> checkAccess(List<String> participants, String userId) {
        if (participants == null) {
            return Refusal.refuse(ErrorCode.NOT_FOUND, "no such chat");
        }
        return participants.contains(userId) ? Optional.empty()
                : Refusal.refuse(ErrorCode.FORBIDDEN, "you are not a participant of this chat");
    }
}
