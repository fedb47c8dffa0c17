package dev.switchboard.projector.presence;

import com.mongodb.client.MongoDatabase;
import dev.switchboard.readmodels.chat.ChatReadModel;
import org.springframework.stereotype.Component;

import java.util.List;

/** Who is told about a user's status: everyone who shares a chat with them (read from the chats read model). */
@Component
public class ChatPartners {
    private final ChatReadModel chats;

    public ChatPartners(MongoDatabase database) {
        this.chats = new ChatReadModel(database);
    }

    public List<String> of(String userId) {
        return chats.partnersOf(userId);
    }
}
