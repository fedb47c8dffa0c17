package dev.switchboard.gateway.auth;

import dev.switchboard.events.Actor;

/** Who a verified token says the caller is; {@code name} and {@code picture} are optional profile claims. */
public record AuthenticatedUser(String userId, Role role, String name, String picture) {

    public Actor actor() {
        return role == Role.SERVICE ? Actor.service(userId) : Actor.user(userId, role.wire());
    }
}
