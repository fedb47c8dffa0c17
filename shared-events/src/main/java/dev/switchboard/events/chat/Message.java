package dev.switchboard.events.chat;

import java.time.Instant;
import java.util.List;

/** A chat message (docs/PROTOCOL.md §4 message object). {@code sender} carries the profile from the sender's token. */
public record Message(String id, String chat, Sender sender, String receiver, String content, String messageType,
                      List<Media> media, String clientMessageId, boolean delivered, Instant deliveredAt,
                      boolean isRead, Instant readAt, Instant createdAt) {

    public Message {
        media = media == null ? List.of() : List.copyOf(media);
    }

    public record Sender(String id, String fullName, String profilePhoto, String role) {
    }

    public record Media(String url, String type, String name, Long size) {
    }
}
