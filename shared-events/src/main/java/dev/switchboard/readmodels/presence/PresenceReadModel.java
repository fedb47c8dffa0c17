package dev.switchboard.readmodels.presence;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The {@code presence} read model (one document per user, written by the projector's {@code PresenceStore}), its
 * index, and the gateway's reads: a user's visible status and whether they have a connection open elsewhere.
 */
public final class PresenceReadModel {
    public static final String COLLECTION = "presence";

    /** The gateway watchdog's query: the connections of a gateway run. */
    public static final List<IndexModel> INDEXES = List.of(new IndexModel(Indexes.ascending("connections.gatewayRunId")));

    /** A user's status as others see it; {@code lastActive} null for a user never seen. */
    public record Status(boolean isOnline, Instant lastActive) {
    }

    private final MongoCollection<Document> presence;

    public PresenceReadModel(MongoDatabase database) {
        this.presence = database.getCollection(COLLECTION);
    }

    /** Empty for a user never seen. */
    public Optional<Status> status(String userId) {
        Document doc = presence.find(Filters.eq("_id", userId)).projection(Projections.include("isOnline", "lastActive")).first();
        if (doc == null) {
            return Optional.empty();
        }
        Date lastActive = doc.getDate("lastActive");
        return Optional.of(new Status(doc.getBoolean("isOnline", false), lastActive == null ? null : lastActive.toInstant()));
    }

    /**
     * Whether the user has a connection open on a gateway run other than {@code gatewayRunId} (also while they appear
     * offline): a gateway knows its own connections better than the read model, which learns of them from the log.
     */
    public boolean hasConnectionElsewhere(String userId, String gatewayRunId) {
        Document doc = presence.find(Filters.eq("_id", userId)).projection(Projections.include("connections")).first();
        return doc != null && doc.getList("connections", Document.class, List.of()).stream()
                .anyMatch(connection -> !gatewayRunId.equals(connection.getString("gatewayRunId")));
    }
}
