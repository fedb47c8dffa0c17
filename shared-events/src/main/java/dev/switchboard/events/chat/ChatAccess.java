package dev.switchboard.events.chat;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Refusal;

import java.util.List;
import java.util.Optional;

/**
 * Who may act in a chat: its participants. The one owner of this rule, asked by the projector (sends, joins, reads,
 * status changes) and by the gateway (before it puts a connection into a chat's room, and before it serves history).
 */
public final class ChatAccess {
    private ChatAccess() {
    }

    /** {@code participants} is null when there is no such chat (yet). */
    public static Optional<Refusal> check(List<String> participants, String userId) {
        if (participants == null) {
            return Refusal.refuse(ErrorCode.NOT_FOUND, "no such chat");
        }
        return participants.contains(userId) ? Optional.empty()
                : Refusal.refuse(ErrorCode.FORBIDDEN, "you are not a participant of this chat");
    }
}
