package dev.switchboard.projector.chat;

import dev.switchboard.events.chat.Chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The projector's memory of the chats it writes: participants, status and message count. Safe because one
 * projector owns a chat's partition and is its only writer; forgotten when partitions move.
 */
final class ChatHeads {
    private static final int KEPT = 50_000;

    record Head(Chat chat, long messageCount) {
    }

    private final Map<String, Head> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
            return size() > KEPT;
        }
    };

    synchronized Optional<Head> get(String chatId, Function<String, Optional<Head>> load) {
        Head head = heads.get(chatId);
        if (head == null) {
            Optional<Head> loaded = load.apply(chatId);
            loaded.ifPresent(h -> heads.put(chatId, h));
            return loaded;
        }
        return Optional.of(head);
    }

    synchronized void put(String chatId, Head head) {
        heads.put(chatId, head);
    }

    synchronized void forget(String chatId) {
        heads.remove(chatId);
    }

    synchronized void clear() {
        heads.clear();
    }
}
