package dev.switchboard.projector.auth;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Event;

/** For decider tests about other rules: the envelope actor a gateway would have set for an action (the one its payload names). */
public final class HonestActors {
    private HonestActors() {
    }

    public static Actor of(Event action) {
        EnvelopeActor.Claim claim = EnvelopeActor.claimOf(action);
        return switch (claim.principals()) {
            case SERVICE_ONLY -> Actor.service("test-service");
            case ANYONE -> Actor.user("test-asker", "client");
            default -> "service".equals(claim.role()) ? Actor.service(claim.userId())
                    : Actor.user(claim.userId(), claim.role() == null ? "client" : claim.role());
        };
    }
}
