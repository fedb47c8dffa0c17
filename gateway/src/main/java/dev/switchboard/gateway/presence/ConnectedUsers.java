package dev.switchboard.gateway.presence;

import dev.switchboard.readmodels.presence.PresenceReadModel;
import org.springframework.stereotype.Component;

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

    private final PresenceReadModel presence;
    private final Map<String, Boolean> connected = new ConcurrentHashMap<>();
    /** How many changes the update stream brought for each user, so that a store read overtaken by one is not kept. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    public ConnectedUsers(PresenceReadModel presence) {
        this.presence = presence;
    }

    public boolean isConnected(String userId) {
        if (userId == null) {
            return false;
        }
        Boolean known = connected.get(userId);
        if (known != null) {
            return known;
        }
        forgetAllIfFull();
        long version = versions.getOrDefault(userId, 0L);
        boolean now = presence.hasConnection(userId); // outside any lock: a slow store must not hold up the update stream
        // kept only if no change for the user arrived during the read; a change that comes after replaces it
        connected.compute(userId, (id, current) -> versions.getOrDefault(id, 0L) == version ? Boolean.valueOf(now) : current);
        return now;
    }

    private void forgetAllIfFull() {
        if (connected.size() > KEPT || versions.size() > 4 * KEPT) {
            connected.clear();
            versions.clear();
        }
    }

    /** A status change for the user: read the store again next time. */
    void changed(String userId) {
        countChange(userId);
        connected.remove(userId);
    }

    /** The projector says whether the user has any connection open. */
    void connected(String userId, boolean isConnected) {
        countChange(userId);
        connected.put(userId, isConnected);
    }

    private void countChange(String userId) {
        forgetAllIfFull();
        versions.merge(userId, 1L, Long::sum);
    }
}
