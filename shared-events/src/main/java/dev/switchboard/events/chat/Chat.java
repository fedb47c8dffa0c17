package dev.switchboard.events.chat;

import java.time.Instant;
import java.util.List;

/** A chat as the REST API shows it: {@code { _id, participants, status, lastMessage, createdAt }}. */
public record Chat(String id, List<String> participants, String status, Message lastMessage, Instant createdAt) {
    public static final String ACTIVE = "active";
    public static final String BLOCKED = "blocked";
    public static final String CLOSED = "closed";

    public Chat {
        participants = List.copyOf(participants);
    }

    public String otherThan(String userId) {
        return participants.stream().filter(p -> !p.equals(userId)).findFirst().orElse(null);
    }
}
