package dev.switchboard.gateway.chat;

import java.util.List;

/** A page of chat history, newest first; {@code hasMore} says whether {@code ?before=<last _id>} finds more. */
public record MessagePage(List<MessageView> messages, boolean hasMore) {
}
