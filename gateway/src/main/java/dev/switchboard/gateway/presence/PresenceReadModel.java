package dev.switchboard.gateway.presence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;

/** The gateway's reads of the projector's {@code presence} collection: a user's visible status and whether they are connected. */
@Component
public class PresenceReadModel {
    static final String PRESENCE = "presence";

    private final GatewayReadModels readModels;

    public PresenceReadModel(GatewayReadModels readModels) {
        this.readModels = readModels;
    }

    /** {@code { userId, isOnline, lastActive }}; a user never seen is offline with no {@code lastActive}. */
    public PresenceView status(String userId) {
        Document doc = readModels.collection(PRESENCE).find(Filters.eq("_id", userId))
                .projection(Projections.include("isOnline", "lastActive")).first();
        if (doc == null) {
            return PresencePushes.body(userId, false, null);
        }
        Date lastActive = doc.getDate("lastActive");
        return PresencePushes.body(userId, doc.getBoolean("isOnline", false), lastActive == null ? null : lastActive.toInstant());
    }

    /** Whether the user has a connection open on any gateway (also while they appear offline). */
    boolean hasConnection(String userId) {
        Document presence = readModels.collection(PRESENCE).find(Filters.eq("_id", userId))
                .projection(Projections.include("connections")).first();
        return presence != null && !presence.getList("connections", Document.class, List.of()).isEmpty();
    }
}
