package dev.switchboard.readmodels.user;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.util.Optional;

/**
 * The {@code users} read model: {@code { _id: userId, role, fullName, profilePhoto }} from the tokens seen and the
 * identity service's registrations (written by the projector's {@code UserStore}). Index: {@code _id}.
 */
public final class UserReadModel {
    public static final String COLLECTION = "users";

    private final MongoCollection<Document> users;

    public UserReadModel(MongoDatabase database) {
        this.users = database.getCollection(COLLECTION);
    }

    /** The user's role, if anyone ever vouched for it. */
    public Optional<String> roleOf(String userId) {
        return Optional.ofNullable(users.find(Filters.eq("_id", userId)).projection(Projections.include("role")).first())
                .map(doc -> doc.getString("role"));
    }
}
