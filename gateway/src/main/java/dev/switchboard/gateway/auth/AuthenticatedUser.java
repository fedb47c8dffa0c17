package dev.switchboard.gateway.auth;

import dev.switchboard.events.Actor;

import java.time.Instant;

/**
 * Who a verified token says the caller is; {@code name} and {@code picture} are optional profile claims;
 * {@code expiresAt} is the token's {@code exp} (null: it does not expire).
 */
public record AuthenticatedUser(String userId, Role role, String name, String picture, Instant expiresAt) {

    public AuthenticatedUser(String userId, Role role, String name, String picture) {
        this(userId, role, name, picture, null);
    }

    public Actor actor() {
        return role == Role.SERVICE ? Actor.service(userId) : Actor.user(userId, role.wire());
    }
}
