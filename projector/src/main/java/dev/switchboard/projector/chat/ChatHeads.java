package dev.switchboard.projector.chat;

import dev.switchboard.projector.chat.ChatState.Head;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The projector's memory of the chat heads it wrote (participants, roles, status, last message, message count), so
 * that a batch of sends reads nothing before writing. Safe because one projector owns a chat's partition and is its
 * only writer; remembered only after a batch's writes went through, and forgotten when partitions move or a batch is
 * re-run, so a remembered head is always the stored one and a head that is not remembered may hold effects of a run
 * of the current batch that failed.
 */
final class ChatHeads {
    private static final int KEPT = 50_000;

    private final Map<String, Head> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
            return size() > KEPT;
        }
    };

    /** The remembered heads among these chats. */
    synchronized Map<String, Head> remembered(Collection<String> chatIds) {
        Map<String, Head> found = new HashMap<>();
        for (String chatId : chatIds) {
            Head head = heads.get(chatId);
            if (head != null) {
                found.put(chatId, head);
            }
        }
        return found;
    }

    /** After a batch's writes: the heads of the chats that exist. */
    synchronized void remember(Collection<ChatState> states) {
        for (ChatState state : states) {
            if (state.exists()) {
                heads.put(state.chatId(), state.head());
            }
        }
    }

    synchronized void clear() {
        heads.clear();
    }
}
