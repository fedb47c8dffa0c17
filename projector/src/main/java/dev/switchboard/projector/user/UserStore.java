package dev.switchboard.projector.user;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.readmodels.user.UserReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The projector's writes and reads of the users read model ({@link UserReadModel}). */
@Component
public class UserStore {
    public record User(String id, String role, String fullName, String profilePhoto) {
    }

    private final MongoCollection<Document> users;
    private final OwnerEpoch owner;

    public UserStore(MongoDatabase database, OwnerEpoch owner) {
        this.owner = owner;
        this.users = database.getCollection(UserReadModel.COLLECTION);
    }

    /** One unordered bulk write of whole users (one each: their order does not matter), fenced by this process's {@link OwnerEpoch}. */
    public void saveAll(Collection<User> latest) {
        if (latest.isEmpty()) {
            return;
        }
        long epoch = owner.current();
        List<ReplaceOneModel<Document>> writes = latest.stream().map(user -> new ReplaceOneModel<>(OwnerEpoch.fenced(user.id(), epoch),
                OwnerEpoch.stamped(new Document("_id", user.id()).append("role", user.role()).append("fullName", user.fullName())
                        .append("profilePhoto", user.profilePhoto()), epoch), new ReplaceOptions().upsert(true))).toList();
        owner.bulkWrite(users, writes, new BulkWriteOptions().ordered(false), epoch);
    }

    public Optional<User> byId(String userId) {
        Document doc = users.find(Filters.eq("_id", userId)).first();
        return doc == null ? Optional.empty()
                : Optional.of(new User(userId, doc.getString("role"), doc.getString("fullName"), doc.getString("profilePhoto")));
    }
}
