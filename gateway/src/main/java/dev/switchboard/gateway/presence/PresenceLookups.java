package dev.switchboard.gateway.presence;

import dev.switchboard.gateway.store.GatewayReadModels;
import dev.switchboard.readmodels.presence.PresenceReadModel;
import org.springframework.stereotype.Component;

/** The gateway's reads of the presence read model: a user's visible status and whether they are connected. */
@Component
public class PresenceLookups {
    private final PresenceReadModel presence;

    public PresenceLookups(GatewayReadModels readModels) {
        this.presence = readModels.presence();
    }

    /** {@code { userId, isOnline, lastActive }}; a user never seen is offline with no {@code lastActive}. */
    public PresenceView status(String userId) {
        return presence.status(userId)
                .map(status -> PresencePushes.body(userId, status.isOnline(), status.lastActive()))
                .orElseGet(() -> PresencePushes.body(userId, false, null));
    }

    /** Whether the user has a connection open on any gateway (also while they appear offline). */
    boolean hasConnection(String userId) {
        return presence.hasConnection(userId);
    }
}
