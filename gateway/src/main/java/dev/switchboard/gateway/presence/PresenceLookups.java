package dev.switchboard.gateway.presence;

import dev.switchboard.readmodels.presence.PresenceReadModel;
import org.springframework.stereotype.Component;

/** A user's visible status, as the presence read model has it. */
@Component
public class PresenceLookups {
    private final PresenceReadModel presence;

    public PresenceLookups(PresenceReadModel presence) {
        this.presence = presence;
    }

    /** {@code { userId, isOnline, lastActive }}; a user never seen is offline with no {@code lastActive}. */
    public PresenceView status(String userId) {
        return presence.status(userId)
                .map(status -> PresencePushes.body(userId, status.isOnline(), status.lastActive()))
                .orElseGet(() -> PresencePushes.body(userId, false, null));
    }
}
