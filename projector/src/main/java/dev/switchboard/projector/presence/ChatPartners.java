package dev.switchboard.projector.presence;

import com.mongodb.client.MongoDatabase;
import dev.switchboard.readmodels.chat.ChatReadModel;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Who is told about a user's status: everyone who shares a chat with them (read from the chats read model). */
@Component
public class ChatPartners {
    private final ChatReadModel chats;

    public ChatPartners(MongoDatabase database) {
        this.chats = new ChatReadModel(database);
    }

    /** Each user's partners, in one query however many users; a user without chats has none. */
    public Map<String, List<String>> ofEach(Collection<String> userIds) {
        return chats.partnersOfEach(userIds);
    }
}
