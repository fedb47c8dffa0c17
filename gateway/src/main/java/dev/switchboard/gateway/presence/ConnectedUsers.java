package dev.switchboard.gateway.presence;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a user has a connection open on any gateway, as the presence read model says, remembered until the next
 * status or connectivity change for that user arrives on the update stream (so the send path does not read the
 * store each time).
 */
@Component
public class ConnectedUsers {
    private static final int KEPT = 100_000;

    private final GatewayReadModels readModels;
    private final Map<String, Boolean> connected = new ConcurrentHashMap<>();

    public ConnectedUsers(GatewayReadModels readModels) {
        this.readModels = readModels;
    }

    public boolean isConnected(String userId) {
        if (userId == null) {
            return false;
        }
        if (connected.size() > KEPT) {
            connected.clear();
        }
        // read under the entry's lock: a change for this user that arrives meanwhile waits, then replaces the value
        return connected.computeIfAbsent(userId, this::hasConnection);
    }

    private boolean hasConnection(String userId) {
        Document presence = readModels.collection(PresenceController.PRESENCE).find(Filters.eq("_id", userId))
                .projection(Projections.include("connections")).first();
        return presence != null && !presence.getList("connections", Document.class, List.of()).isEmpty();
    }

    /** A status change for the user: read the store again next time. */
    void changed(String userId) {
        connected.remove(userId);
    }

    /** The projector says whether the user has any connection open. */
    void connected(String userId, boolean isConnected) {
        connected.put(userId, isConnected);
    }
}
