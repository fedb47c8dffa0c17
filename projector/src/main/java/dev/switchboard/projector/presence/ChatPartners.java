package dev.switchboard.projector.presence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.switchboard.projector.store.ReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who is told about a user's status: everyone who shares a chat with them (read from the chats read model). */
@Component
public class ChatPartners {
    static final String CHATS = "chats";

    private final MongoCollection<Document> chats;

    public ChatPartners(ReadModels readModels) {
        this.chats = readModels.collection(CHATS);
    }

    public List<String> of(String userId) {
        Set<String> partners = new LinkedHashSet<>();
        for (Document chat : chats.find(Filters.eq("participants", userId)).projection(Projections.include("participants"))) {
            for (String participant : chat.getList("participants", String.class, List.of())) {
                if (!participant.equals(userId)) {
                    partners.add(participant);
                }
            }
        }
        return List.copyOf(partners);
    }
}
