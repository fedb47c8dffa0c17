package dev.switchboard.gateway.presence;

import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.input.Payloads;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/users/{userId}/presence}: the seed's {@code isUserOnline(userId)}. */
@RestController
public class PresenceController {
    private final PresenceLookups presence;

    public PresenceController(PresenceLookups presence) {
        this.presence = presence;
    }

    @GetMapping("/api/users/{userId}/presence")
    PresenceView presence(AuthenticatedUser caller, @PathVariable String userId) {
        Authorization.requireRole(Operation.USER_PRESENCE, caller);
        Payloads.requireId(userId, "userId");
        return presence.status(userId);
    }
}
