package dev.switchboard.gateway.presence;

import com.mongodb.MongoException;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.store.GatewayReadModels;
import dev.switchboard.gateway.store.OffTheLoop;
import dev.switchboard.readmodels.presence.PresenceReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a user has a connection open: on this gateway as its own sessions say at this moment, on any other gateway
 * run as the presence read model says. The read model learns of connections from the log, so it lags behind this
 * gateway's own: a message sent just after its receiver connected here, or just after their only connection here
 * closed, would otherwise be recorded undelivered or delivered the wrong way round. The read model's answer is
 * remembered until the next status or connectivity change for that user arrives on the update stream (so the send
 * path does not read the store each time).
 */
@Component
public class ConnectedUsers {
    private static final Logger log = LoggerFactory.getLogger(ConnectedUsers.class);
    private static final int KEPT = 100_000;

    private final PresenceReadModel presence;
    private final GatewayReadModels store;
    private final PresenceConnections here;
    private final String gatewayRunId;
    /** Whether the user has a connection on another gateway run, as last read. */
    private final Map<String, Boolean> elsewhere = new ConcurrentHashMap<>();
    /** How many changes the update stream brought for each user, so that a store read overtaken by one is not kept. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    public ConnectedUsers(PresenceReadModel presence, GatewayReadModels store, PresenceConnections here, GatewaySettings settings) {
        this.presence = presence;
        this.store = store;
        this.here = here;
        this.gatewayRunId = settings.gatewayRunId();
    }

    public boolean isConnected(String userId) {
        if (userId == null) {
            return false;
        }
        return here.hasConnectionHere(userId) || isConnectedElsewhere(userId);
    }

    private boolean isConnectedElsewhere(String userId) {
        Boolean known = elsewhere.get(userId);
        if (known != null) {
            return known;
        }
        forgetAllIfFull();
        long version = versions.getOrDefault(userId, 0L);
        if (!store.isReachable()) {
            return false; // not known now: a send is recorded as not delivered yet, and the receiver's join marks it
        }
        OffTheLoop.beforeReading();
        boolean now;
        try {
            now = presence.hasConnectionElsewhere(userId, gatewayRunId); // outside any lock: a slow store must not hold up the update stream
        } catch (MongoException e) {
            log.debug("could not read whether {} is connected elsewhere: {}", userId, e.toString());
            return false;
        }
        // kept only if no change for the user arrived during the read; a change that comes after replaces it
        elsewhere.compute(userId, (id, current) -> versions.getOrDefault(id, 0L) == version ? Boolean.valueOf(now) : current);
        return now;
    }

    private void forgetAllIfFull() {
        if (elsewhere.size() > KEPT || versions.size() > 4 * KEPT) {
            elsewhere.clear();
            versions.clear();
        }
    }

    /** A status change for the user: read the store again next time. */
    void changed(String userId) {
        countChange(userId);
        elsewhere.remove(userId);
    }

    /**
     * The projector says whether the user has any connection open. None anywhere is none elsewhere; one somewhere may be
     * this gateway's own, so the store is read again next time.
     */
    void connected(String userId, boolean isConnected) {
        countChange(userId);
        if (isConnected) {
            elsewhere.remove(userId);
        } else {
            elsewhere.put(userId, false);
        }
    }

    private void countChange(String userId) {
        forgetAllIfFull();
        versions.merge(userId, 1L, Long::sum);
    }
}
