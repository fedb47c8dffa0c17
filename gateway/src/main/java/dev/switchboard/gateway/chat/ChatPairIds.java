package dev.switchboard.gateway.chat;

import dev.switchboard.events.chat.ChatIds;
import dev.switchboard.gateway.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which chat id {@code POST /api/chats} opens for a pair: the id the pair's chat already has when it was opened before
 * ids were keyed (found by that id, which only its participants' request computes here), else the keyed id
 * ({@link ChatIds}), with {@code CHAT_ID_SECRET}, or {@code JWT_SECRET} when that is not set.
 */
@Component
public class ChatPairIds {
    private static final Logger log = LoggerFactory.getLogger(ChatPairIds.class);

    private final Optional<ChatIds> keyed;
    private final ChatParticipants participants;

    public ChatPairIds(GatewaySettings settings, ChatParticipants participants) {
        this.keyed = settings.chatIdSecret().map(ChatIds::keyedWith);
        this.participants = participants;
        if (keyed.isEmpty()) {
            log.warn("neither CHAT_ID_SECRET nor JWT_SECRET is set: chat ids are computed from the two user ids alone, so anyone "
                    + "who knows two users' ids can tell whether they have a chat; set CHAT_ID_SECRET (the same on every gateway)");
        }
    }

    public String idOf(String a, String b) {
        String before = ChatIds.unkeyed(a, b);
        if (keyed.isEmpty() || participants.of(before).isPresent()) {
            return before;
        }
        return keyed.get().forPair(a, b);
    }
}
